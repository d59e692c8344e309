"""money_transfer: the money transfer tutorial's MoneyTransfer workflow and banking activities."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

from interop.common import worker

TASK_QUEUE = "TRANSFER_MONEY_TASK_QUEUE"

STARTERS = [["starter"],
            {"args": ["starter", "--target", "00-000", "--reference", "interop-invalid-target",
                      "--workflow-id", "pay-invoice-701-invalid"], "expect_failure": True}]
EXPECT = ["Transfer complete (transaction IDs: W", "InvalidAccountError"]


@dataclass
class PaymentDetails:
    source_account: str
    target_account: str
    amount: int
    reference_id: str


class InvalidAccountError(Exception):
    """The tutorial's error: its class name is the failure's type, which the retry policy
    lists as non-retryable."""


class BankingService:
    """The tutorial's mock bank: known accounts, confirmation ids, no balances kept."""

    def __init__(self) -> None:
        self.accounts = {"85-150": 2000, "43-812": 0}

    def _check(self, account: str) -> None:
        if account not in self.accounts:
            raise InvalidAccountError(f"Account number {account} is invalid")

    def withdraw(self, account: str, amount: int, reference_id: str) -> str:
        self._check(account)
        return f"W{uuid.uuid4().hex[:12]}"

    def deposit(self, account: str, amount: int, reference_id: str) -> str:
        self._check(account)
        return f"D{uuid.uuid4().hex[:12]}"


class BankingActivities:
    def __init__(self) -> None:
        self.bank = BankingService()

    @activity.defn
    async def withdraw(self, data: PaymentDetails) -> str:
        return await asyncio.to_thread(self.bank.withdraw, data.source_account, data.amount,
                                       f"{data.reference_id}-withdrawal")

    @activity.defn
    async def deposit(self, data: PaymentDetails) -> str:
        return await asyncio.to_thread(self.bank.deposit, data.target_account, data.amount,
                                       f"{data.reference_id}-deposit")

    @activity.defn
    async def refund(self, data: PaymentDetails) -> str:
        return await asyncio.to_thread(self.bank.deposit, data.source_account, data.amount,
                                       f"{data.reference_id}-refund")


@workflow.defn
class MoneyTransfer:
    @workflow.run
    async def run(self, payment_details: PaymentDetails) -> str:
        retry_policy = RetryPolicy(
            maximum_attempts=3, maximum_interval=timedelta(seconds=2),
            non_retryable_error_types=["InvalidAccountError", "InsufficientFundsError"],
        )
        withdrawn = await workflow.execute_activity_method(
            BankingActivities.withdraw, payment_details,
            start_to_close_timeout=timedelta(seconds=5), retry_policy=retry_policy)
        try:
            deposited = await workflow.execute_activity_method(
                BankingActivities.deposit, payment_details,
                start_to_close_timeout=timedelta(seconds=5), retry_policy=retry_policy)
            return f"Transfer complete (transaction IDs: {withdrawn}, {deposited})"
        except ActivityError as deposit_err:
            # Compensate, then fail with the deposit's error.
            await workflow.execute_activity_method(
                BankingActivities.refund, payment_details,
                start_to_close_timeout=timedelta(seconds=5), retry_policy=retry_policy)
            raise deposit_err


def workers(client, _args):
    activities = BankingActivities()
    return [worker(client, task_queue=TASK_QUEUE, workflows=[MoneyTransfer],
                   activities=[activities.withdraw, activities.deposit, activities.refund])]
