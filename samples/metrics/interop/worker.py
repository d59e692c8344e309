"""prometheus and custom_metric: the two Python samples' workers, in one process.

`GreetingWorkflow` on `prometheus-task-queue` with the SDK's Prometheus endpoint, and
`StartTwoActivitiesWorkflow` on `custom-metric-task-queue` with one activity slot, so that the
second activity waits (the schedule-to-start latency the Python sample's interceptor records).
"""

import time
from concurrent.futures import ThreadPoolExecutor
import asyncio
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from interop.common import worker

TASK_QUEUE = "prometheus-task-queue"
CUSTOM_TASK_QUEUE = "custom-metric-task-queue"

# The client's own Prometheus endpoint on a free port rather than 9001, which may be taken.
STARTERS = [["starter", "--metrics-address", "127.0.0.1:0"],
            ["starter", "--custom", "--metrics-address", "127.0.0.1:0"]]
EXPECT = ["Result: Hello, World!", "Result: both activities done"]


@activity.defn
async def compose_greeting(name: str) -> str:
    return f"Hello, {name}!"


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(compose_greeting, name,
                                               start_to_close_timeout=timedelta(seconds=10))


@activity.defn
def print_and_sleep():
    time.sleep(1)


@workflow.defn
class StartTwoActivitiesWorkflow:
    @workflow.run
    async def run(self):
        await asyncio.gather(*(
            workflow.execute_activity(print_and_sleep, start_to_close_timeout=timedelta(seconds=5))
            for _ in range(2)))
        return None


def connect_options(args):
    return {"runtime": Runtime(telemetry=TelemetryConfig(
        metrics=PrometheusConfig(bind_address=f"127.0.0.1:{args.port}")))}


def workers(client, _args):
    return [
        worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow],
               activities=[compose_greeting]),
        worker(client, task_queue=CUSTOM_TASK_QUEUE, workflows=[StartTwoActivitiesWorkflow],
               activities=[print_and_sleep], activity_executor=ThreadPoolExecutor(1),
               max_concurrent_activities=1),
    ]
