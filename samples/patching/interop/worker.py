"""patching: MyWorkflow in its first deployment (workflow_1_initial), as `worker --workflow initial`."""

from datetime import timedelta

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "patching-task-queue"

# The Python starter's two calls: start a workflow, then query its result.
STARTERS = [["starter", "--start-workflow", "patching-interop-{port}"],
            ["starter", "--query-workflow", "patching-interop-{port}"]]
EXPECT = ["Query result for ID patching-interop-", ": pre-patch"]


@activity.defn
async def pre_patch_activity() -> str:
    return "pre-patch"


@activity.defn
async def post_patch_activity() -> str:
    return "post-patch"


@workflow.defn
class MyWorkflow:
    @workflow.run
    async def run(self) -> None:
        self._result = await workflow.execute_activity(
            pre_patch_activity, schedule_to_close_timeout=timedelta(minutes=5)
        )

    @workflow.query
    def result(self) -> str:
        return self._result


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[MyWorkflow],
                   activities=[pre_patch_activity, post_patch_activity])]
