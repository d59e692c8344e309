"""data_converter: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop data_converter` (interop/python_client.py)."""

import argparse

from temporalio.exceptions import ApplicationError

from interop.common import check, connect, failure_of, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.data_converter.interop.worker import MyWorkflow
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
