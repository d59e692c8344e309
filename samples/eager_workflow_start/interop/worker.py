"""eager_wf_start: a workflow that greets through a local activity, started eagerly."""

from datetime import timedelta

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "eager-wf-start-task-queue"

# This worker is another process, so the Rust starter cannot hand it the first task eagerly:
# `--no-worker` asks for an eager start, falls back to a normal one, and this worker polls it.
STARTERS = [["starter", "--no-worker"]]
EXPECT = ["Workflow eagerly started: false", "started by a poll from worker", "Hello Temporal!"]


@activity.defn()
async def greeting(name: str) -> str:
    return f"Hello {name}!"


@workflow.defn
class EagerWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_local_activity(
            greeting, name, schedule_to_close_timeout=timedelta(seconds=5)
        )


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[EagerWorkflow],
                   activities=[greeting])]
