"""hello_search_attributes: a workflow that upserts CustomKeywordField after two seconds."""

import asyncio

from temporalio import workflow

from interop.common import worker

TASK_QUEUE = "hello-search-attributes-task-queue"

STARTERS = [["starter"]]
EXPECT = ['First search attribute values: Described { keyword: Some("old-value")',
          'Second search attribute values: Described { keyword: Some("new-value")',
          "Executions where CustomerId = 'ada' AND CustomKeywordField = 'new-value': 1"]


@workflow.defn
class GreetingWorkflow:
    @workflow.run
    async def run(self) -> None:
        await asyncio.sleep(2)
        workflow.upsert_search_attributes({"CustomKeywordField": ["new-value"]})


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[GreetingWorkflow])]
