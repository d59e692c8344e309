"""message_passing/introduction: a greeting workflow with queries, a signal and two updates."""

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum
from typing import List, Optional

from temporalio import activity, workflow
from temporalio.exceptions import ApplicationError

from interop.common import worker

TASK_QUEUE = "message-passing-introduction-task-queue"

STARTERS = [["starter"]]
# The Python starter's CHINESE then ARABIC (through the greeting service), then approval.
EXPECT = ["supported languages: [CHINESE, ENGLISH]", "language changed: ENGLISH -> CHINESE",
          "language changed: CHINESE -> ARABIC", "مرحبا بالعالم"]


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


@activity.defn
async def call_greeting_service(to_language: Language) -> Optional[str]:
    greetings = {
        Language.ARABIC: "مرحبا بالعالم",
        Language.CHINESE: "你好，世界",
        Language.ENGLISH: "Hello, world",
        Language.FRENCH: "Bonjour, monde",
        Language.HINDI: "नमस्ते दुनिया",
        Language.PORTUGUESE: "Olá mundo",
        Language.SPANISH: "Hola mundo",
    }
    await asyncio.sleep(0.2)
    return greetings.get(to_language)


@workflow.defn
class GreetingWorkflow:
    def __init__(self) -> None:
        self.approved_for_release = False
        self.approver_name: Optional[str] = None
        self.greetings = {Language.CHINESE: "你好，世界", Language.ENGLISH: "Hello, world"}
        self.language = Language.ENGLISH
        self.lock = asyncio.Lock()

    @workflow.run
    async def run(self) -> str:
        await workflow.wait_condition(
            lambda: self.approved_for_release and workflow.all_handlers_finished()
        )
        return self.greetings[self.language]

    @workflow.query
    def get_languages(self, input: GetLanguagesInput) -> List[Language]:
        return sorted(Language) if input.include_unsupported else sorted(self.greetings)

    @workflow.signal
    def approve(self, input: ApproveInput) -> None:
        self.approved_for_release = True
        self.approver_name = input.name

    @workflow.update
    def set_language(self, input: SetLanguageInput) -> Language:
        previous, self.language = self.language, input.language
        return previous

    @set_language.validator
    def validate_language(self, input: SetLanguageInput) -> None:
        if input.language not in self.greetings:
            raise ValueError(f"{input.language.name} is not supported")

    @workflow.update
    async def set_language_using_activity(self, input: SetLanguageInput) -> Language:
        if input.language not in self.greetings:
            async with self.lock:
                greeting = await workflow.execute_activity(
                    call_greeting_service, input.language,
                    start_to_close_timeout=timedelta(seconds=10),
                )
                if greeting is None:
                    raise ApplicationError(
                        f"Greeting service does not support {input.language.name}"
                    )
                self.greetings[input.language] = greeting
        previous, self.language = self.language, input.language
        return previous

    @workflow.query
    def get_language(self) -> Language:
        return self.language


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow],
                   activities=[call_greeting_service])]
