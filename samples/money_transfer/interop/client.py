"""money_transfer: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop money_transfer` (interop/python_client.py)."""

import argparse
import uuid

from temporalio.exceptions import ActivityError, ApplicationError

from interop.common import check, connect, failure_of, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.money_transfer.interop.worker import MoneyTransfer
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
