"""Drive the Rust samples' workers from the Python SDK, the way the Python samples' starters do.

Every sample keeps the Python samples' names (workflow and activity types, task queues, JSON
field names) so that a Python client can start a workflow a Rust worker runs. This script is the
proof: for one sample, it connects with the Python SDK and starts that sample's workflows with
the inputs the Python samples send (bare values where Python sends bare values, dataclasses
serialised as Python serialises them, naive datetimes, no argument at all), then checks the
results.

`cargo xtask interop` runs it for every sample listed here, each against the sample's worker
started as in the demo. By hand:

    python3 -m pip install temporalio cryptography
    cargo run -p local_activity worker            # in one terminal
    TEMPORAL_ADDRESS=localhost:7233 python3 interop/python_client.py local_activity
"""

import argparse
import asyncio
import base64
import json
import os
import sys
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Awaitable, Callable, Dict, List

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleIntervalSpec,
    ScheduleSpec,
    ScheduleState,
    TLSConfig,
    WorkflowFailureError,
)
from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError, CancelledError

Case = Callable[[argparse.Namespace], Awaitable[None]]
CASES: Dict[str, Case] = {}


def case(sample: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        CASES[sample] = fn
        return fn

    return register


class Mismatch(Exception):
    pass


def check(condition: bool, what: str, got: object) -> None:
    if not condition:
        raise Mismatch(f"{what}; got {got!r}")
    print(f"  ok: {what}")


def unique(prefix: str) -> str:
    return f"{prefix}-py-{uuid.uuid4().hex[:8]}"


async def connect(**kwargs) -> Client:
    return await Client.connect(os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"), **kwargs)


async def failure_of(coro: Awaitable[object]) -> WorkflowFailureError:
    try:
        result = await coro
    except WorkflowFailureError as err:
        return err
    raise Mismatch(f"the workflow should have failed; it returned {result!r}")


@case("hello_activity")
async def hello_activity(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.hello_activity import GreetingWorkflow
    client = await connect()
    # A bare string, as Python's execute_workflow(GreetingWorkflow.run, "World", ...) sends it.
    workflow_id = unique("hello-activity")
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=workflow_id, task_queue="hello-activity-task-queue",
    )
    check(result == "Hello, World!", "the greeting", result)
    # The activity's input, as the Python sample's ComposeGreetingInput dataclass serialises it.
    events = [e async for e in client.get_workflow_handle(workflow_id).fetch_history_events()]
    scheduled = [e.activity_task_scheduled_event_attributes for e in events
                 if e.HasField("activity_task_scheduled_event_attributes")]
    check([s.activity_type.name for s in scheduled] == ["compose_greeting"],
          "one compose_greeting activity", [s.activity_type.name for s in scheduled])
    sent = json.loads(scheduled[0].input.payloads[0].data)
    check(sent == {"greeting": "Hello", "name": "World"},
          "its input is ComposeGreetingInput's JSON", sent)


@case("money_transfer")
async def money_transfer(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.money_transfer import MoneyTransfer
    client = await connect()
    # Python's PaymentDetails dataclass, as the default converter serialises it.
    details = {
        "source_account": "85-150",
        "target_account": "43-812",
        "amount": 250,
        "reference_id": uuid.uuid4().hex,
    }
    result = await client.execute_workflow(
        MoneyTransfer.run, details, id=unique("pay-invoice"), task_queue="TRANSFER_MONEY_TASK_QUEUE"
    )
    check(result.startswith("Transfer complete (transaction IDs: "), "the transfer completes", result)

    details = dict(details, target_account="00-000", reference_id=uuid.uuid4().hex)
    err = await failure_of(
        client.execute_workflow(
            MoneyTransfer.run, details, id=unique("pay-invoice"), task_queue="TRANSFER_MONEY_TASK_QUEUE"
        )
    )
    app = err.cause.cause if isinstance(err.cause, ActivityError) else err.cause
    check(
        isinstance(app, ApplicationError) and app.type == "InvalidAccountError",
        "an unknown account fails with a typed InvalidAccountError Python can match",
        repr(err.cause),
    )


@case("activity_choice")
async def activity_choice(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.activity_choice import PurchaseFruitsWorkflow
    client = await connect()
    # Python's ShoppingList of (Fruit IntEnum, amount): the enum travels as an integer.
    shopping = {"items": [{"fruit": 1, "amount": 8}, {"fruit": 2, "amount": 5},
                          {"fruit": 3, "amount": 1}, {"fruit": 4, "amount": 4}]}
    result = await client.execute_workflow(
        PurchaseFruitsWorkflow.run, shopping,
        id=unique("hello-activity-choice"), task_queue="hello-activity-choice-task-queue",
    )
    for line in ["Ordered 8 Apples", "Ordered 5 Bananas", "Ordered 1 Cherries", "Ordered 4 Oranges"]:
        check(line in result, f"the result says {line!r}", result)


@case("parallel_activity")
async def parallel_activity(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.parallel_activity import SayHelloWorkflow
    client = await connect()
    # No argument at all, as Python's SayHelloWorkflow.run takes none.
    result = await client.execute_workflow(
        SayHelloWorkflow.run, id=unique("hello-parallel-activity"),
        task_queue="hello-parallel-activity-task-queue",
    )
    check(result == [f"Hello, user{i}!" for i in range(1, 6)], "five sorted greetings", result)


@case("cancellation")
async def cancellation(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.cancellation import CancellationWorkflow
    client = await connect()
    handle = await client.start_workflow(
        CancellationWorkflow.run, id=unique("hello-cancellation"),
        task_queue="hello-cancellation-task-queue",
    )
    await asyncio.sleep(2)
    await handle.cancel()
    err = await failure_of(handle.result())
    check(isinstance(err.cause, CancelledError), "the workflow ends cancelled", repr(err.cause))
    described = await handle.describe()
    check(described.status is not None and described.status.name == "CANCELED",
          "its status is CANCELED", described.status)


@workflow.defn(name="LoopingWorkflow")
class LoopingWorkflow:
    """The Python sample's workflow signature, so the client applies its type hints."""

    @workflow.run
    async def run(self, iteration: int) -> None: ...


@case("continue_as_new")
async def continue_as_new(_: argparse.Namespace) -> None:
    client = await connect()
    # A bare iteration number, as Python's LoopingWorkflow.run(iteration) takes; starting at 7
    # leaves three one-second iterations to run.
    workflow_id = unique("hello-continue-as-new")
    result = await client.execute_workflow(
        LoopingWorkflow.run, 7, id=workflow_id, task_queue="hello-continue-as-new-task-queue",
    )
    check(result is None, "the last run returns None, as Python's does", result)
    runs = [e async for e in client.list_workflows(f"WorkflowId = '{workflow_id}'")]
    check(len(runs) == 4, "one run per iteration 7..10 (continued as new)", len(runs))


@case("entity")
async def entity(_: argparse.Namespace) -> None:
    # The catalogue's definitions (the Python worker's module), so every call and result goes
    # through Python's type hints: a result the dataclasses do not fit fails here.
    from python_workers.entity import (
        AddPointInput, CustomerRewardAccount, CustomerRewardAccountInput,
        CustomerRewardAccountStatus, CustomerRewardLevel, TASK_QUEUE,
    )
    from temporalio.client import WorkflowUpdateFailedError

    client = await connect()
    user_id = unique("user")
    handle = await client.start_workflow(
        CustomerRewardAccount.run,
        CustomerRewardAccountInput(user_id, 0, CustomerRewardLevel.BASIC),
        id=f"reward-account-{user_id}", task_queue=TASK_QUEUE,
    )
    status = await handle.execute_update(CustomerRewardAccount.add_points, AddPointInput(600))
    check(status == CustomerRewardAccountStatus(CustomerRewardLevel.GOLD, 600, True),
          "add_points answers a typed status: GOLD at 600", status)
    status = await handle.execute_update(CustomerRewardAccount.add_points, AddPointInput(-700))
    check(status.points == 0 and status.level is CustomerRewardLevel.BASIC,
          "taking away more than the balance stops at 0, BASIC", status)
    try:
        await handle.execute_update("add_points", {"points": "lots"})
        raise Mismatch("a non-integer number of points was accepted")
    except WorkflowUpdateFailedError as err:
        check(True, "a non-integer number of points is rejected", repr(err.cause))
    status = await handle.query(CustomerRewardAccount.query_reward_status)
    check(status == CustomerRewardAccountStatus(CustomerRewardLevel.BASIC, 0, True),
          "query_reward_status is unchanged by the rejected update", status)
    await handle.execute_update(CustomerRewardAccount.add_points, AddPointInput(1200))
    status = await handle.execute_update(CustomerRewardAccount.cancel)
    check(not status.is_active, "cancel answers an inactive status", status)
    result = await handle.result()
    check(result == CustomerRewardAccountStatus(CustomerRewardLevel.PLATINUM, 1200, False),
          "the workflow returns the final status, typed", result)


@workflow.defn(name="MaintenanceWorkflow")
class MaintenanceWorkflow:
    """The catalogue's workflow signature, so the client applies its type hints."""

    @workflow.run
    async def run(self, user_email: str) -> None: ...


@case("timers")
async def timers(_: argparse.Namespace) -> None:
    client = await connect()
    # The catalogue's input, a bare email: the Rust worker arms the catalogue's three intervals.
    handle = await client.start_workflow(
        MaintenanceWorkflow.run, "owner@example.com", id=unique("maintenance"),
        task_queue="timers-task-queue",
    )
    for _ in range(100):
        events = [e async for e in handle.fetch_history_events()]
        timers = [e.timer_started_event_attributes.start_to_fire_timeout.ToTimedelta()
                  for e in events if e.HasField("timer_started_event_attributes")]
        if len(timers) == 3:
            break
        await asyncio.sleep(0.2)
    days = sorted(round(t.total_seconds() / 86400) for t in timers)
    check(days == [90, 365, 730], "three timers: 3 months, a year, 24 months (in days)", days)
    # The catalogue's workflow never ends; the Rust one adds a `stop` signal.
    await handle.signal("stop")
    result = await handle.result()
    check(result is None, "it returns None, as the catalogue's run does", result)


@case("child_workflow")
async def child_workflow(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.child_workflow import GreetingWorkflow
    client = await connect()
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("hello-child-workflow"),
        task_queue="hello-child-workflow-task-queue",
    )
    check(result == "Hello, World!", "the child composes the greeting", result)


@case("exceptions")
async def exceptions(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.exceptions import GreetingWorkflow
    client = await connect()
    err = await failure_of(
        client.execute_workflow(
            GreetingWorkflow.run, "World", id=unique("hello-exception"),
            task_queue="hello-exception-task-queue",
        )
    )
    activity = err.cause
    check(isinstance(activity, ActivityError), "the workflow failed because of an activity",
          repr(activity))
    app = activity.cause
    check(isinstance(app, ApplicationError) and app.type == "RuntimeError",
          "the root cause is a RuntimeError application failure, as the Python sample's",
          repr(app))
    check("Greeting exception" in str(app), "with the activity's message", str(app))


@case("local_activity")
async def local_activity(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.local_activity import GreetingWorkflow
    client = await connect()
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("hello-local-activity"),
        task_queue="hello-local-activity-task-queue",
    )
    check(result == "Hello, World!", "the greeting", result)


@case("data_converter")
async def data_converter(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.data_converter import MyWorkflow
    client = await connect()
    # What Python's pydantic sample sends: IPs as strings, *naive* datetimes.
    models = [
        {"some_ip": "127.0.0.1", "some_date": "2000-01-02T03:04:05"},
        {"some_ip": "127.0.0.2", "some_date": "2001-02-03T04:05:06"},
    ]
    result = await client.execute_workflow(
        MyWorkflow.run, models, id=unique("pydantic_converter"),
        task_queue="pydantic_converter-task-queue",
    )
    for sent, got in zip(models, result):
        check(str(got.some_ip) == sent["some_ip"] and got.some_date.tzinfo is None
              and got.some_date.isoformat() == sent["some_date"],
              f"{sent['some_ip']} comes back as a MyPydanticModel, unchanged, its date still naive",
              got)
    err = await failure_of(
        client.execute_workflow(
            MyWorkflow.run, [{"some_ip": "300.1.1.1", "some_date": "2000-01-02T03:04:05"}],
            id=unique("pydantic_converter"), task_queue="pydantic_converter-task-queue",
        )
    )
    check(isinstance(err.cause, ApplicationError) and err.cause.type == "ValidationError"
          and "some_ip" in str(err.cause), "an invalid IP is a ValidationError naming the field",
          repr(err.cause))


@case("encryption")
async def encryption(args: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.encryption import GreetingWorkflow
    from temporalio.converter import DataConverter

    from python_workers._codec import EncryptionCodec, load_ring

    key_id, ring = load_ring(Path(args.scratch) / "keys.json")
    client = await connect(data_converter=DataConverter(payload_codec=EncryptionCodec(key_id, ring)))
    workflow_id = unique("encryption-workflow")
    result = await client.execute_workflow(
        GreetingWorkflow.run, "Temporal", id=workflow_id, task_queue="encryption-task-queue",
    )
    check(result == "Hello, Temporal", "the Rust worker decrypted Python's input and encrypted "
          "its result for Python", result)
    plain_client = await connect()
    history = await plain_client.get_workflow_handle(workflow_id).fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    check(started.input.payloads[0].metadata["encoding"] == b"binary/encrypted",
          "the server only ever saw ciphertext", started.input.payloads[0].metadata)


@case("mtls")
async def mtls(args: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.mtls import GreetingWorkflow
    certs = Path(args.scratch) / "certs"
    client = await Client.connect(
        f"127.0.0.1:{args.port}",
        tls=TLSConfig(
            server_root_ca_cert=(certs / "ca.crt").read_bytes(),
            client_cert=(certs / "client.crt").read_bytes(),
            client_private_key=(certs / "client.key").read_bytes(),
            domain="temporal.local",
        ),
    )
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("hello-mtls"), task_queue="hello-mtls-task-queue",
    )
    check(result == "Hello, World!", "a Python client through the mTLS front", result)


@case("polling")
async def polling(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.polling import FrequentGreetingWorkflow
    client = await connect()
    # A bare name, as Python's samples send. The infrequent variant is left out: with a bare
    # name it polls every 60 s like Python's, which would make this check take minutes.
    for task_queue in ["frequent-activity-retry-task-queue", "periodic-retry-task-queue"]:
        result = await client.execute_workflow(
            FrequentGreetingWorkflow.run, "World", id=unique(task_queue), task_queue=task_queue,
            execution_timeout=timedelta(minutes=2),
        )
        check(result == "Hello, World!", f"{task_queue} polls until the service answers", result)


@case("schedules")
async def schedules(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.schedules import YourSchedulesWorkflow
    client = await connect()
    result = await client.execute_workflow(
        YourSchedulesWorkflow.run, "World", id=unique("schedules-workflow"),
        task_queue="schedules-task-queue",
    )
    check(result == "Hello, World!", "the scheduled workflow runs on the Rust worker", result)
    # A schedule created from Python, as Python's sample creates it, triggered now.
    schedule_id = unique("workflow-schedule-id")
    handle = await client.create_schedule(
        schedule_id,
        Schedule(
            action=ScheduleActionStartWorkflow(
                "YourSchedulesWorkflow", "my schedule arg", id=unique("schedules-workflow"),
                task_queue="schedules-task-queue",
            ),
            spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(hours=1))]),
            state=ScheduleState(paused=True, note="created from Python"),
        ),
    )
    try:
        await handle.trigger()
        for _ in range(100):
            actions = (await handle.describe()).info.recent_actions
            if actions:
                break
            await asyncio.sleep(0.1)
        else:
            raise Mismatch("the triggered schedule started nothing within 10 s")
        run = actions[0].action
        result = await client.get_workflow_handle(run.workflow_id, run_id=run.first_execution_run_id).result()
        check(result == "Hello, my schedule arg!", "a Python-created schedule's run", result)
    finally:
        await handle.delete()


@case("data_pipeline")
async def data_pipeline(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.data_pipeline import (
        HackerNewsWorkflow, TemporalCommunityPost, TemporalCommunityWorkflow,
    )
    client = await connect()
    # No argument, as in the tutorial.
    result = await client.execute_workflow(
        TemporalCommunityWorkflow.run, id=unique("temporal-community-workflow"),
        task_queue="temporal-community-task-queue",
    )
    check(isinstance(result, list) and len(result) == 10
          and all(isinstance(p, TemporalCommunityPost) for p in result),
          "the tutorial's result: a list of 10 TemporalCommunityPost (title, url, views)", result)
    views = [p.views for p in result]
    check(views == sorted(views, reverse=True), "most viewed first", views)
    # The tutorial's first version: HackerNewsWorkflow, typed as its `run(self) -> list`.
    stories = await client.execute_workflow(
        HackerNewsWorkflow.run, id=unique("hackernews-workflow"), task_queue="hackernews-task-queue",
        result_type=List[List[str]],
    )
    check(len(stories) == 10 and all(len(s) == 3 and all(isinstance(c, str) for c in s)
                                     for s in stories),
          "HackerNewsWorkflow returns ten [title, by, url] rows", stories)


@case("metrics")
async def metrics(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.metrics import GreetingWorkflow, StartTwoActivitiesWorkflow
    client = await connect()
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("prometheus-workflow"),
        task_queue="prometheus-task-queue",
    )
    check(result == "Hello, World!", "the greeting", result)
    result = await client.execute_workflow(
        StartTwoActivitiesWorkflow.run, id=unique("custom-metric-workflow"),
        task_queue="custom-metric-task-queue",
    )
    check(result is None, "the two-activity workflow, which takes and returns nothing", result)


@case("message_passing")
async def message_passing(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.message_passing import GreetingWorkflow
    # The Python sample's starter, with its type hints: queries, updates and a signal.
    from dataclasses import dataclass
    from enum import IntEnum
    from typing import List

    from temporalio.client import WorkflowUpdateFailedError, WorkflowUpdateStage

    class Language(IntEnum):
        ARABIC = 1
        CHINESE = 2
        ENGLISH = 3
        FRENCH = 4
        HINDI = 5
        PORTUGUESE = 6
        SPANISH = 7

    @dataclass
    class GetLanguagesInput:
        include_unsupported: bool

    @dataclass
    class SetLanguageInput:
        language: Language

    @dataclass
    class ApproveInput:
        name: str

    client = await connect()
    handle = await client.start_workflow(
        GreetingWorkflow.run, id=unique("greeting-workflow"),
        task_queue="message-passing-introduction-task-queue", result_type=str,
    )
    supported = await handle.query(
        "get_languages", GetLanguagesInput(include_unsupported=False), result_type=List[Language],
    )
    check(supported == [Language.CHINESE, Language.ENGLISH], "query get_languages", supported)
    previous = await handle.execute_update(
        "set_language", SetLanguageInput(language=Language.CHINESE), result_type=Language,
    )
    check(previous == Language.ENGLISH, "update set_language returns the previous language",
          previous)
    current = await handle.query("get_language", result_type=Language)
    check(current == Language.CHINESE, "query get_language", current)
    update = await handle.start_update(
        "set_language_using_activity", SetLanguageInput(language=Language.ARABIC),
        wait_for_stage=WorkflowUpdateStage.ACCEPTED, result_type=Language,
    )
    previous = await update.result()
    check(previous == Language.CHINESE, "update set_language_using_activity", previous)
    try:
        await handle.execute_update(
            "set_language", SetLanguageInput(language=Language.FRENCH), result_type=Language,
        )
        raise Mismatch("the validator should have rejected FRENCH")
    except WorkflowUpdateFailedError as err:
        check("FRENCH is not supported" in str(err.cause), "the validator rejects FRENCH",
              str(err.cause))
    await handle.signal("approve", ApproveInput(name=""))
    result = await handle.result()
    check(result == "مرحبا بالعالم", "the greeting in Arabic", result)


@case("updatable_timer")
async def updatable_timer(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.updatable_timer import Workflow
    # The Python sample's starter and wake_up_time_updater: a float timestamp in, None out.
    from datetime import datetime

    client = await connect()
    day = (datetime.now() + timedelta(days=1)).timestamp()
    handle = await client.start_workflow(
        Workflow.run, day, id=unique("updatable-timer-workflow"), task_queue="updatable-timer",
    )
    wake_up = await handle.query("get_wake_up_time", result_type=float)
    check(abs(wake_up - day) < 1e-6, "get_wake_up_time answers the float the starter sent", wake_up)
    soon = (datetime.now() + timedelta(seconds=2)).timestamp()
    await handle.signal("update_wake_up_time", soon)
    result = await handle.result()
    check(result is None, "it wakes up early and returns None, as Python's run does", result)


@case("sleep_for_days")
async def sleep_for_days(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.sleep_for_days import SleepForDaysWorkflow
    # The Python starter: no argument at all (30 days); then the `complete` signal ends it.
    client = await connect()
    handle = await client.start_workflow(
        SleepForDaysWorkflow.run, id=unique("sleep-for-days-workflow-id"),
        task_queue="sleep-for-days-task-queue", result_type=str,
    )
    await asyncio.sleep(1)
    await handle.signal("complete")
    result = await handle.result()
    check(result == "done!", "the complete signal cuts the 30-day sleep short", result)


@case("update_with_start")
async def update_with_start(_: argparse.Namespace) -> None:
    # The Python starter's request handler: update-with-start, USE_EXISTING, typed as Python's.
    from dataclasses import dataclass
    from typing import List, Tuple

    from temporalio import common
    from temporalio.client import WithStartWorkflowOperation, WorkflowUpdateFailedError

    @dataclass
    class ShoppingCartItem:
        sku: str
        quantity: int

    @dataclass
    class FinalizedOrder:
        id: str
        items: List[Tuple[ShoppingCartItem, int]]
        total: int

    client = await connect()
    cart_id = f"cart-{unique('session')}"

    async def add(sku: str):
        start_op = WithStartWorkflowOperation(
            "ShoppingCartWorkflow", id=cart_id, result_type=FinalizedOrder,
            id_conflict_policy=common.WorkflowIDConflictPolicy.USE_EXISTING,
            task_queue="update-with-start-lazy-initialization",
        )
        try:
            price = await client.execute_update_with_start_workflow(
                "add_item", ShoppingCartItem(sku=sku, quantity=1),
                start_workflow_operation=start_op, result_type=int,
            )
        except WorkflowUpdateFailedError as err:
            # The Python starter matches `err.cause.type == "ItemUnavailableError"`. The Rust
            # SDK 1.1 drops an update failure's type name (see the sample's README), so only
            # the message can be checked here.
            check("Item unavailable" in str(err.cause), "an unavailable item fails the update",
                  str(err.cause))
            price = None
        return price, await start_op.workflow_handle()

    subtotal_1, _ = await add("sku-123")
    subtotal_2, handle = await add("sku-456")
    check([subtotal_1, subtotal_2] == [599, None], "subtotals [599, None]",
          [subtotal_1, subtotal_2])
    await handle.signal("checkout")
    order = await handle.result()
    check(order.total == 599 and order.items[0][0].sku == "sku-123",
          "the finalized order, typed as FinalizedOrder", order)


@case("waiting_for_handlers")
async def waiting_for_handlers(_: argparse.Namespace) -> None:
    # Both Python samples' starters (waiting_for_handlers and …_and_compensation), typed as they
    # are: WorkflowInput(exit_type: IntEnum) in, WorkflowResult(data) out.
    from dataclasses import dataclass
    from enum import IntEnum

    from temporalio import common
    from temporalio.client import WorkflowUpdateFailedError, WorkflowUpdateStage

    class WorkflowExitType(IntEnum):
        SUCCESS = 0
        FAILURE = 1
        CANCELLATION = 2

    @dataclass
    class WorkflowInput:
        exit_type: WorkflowExitType

    @dataclass
    class WorkflowResult:
        data: str

    client = await connect()
    for workflow, compensates in [
        ("WaitingForHandlersWorkflow", False),
        ("WaitingForHandlersAndCompensationWorkflow", True),
    ]:
        for exit_type in WorkflowExitType:
            handle = await client.start_workflow(
                workflow, WorkflowInput(exit_type=exit_type), id=unique("my-workflow-id"),
                task_queue="my-task-queue", result_type=WorkflowResult,
                id_conflict_policy=common.WorkflowIDConflictPolicy.TERMINATE_EXISTING,
            )
            update = await handle.start_update(
                "my_update", wait_for_stage=WorkflowUpdateStage.ACCEPTED, result_type=str,
            )
            if exit_type == WorkflowExitType.CANCELLATION:
                await handle.cancel()
            what = f"{workflow} {exit_type.name}"
            if compensates and exit_type != WorkflowExitType.SUCCESS:
                try:
                    await update.result()
                    raise Mismatch(f"{what}: the update should have failed")
                except WorkflowUpdateFailedError as err:
                    check("workflow run exited" in str(err.cause),
                          f"{what}: the update fails because the workflow exited", str(err.cause))
                check(await handle.query("update_compensation_done", result_type=bool),
                      f"{what}: the update compensated", False)
            else:
                check(await update.result() == "update-result",
                      f"{what}: the update caller gets its result", None)
            if exit_type == WorkflowExitType.SUCCESS:
                result = await handle.result()
                check(result == WorkflowResult(data="workflow-result"),
                      f"{what}: the workflow result, typed", result)
            else:
                await failure_of(handle.result())
                print(f"  ok: {what}: the workflow caller gets the failure")


@case("patching")
async def patching(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.patching import MyWorkflow
    # The Python starter's --start-workflow and --query-workflow, against the patched stage.
    client = await connect()
    handle = await client.start_workflow(
        MyWorkflow.run, id=unique("patched-workflow-id"), task_queue="patching-task-queue",
    )
    result = await handle.result()
    check(result is None, "MyWorkflow returns None, as in Python", result)
    answer = await handle.query("result", result_type=str)
    check(answer == "post-patch", "a new execution takes the patched path", answer)


@case("safe_message_handlers")
async def safe_message_handlers(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.safe_message_handlers import ClusterManagerWorkflow
    # The Python starter's cluster lifecycle, with the sample's dataclasses as type hints.
    import dataclasses
    from dataclasses import dataclass
    from typing import Dict, Optional, Set

    from temporalio import common

    @dataclass
    class ClusterManagerState:
        cluster_started: bool = False
        cluster_shutdown: bool = False
        nodes: Dict[str, Optional[str]] = dataclasses.field(default_factory=dict)
        jobs_assigned: Set[str] = dataclasses.field(default_factory=set)

    @dataclass
    class ClusterManagerInput:
        state: Optional[ClusterManagerState] = None
        test_continue_as_new: bool = False

    @dataclass
    class ClusterManagerResult:
        num_currently_assigned_nodes: int
        num_bad_nodes: int

    @dataclass
    class ClusterManagerAssignNodesToJobInput:
        total_num_nodes: int
        job_name: str

    @dataclass
    class ClusterManagerDeleteJobInput:
        job_name: str

    @dataclass
    class ClusterManagerAssignNodesToJobResult:
        nodes_assigned: Set[str]

    client = await connect()
    handle = await client.start_workflow(
        ClusterManagerWorkflow.run, ClusterManagerInput(test_continue_as_new=False),
        id=unique("ClusterManagerWorkflow"), task_queue="safe-message-handlers-task-queue",
        id_conflict_policy=common.WorkflowIDConflictPolicy.TERMINATE_EXISTING,
        result_type=ClusterManagerResult,
    )
    status = await handle.execute_update(
        "wait_until_cluster_started", result_type=ClusterManagerState,
    )
    check(len(status.nodes) == 25, "the cluster starts with 25 nodes", len(status.nodes))
    assigned = await asyncio.gather(*[
        handle.execute_update(
            "assign_nodes_to_job",
            ClusterManagerAssignNodesToJobInput(total_num_nodes=2, job_name=f"task-{i}"),
            result_type=ClusterManagerAssignNodesToJobResult,
        )
        for i in range(6)
    ])
    nodes = set().union(*[a.nodes_assigned for a in assigned])
    check(len(nodes) == 12, "six concurrent assignments share no node", nodes)
    await asyncio.gather(*[
        handle.execute_update(
            "delete_job", ClusterManagerDeleteJobInput(job_name=f"task-{i}"),
        )
        for i in range(6)
    ])
    await handle.signal("shutdown_cluster")
    result = await handle.result()
    check(result.num_currently_assigned_nodes == 0, "no node assigned at shutdown", result)


@case("worker_versioning")
async def worker_versioning(_: argparse.Namespace) -> None:
    # The Python sample's app.py steps against the demo's 1.0 worker: make the version current
    # (as wait_for_worker_and_make_current does), start both workflow types, drive and conclude
    # them. One difference, forced by the Rust SDK 1.1 (see the sample's README): `Pinned` runs on
    # its own task queue, `worker-versioning-pinned`.
    import temporalio.api.workflowservice.v1 as wsv1

    client = await connect()
    deployment = "demo-deployment"
    for _ in range(120):
        try:
            await client.workflow_service.set_worker_deployment_current_version(
                wsv1.SetWorkerDeploymentCurrentVersionRequest(
                    namespace=client.namespace, deployment_name=deployment, build_id="1.0",
                )
            )
            break
        except Exception:
            await asyncio.sleep(0.5)
    else:
        raise Mismatch("the demo's 1.0 worker never appeared in its deployment")
    for _ in range(100):
        info = (await client.workflow_service.describe_worker_deployment(
            wsv1.DescribeWorkerDeploymentRequest(
                namespace=client.namespace, deployment_name=deployment,
            )
        )).worker_deployment_info
        if info.routing_config_update_state != 1:  # not IN_PROGRESS
            break
        await asyncio.sleep(0.1)
    auto = await client.start_workflow(
        "AutoUpgrading", id=unique("worker-versioning-versioning-autoupgrade"),
        task_queue="worker-versioning",
    )
    pinned = await client.start_workflow(
        "Pinned", id=unique("worker-versioning-versioning-pinned"),
        task_queue="worker-versioning-pinned",
    )
    for _ in range(3):
        await auto.signal("do_next_signal", "do-activity")
        await pinned.signal("do_next_signal", "some-signal")
    # VersioningBehavior: 1 = PINNED, 2 = AUTO_UPGRADE.
    for handle, behavior in [(auto, 2), (pinned, 1)]:
        await handle.signal("do_next_signal", "conclude")
        result = await handle.result()
        check(result is None, f"{handle.id}: returns None, as in Python", result)
        described = await handle.describe()
        info = described.raw_description.workflow_execution_info.versioning_info
        check(info.deployment_version.build_id == "1.0" and info.behavior == behavior,
              f"{handle.id}: ran on 1.0 with versioning behavior {behavior}", info)


@case("async_activity_completion")
async def async_activity_completion(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.async_activity_completion import GreetingWorkflow
    # The Python sample's client call; the worker completes its activity asynchronously.
    client = await connect()
    result = await client.execute_workflow(
        GreetingWorkflow.run, "World", id=unique("hello-async-activity-completion"),
        task_queue="hello-async-activity-completion-task-queue", result_type=str,
    )
    check(result == "Hello, World!", "the asynchronously completed greeting", result)


@case("cron")
async def cron(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.cron import GreetingWorkflow
    # The Python starter's start_workflow(..., cron_schedule=...), with a 1-second schedule
    # instead of its one-minute one so the check does not wait for minute boundaries.
    client = await connect()
    workflow_id = unique("hello-cron-workflow")
    handle = await client.start_workflow(
        GreetingWorkflow.run, "World", id=workflow_id, task_queue="hello-cron-task-queue",
        cron_schedule="@every 1s",
    )
    completed = 0
    for _ in range(150):
        completed = len([
            r async for r in client.list_workflows(f"WorkflowId = '{workflow_id}'")
            if r.status is not None and r.status.name == "COMPLETED"
        ])
        if completed >= 2:
            break
        await asyncio.sleep(0.2)
    await handle.terminate("interop check done")
    check(completed >= 2, "the cron schedule starts a new run per tick", completed)


@case("search_attributes")
async def search_attributes(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.search_attributes import GreetingWorkflow
    # The Python sample's start with `search_attributes={"CustomKeywordField": ["old-value"]}` and
    # its two describes. The current dev server no longer predefines CustomKeywordField, so it
    # is added first (as the Rust starter does).
    from temporalio.api.enums.v1 import IndexedValueType
    from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
    from temporalio.service import RPCError

    client = await connect()
    try:
        await client.operator_service.add_search_attributes(AddSearchAttributesRequest(
            namespace=client.namespace,
            search_attributes={"CustomKeywordField": IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD},
        ))
    except RPCError as err:
        if "already" not in str(err).lower():
            raise
    handle = await client.start_workflow(
        GreetingWorkflow.run, id=unique("hello-search-attributes"),
        task_queue="hello-search-attributes-task-queue",
        search_attributes={"CustomKeywordField": ["old-value"]},
    )
    first = (await handle.describe()).search_attributes.get("CustomKeywordField")
    check(first == ["old-value"], "first search attribute values", first)
    await handle.result()
    second = (await handle.describe()).search_attributes.get("CustomKeywordField")
    check(second == ["new-value"], "second search attribute values, upserted by the workflow",
          second)


@case("eager_workflow_start")
async def eager_workflow_start(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.eager_workflow_start import EagerWorkflow
    # run.py's start with request_eager_start=True. This process runs no worker, so the SDK
    # cannot take the first task eagerly; the Rust worker polls it, and the history says so.
    client = await connect()
    handle = await client.start_workflow(
        EagerWorkflow.run, "Temporal", id=unique("eager-workflow-id"),
        task_queue="eager-wf-start-task-queue", request_eager_start=True,
    )
    result = await handle.result()
    check(result == "Hello Temporal!", "the Rust worker greets through its local activity", result)
    started = None
    async for event in handle.fetch_history_events():
        if event.HasField("workflow_execution_started_event_attributes"):
            started = event.workflow_execution_started_event_attributes
            break
    check(started is not None and not started.eager_execution_accepted,
          "no worker in this process, so the start fell back to a poll", started)

@case("custom_converter")
async def custom_converter(_: argparse.Namespace) -> None:
    # The Python sample's own types and converter (the worker module holds its shared.py).
    from python_workers.custom_converter import (
        GreetingInput, GreetingOutput, GreetingWorkflow, greeting_data_converter,
    )
    client = await connect(data_converter=greeting_data_converter)
    handle = await client.start_workflow(
        GreetingWorkflow.run, GreetingInput("Temporal"), id=unique("custom_converter-workflow-id"),
        task_queue="custom_converter-task-queue",
    )
    result = await handle.result()
    check(isinstance(result, GreetingOutput) and result.result == "Hello, Temporal",
          "the Rust worker read the custom encoding and answered in it", vars(result))
    started = None
    async for event in handle.fetch_history_events():
        if event.HasField("workflow_execution_completed_event_attributes"):
            started = event.workflow_execution_completed_event_attributes.result.payloads[0]
    check(started is not None and started.metadata.get("encoding") == b"text/my-greeting-encoding"
          and started.data == b"Hello, Temporal",
          "the result payload is the bare text in text/my-greeting-encoding", started)

@case("worker_specific_task_queues")
async def worker_specific_task_queues(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from python_workers.worker_specific_task_queues import FileProcessing
    # The Python starter: ten workflows on the distribution queue, 0.1 s apart, then gather.
    client = await connect()
    handles = []
    for idx in range(10):
        handles.append(await client.start_workflow(
            FileProcessing.run, id=unique(f"worker_specific_task_queue-workflow-id-{idx}"),
            task_queue="worker_specific_task_queue-distribution-queue",
        ))
        await asyncio.sleep(0.1)
    checksums = await asyncio.gather(*(h.result() for h in handles))
    expected = "49d7419e6cba3575b3158f62d053f922aa08b23c64f05411cda3213b56c84ba4"
    check(checksums == [expected] * 10, "ten checksums of the downloaded body", checksums)
    queues = set()
    async for event in handles[0].fetch_history_events():
        if event.HasField("activity_task_scheduled_event_attributes"):
            attrs = event.activity_task_scheduled_event_attributes
            if attrs.activity_type.name != "get_available_task_queue":
                queues.add(attrs.task_queue.name)
    check(len(queues) == 1 and next(iter(queues)).startswith("worker_specific_task_queue-host-"),
          "the three file steps went to one worker's own queue", queues)

@case("context_propagation")
async def context_propagation(_: argparse.Namespace) -> None:
    # The Python sample's own workflow class and interceptor, and its starter's steps: set the
    # user id, connect with the interceptor, start, signal, await.
    from python_workers._context_propagation import ContextPropagationInterceptor, user_id
    from python_workers.context_propagation import SayHelloWorkflow
    user_id.set("some-user")
    client = await connect(interceptors=[ContextPropagationInterceptor()])
    handle = await client.start_workflow(
        SayHelloWorkflow.run, "Temporal", id=unique("context-propagation-workflow-id"),
        task_queue="context-propagation-task-queue",
    )
    await handle.signal(SayHelloWorkflow.signal_complete)
    result = await handle.result()
    check(result == "Hello, Temporal", "the Rust worker greets", result)
    seen = await handle.query("seen_user_ids")
    check(seen == {"run": "some-user", "signal": "some-user"},
          "the Rust workflow read Python's header on the start and the signal", seen)
    activity_header = None
    async for event in handle.fetch_history_events():
        if event.HasField("activity_task_scheduled_event_attributes"):
            activity_header = event.activity_task_scheduled_event_attributes.header.fields.get(
                "__my_user_id")
    check(activity_header is not None and activity_header.data == b'"some-user"',
          "the Rust workflow passed it on to its activity, as Python's interceptor writes it",
          activity_header)

@case("batch_sliding_window")
async def batch_sliding_window(_: argparse.Namespace) -> None:
    # The Python sample's own workflow class; its starter's input (page 5, window 10, three
    # partitions), plus the Rust input's optional `max_processing_ms` so that each record takes
    # at most half a second instead of up to ten (the demo worker has 30 records).
    from python_workers.batch_sliding_window import ProcessBatchWorkflow
    client = await connect()
    handle = await client.start_workflow(
        ProcessBatchWorkflow.run,
        {"page_size": 5, "sliding_window_size": 10, "partitions": 3, "max_processing_ms": 500},
        id=unique("batch_sliding_window_example"), task_queue="batch_sliding_window_task_queue",
    )
    result = await handle.result()
    check(result == 30, "the Rust windows processed every record of the demo worker", result)
    state = await client.get_workflow_handle(f"{handle.id}/0").query("state")
    check(state["current_records"] == [] and state["progress"] == 10,
          "window /0 answers Python's state query: nothing in flight, its ten records done",
          state)
    try:
        await client.execute_workflow(
            ProcessBatchWorkflow.run,
            {"page_size": 5, "sliding_window_size": 2, "partitions": 3},
            id=unique("batch_sliding_window_example"), task_queue="batch_sliding_window_task_queue",
        )
        raise Mismatch("a window smaller than the partitions should fail the batch")
    except WorkflowFailureError as err:
        check(isinstance(err.cause, ApplicationError) and err.cause.non_retryable
              and "SlidingWindowSize cannot be less than number of partitions" in err.cause.message,
              "Python's check fails the batch before any work, with Python's message", err.cause)

@case("dsl")
async def dsl(_: argparse.Namespace) -> None:
    # The Python sample's own workflow class and dataclasses, with its workflow2.yaml as they
    # hold it once loaded (written out here: the check needs no YAML library).
    from python_workers.dsl import (
        ActivityInvocation, ActivityStatement, DSLInput, DSLWorkflow, Parallel,
        ParallelStatement, Sequence, SequenceStatement,
    )

    def call(name, arguments, result):
        return ActivityStatement(ActivityInvocation(name, arguments, result))

    definition = DSLInput(
        variables={"arg1": "value1", "arg2": "value2", "arg3": "value3"},
        root=SequenceStatement(Sequence([
            call("activity1", ["arg1"], "result1"),
            ParallelStatement(Parallel([
                SequenceStatement(Sequence([call("activity2", ["result1"], "result2"),
                                            call("activity3", ["arg2", "result2"], "result3")])),
                SequenceStatement(Sequence([call("activity4", ["result1"], "result4"),
                                            call("activity5", ["arg3", "result4"], "result5")])),
            ])),
            call("activity3", ["result3", "result5"], "result6"),
        ])),
    )
    client = await connect()
    result = await client.execute_workflow(
        DSLWorkflow.run, definition, id=unique("dsl-workflow-id"), task_queue="dsl-task-queue",
    )
    check(result.get("result6") == "[result from activity3: [result from activity3: value2 "
          "[result from activity2: [result from activity1: value1]]] [result from activity5: "
          "value3 [result from activity4: [result from activity1: value1]]]]"
          and len(result) == 9,
          "the Rust interpreter ran Python's definition and returned every variable", result)
    definition.root.sequence.elements[0].activity.name = "activity9"
    err = await failure_of(client.execute_workflow(
        DSLWorkflow.run, definition, id=unique("dsl-workflow-id"), task_queue="dsl-task-queue",
    ))
    check(isinstance(err.cause, ApplicationError) and err.cause.type == "InvalidDslDefinition"
          and "root.sequence.elements[0].activity.name: unknown activity `activity9`"
          in err.cause.message,
          "a bad definition fails at once, naming the path of the bad field", err.cause)

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sample", nargs="?", help="the sample whose worker is running")
    parser.add_argument("--list", action="store_true", help="print the samples covered")
    parser.add_argument("--port", help="the demo's {port} (mtls: the TLS front)")
    parser.add_argument("--scratch", help="the demo's {scratch} directory (keys, certificates)")
    args = parser.parse_args()
    if args.list:
        print("\n".join(sorted(CASES)))
        return 0
    if args.sample not in CASES:
        print(f"no Python case for {args.sample!r}; covered: {', '.join(sorted(CASES))}",
              file=sys.stderr)
        return 2
    print(f"Python client -> Rust {args.sample} worker")
    try:
        asyncio.run(asyncio.wait_for(CASES[args.sample](args), timeout=180))
    except Mismatch as err:
        print(f"MISMATCH: {err}", file=sys.stderr)
        return 1
    print(f"{args.sample}: a Python client drove the Rust worker as the Python samples do")
    return 0


if __name__ == "__main__":
    code = main()
    # Exit without interpreter finalization: the Python SDK's native runtime can abort the
    # process while Python tears its threads down (`PyGILState_Release … must be current`),
    # after everything above has already passed. Nothing is left to clean up by then.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
