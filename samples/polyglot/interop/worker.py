"""polyglot: the Rust starter against Python workflows. The Python sample (activity_worker) pairs
a Go workflow with a Python activity; here the Go workflow is written in Python, workflow-only,
and the activity comes from the sample's Python activity worker (a demo service)."""

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

from interop.common import worker

TASK_QUEUE = "say-hello-task-queue"

STARTERS = [["starter"], ["starter", "--task-queue", "say-hello-python-workflow-task-queue",
                          "--workflow-id", "say-hello-python-workflow-id"]]
EXPECT = ["Hello, Temporal!", "activity ran on: python-activity-worker-",
          "workflow ran on: python-workflow-worker-"]


@workflow.defn(name="say-hello-workflow")
class SayHelloWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(
            "say-hello-activity", name, result_type=str,
            schedule_to_close_timeout=timedelta(seconds=5),
            retry_policy=RetryPolicy(maximum_attempts=1))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[SayHelloWorkflow],
                   identity="python-workflow-worker-interop")]
