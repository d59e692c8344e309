"""context_propagation: SayHelloWorkflow, with a user id carried in the __my_user_id header."""

from datetime import timedelta
from temporalio import activity, workflow

from interop.common import worker

with workflow.unsafe.imports_passed_through():
    from samples.context_propagation.interop.propagation import ContextPropagationInterceptor, user_id

TASK_QUEUE = "context-propagation-task-queue"

STARTERS = [["starter", "--workflow-id", "context-propagation-workflow-id-{port}"]]
EXPECT = [
    "Workflow result: Hello, Temporal",
    "The workflow saw: started by some-user, signalled by some-user",
]

@activity.defn
async def say_hello_activity(name: str) -> str:
    activity.logger.info(f"Activity called by user {user_id.get()}")
    return f"Hello, {name}"


@workflow.defn
class SayHelloWorkflow:
    def __init__(self) -> None:
        self._complete = False
        self._seen = {"run": None, "signal": None}

    @workflow.run
    async def run(self, name: str) -> str:
        workflow.logger.info(f"Workflow called by user {user_id.get()}")
        self._seen["run"] = user_id.get()
        await workflow.wait_condition(lambda: self._complete)
        return await workflow.execute_activity(
            say_hello_activity, name, start_to_close_timeout=timedelta(minutes=5)
        )

    @workflow.signal
    async def signal_complete(self) -> None:
        workflow.logger.info(f"Signal called by user {user_id.get()}")
        self._seen["signal"] = user_id.get()
        self._complete = True

    # This repository's addition, as in the Rust workflow.
    @workflow.query
    def seen_user_ids(self) -> dict:
        return dict(self._seen)


def connect_options(_args):
    return {"interceptors": [ContextPropagationInterceptor()]}


def workers(client, _args):
    # The client's interceptor is also a worker interceptor: Worker picks it up from the client.
    return [worker(client, task_queue=TASK_QUEUE, workflows=[SayHelloWorkflow],
                   activities=[say_hello_activity])]
