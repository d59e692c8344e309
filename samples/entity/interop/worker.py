"""The catalogue's entity pattern: CustomerRewardAccount, a long-running reward account."""

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "reward-accounts-task-queue"

# The Rust starter's tour uses only the catalogue's operations: add_points (positive, negative,
# and a non-integer the worker rejects), query_reward_status, cancel.
STARTERS = [["starter", "--user-id", "py-{port}"]]
EXPECT = ["BASIC, 0 points, active", "PLATINUM, 1100 points, active", "rejected: ",
          "GOLD, 650 points, cancelled"]


class CustomerRewardLevel(str, Enum):
    BASIC = "BASIC"
    GOLD = "GOLD"
    PLATINUM = "PLATINUM"


@dataclass
class CustomerRewardAccountInput:
    user_id: str
    starting_points: int
    starting_level: CustomerRewardLevel


@dataclass
class CustomerRewardAccountStatus:
    level: CustomerRewardLevel
    points: int
    is_active: bool


@dataclass
class AddPointInput:
    points: int


@dataclass
class UserInfo:
    id: str
    name: str


@activity.defn
async def get_user(user_id: str) -> UserInfo:
    return UserInfo(id=user_id, name=user_id.split("@")[0])


@workflow.defn
class CustomerRewardAccount:
    # The catalogue's listing never reads the carried balance and level back, so every
    # continue-as-new would reset the account. They are restored in `@workflow.init`, which runs
    # before any handler: an update that arrives with the start must see them (setting them at
    # the top of `run` would overwrite what that update did).
    @workflow.init
    def __init__(self, inp: CustomerRewardAccountInput) -> None:
        self._level = inp.starting_level
        self._points = inp.starting_points
        self._is_active = True
        self._user_id: str = inp.user_id

    @workflow.run
    async def run(self, inp: CustomerRewardAccountInput) -> CustomerRewardAccountStatus:
        user: UserInfo = await workflow.execute_activity(
            get_user, inp.user_id, start_to_close_timeout=timedelta(seconds=1)
        )
        self._user_id = user.id
        while True:
            await workflow.wait_condition(
                lambda: not self._is_active or workflow.info().is_continue_as_new_suggested()
            )
            if not self._is_active:
                await workflow.wait_condition(workflow.all_handlers_finished)
                return self._status()
            if workflow.info().is_continue_as_new_suggested():
                await workflow.wait_condition(workflow.all_handlers_finished)
                workflow.continue_as_new(
                    CustomerRewardAccountInput(self._user_id, self._points, self._level)
                )

    def _status(self) -> CustomerRewardAccountStatus:
        return CustomerRewardAccountStatus(self._level, self._points, self._is_active)

    @workflow.query
    def query_reward_status(self) -> CustomerRewardAccountStatus:
        return self._status()

    @workflow.update
    async def cancel(self) -> CustomerRewardAccountStatus:
        self._is_active = False
        return self._status()

    @workflow.update
    async def add_points(self, inp: AddPointInput) -> CustomerRewardAccountStatus:
        self._points = max(self._points + inp.points, 0)
        if 500 <= self._points < 1000:
            self._level = CustomerRewardLevel.GOLD
        elif self._points >= 1000:
            self._level = CustomerRewardLevel.PLATINUM
        else:
            self._level = CustomerRewardLevel.BASIC
        return self._status()

    @add_points.validator
    def validate_add_point(self, inp: AddPointInput) -> None:
        if not isinstance(inp.points, int):
            raise ValueError("Points must be an integer.")


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[CustomerRewardAccount],
                   activities=[get_user])]
