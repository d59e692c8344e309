"""pydantic_converter: MyWorkflow echoing a list of pydantic models through my_activity."""

from datetime import datetime, timedelta
from ipaddress import IPv4Address
from typing import List

from temporalio import activity, workflow

from interop.common import worker

with workflow.unsafe.imports_passed_through():
    from pydantic import BaseModel
    from temporalio.contrib.pydantic import pydantic_data_converter

TASK_QUEUE = "pydantic_converter-task-queue"

STARTERS = [["starter"]]
EXPECT = ['Returned: {"some_ip":"127.0.0.1","some_date":"2000-01-02T03:04:05"}',
          "All 2 models came back unchanged"]


class MyPydanticModel(BaseModel):
    some_ip: IPv4Address
    some_date: datetime


@activity.defn
async def my_activity(models: List[MyPydanticModel]) -> List[MyPydanticModel]:
    return models


@workflow.defn
class MyWorkflow:
    @workflow.run
    async def run(self, models: List[MyPydanticModel]) -> List[MyPydanticModel]:
        return await workflow.execute_activity(my_activity, models,
                                               start_to_close_timeout=timedelta(minutes=1))


def connect_options(_args):
    return {"data_converter": pydantic_data_converter}


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[MyWorkflow],
                   activities=[my_activity])]
