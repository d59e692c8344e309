"""standalone_activity: the Python sample's activity and worker (hello_standalone_activity), for the
Rust starter. Nothing on the worker says "standalone": the client starts the activity directly."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from temporalio import activity

from interop.common import worker

TASK_QUEUE = "my-standalone-activity-task-queue"

STARTERS = [
    ["starter"],
    ["start", "--name", "Temporal", "--activity-id", "my-standalone-activity-id-py"],
    ["result", "--activity-id", "my-standalone-activity-id-py"],
]
EXPECT = [
    "Activity result: Hello, World!",
    "Activity result: Hello, Temporal!",
    "Activity my-standalone-activity-id-py: compose_greeting Completed, attempt 1",
]


@dataclass
class ComposeGreetingInput:
    greeting: str
    name: str


@activity.defn
def compose_greeting(input: ComposeGreetingInput) -> str:
    activity.logger.info("Running activity with parameter %s" % input)
    return f"{input.greeting}, {input.name}!"


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, activities=[compose_greeting],
                   activity_executor=ThreadPoolExecutor(5))]
