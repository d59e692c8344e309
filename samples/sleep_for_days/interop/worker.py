"""sleep_for_days: an email every 30 days until a signal completes the workflow."""

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "sleep-for-days-task-queue"

# No input, as the Python starter sends; the Rust starter signals `complete` after one email.
STARTERS = [["starter"]]
EXPECT = ["1 email(s) sent; sending the complete signal", "Result: done!"]


@dataclass
class SendEmailInput:
    email_msg: str


@activity.defn()
async def send_email(input: SendEmailInput) -> str:
    return f"Email message: {input.email_msg}, sent"


@workflow.defn()
class SleepForDaysWorkflow:
    def __init__(self) -> None:
        self.is_complete = False

    @workflow.run
    async def run(self) -> str:
        while not self.is_complete:
            await workflow.execute_activity(send_email,
                                            SendEmailInput("30 days until the next email"),
                                            start_to_close_timeout=timedelta(seconds=10))
            await workflow.wait(
                [asyncio.create_task(workflow.sleep(timedelta(days=30))),
                 asyncio.create_task(workflow.wait_condition(lambda: self.is_complete))],
                return_when=asyncio.FIRST_COMPLETED,
            )
        return "done!"

    @workflow.signal
    def complete(self):
        self.is_complete = True


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[SleepForDaysWorkflow],
                   activities=[send_email])]
