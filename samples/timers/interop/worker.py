"""The catalogue's concurrent timers pattern: MaintenanceWorkflow with three recurring timers.

The catalogue's intervals are months; this worker uses seconds (OIL_CHANGE, INSPECTION, COOLANT
below) so the check runs in seconds. The names, the input (a bare email), the activity's two
positional arguments and its messages are the catalogue's.
"""

import asyncio
from datetime import timedelta

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "timers-task-queue"

OIL_CHANGE = timedelta(seconds=1)
INSPECTION = timedelta(seconds=1.5)
COOLANT = timedelta(seconds=2.5)

# The Rust starter with no interval flags sends the bare email; it prints the first notifications
# (read from history) and leaves the workflow running, as the catalogue's never ends.
STARTERS = [["starter", "--user-email", "py-{port}@example.com", "--watch", "4",
             "--workflow-id", "maintenance-py-{port}"]]
EXPECT = ["Your car needs an oil change", "Your car needs an annual inspection"]


@activity.defn
async def send_notification(user_email: str, message: str) -> None:
    activity.logger.info(f"[Notify] {user_email}: {message}")


@workflow.defn
class MaintenanceWorkflow:
    @workflow.run
    async def run(self, user_email: str) -> None:
        oil_change_timer = asyncio.create_task(asyncio.sleep(OIL_CHANGE.total_seconds()))
        inspection_timer = asyncio.create_task(asyncio.sleep(INSPECTION.total_seconds()))
        coolant_timer = asyncio.create_task(asyncio.sleep(COOLANT.total_seconds()))
        while True:
            done, _ = await workflow.wait(
                {oil_change_timer, inspection_timer, coolant_timer},
                return_when=asyncio.FIRST_COMPLETED,
            )
            if oil_change_timer in done:
                await workflow.execute_activity(
                    send_notification, args=[user_email, "Your car needs an oil change"],
                    start_to_close_timeout=timedelta(seconds=30),
                )
                oil_change_timer = asyncio.create_task(asyncio.sleep(OIL_CHANGE.total_seconds()))
            if inspection_timer in done:
                await workflow.execute_activity(
                    send_notification, args=[user_email, "Your car needs an annual inspection"],
                    start_to_close_timeout=timedelta(seconds=30),
                )
                inspection_timer = asyncio.create_task(asyncio.sleep(INSPECTION.total_seconds()))
            if coolant_timer in done:
                await workflow.execute_activity(
                    send_notification,
                    args=[user_email, "Your car needs a coolant system service"],
                    start_to_close_timeout=timedelta(seconds=30),
                )
                coolant_timer = asyncio.create_task(asyncio.sleep(COOLANT.total_seconds()))


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[MaintenanceWorkflow],
                   activities=[send_notification])]
