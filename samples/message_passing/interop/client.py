"""message_passing: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop message_passing` (interop/python_client.py)."""

import argparse
from typing import List

from interop.common import Mismatch, check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.message_passing.interop.worker import GreetingWorkflow
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
