"""context_propagation's shared.py and interceptor.py: the user id context and the interceptor.

Kept out of the workflow module so the workflow sandbox passes it through (one ContextVar).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Mapping, Optional, Protocol, Type

import temporalio.activity
import temporalio.api.common.v1
import temporalio.client
import temporalio.converter
import temporalio.worker
import temporalio.workflow

HEADER_KEY = "__my_user_id"

user_id: ContextVar[Optional[str]] = ContextVar("user_id", default=None)


class _InputWithHeaders(Protocol):
    headers: Mapping[str, temporalio.api.common.v1.Payload]


def set_header_from_context(input: _InputWithHeaders, payload_converter) -> None:
    user_id_val = user_id.get()
    if user_id_val:
        input.headers = {**input.headers, HEADER_KEY: payload_converter.to_payload(user_id_val)}


@contextmanager
def context_from_header(input: _InputWithHeaders, payload_converter):
    payload = input.headers.get(HEADER_KEY)
    token = user_id.set(payload_converter.from_payload(payload, str)) if payload else None
    try:
        yield
    finally:
        if token:
            user_id.reset(token)


class ContextPropagationInterceptor(temporalio.client.Interceptor, temporalio.worker.Interceptor):
    def __init__(self, payload_converter=temporalio.converter.default().payload_converter) -> None:
        self._payload_converter = payload_converter

    def intercept_client(self, next):
        return _ClientOutbound(next, self._payload_converter)

    def intercept_activity(self, next):
        return _ActivityInbound(next)

    def workflow_interceptor_class(self, input) -> Type["_WorkflowInbound"]:
        return _WorkflowInbound


class _ClientOutbound(temporalio.client.OutboundInterceptor):
    def __init__(self, next, payload_converter) -> None:
        super().__init__(next)
        self._payload_converter = payload_converter

    async def start_workflow(self, input):
        set_header_from_context(input, self._payload_converter)
        return await super().start_workflow(input)

    async def query_workflow(self, input) -> Any:
        set_header_from_context(input, self._payload_converter)
        return await super().query_workflow(input)

    async def signal_workflow(self, input) -> None:
        set_header_from_context(input, self._payload_converter)
        await super().signal_workflow(input)

    async def start_workflow_update(self, input):
        set_header_from_context(input, self._payload_converter)
        return await self.next.start_workflow_update(input)


class _ActivityInbound(temporalio.worker.ActivityInboundInterceptor):
    async def execute_activity(self, input) -> Any:
        with context_from_header(input, temporalio.activity.payload_converter()):
            return await self.next.execute_activity(input)


class _WorkflowInbound(temporalio.worker.WorkflowInboundInterceptor):
    def init(self, outbound) -> None:
        self.next.init(_WorkflowOutbound(outbound))

    async def execute_workflow(self, input) -> Any:
        with context_from_header(input, temporalio.workflow.payload_converter()):
            return await self.next.execute_workflow(input)

    async def handle_signal(self, input) -> None:
        with context_from_header(input, temporalio.workflow.payload_converter()):
            return await self.next.handle_signal(input)

    async def handle_query(self, input) -> Any:
        with context_from_header(input, temporalio.workflow.payload_converter()):
            return await self.next.handle_query(input)

    def handle_update_validator(self, input) -> None:
        with context_from_header(input, temporalio.workflow.payload_converter()):
            self.next.handle_update_validator(input)

    async def handle_update_handler(self, input) -> Any:
        with context_from_header(input, temporalio.workflow.payload_converter()):
            return await self.next.handle_update_handler(input)


class _WorkflowOutbound(temporalio.worker.WorkflowOutboundInterceptor):
    async def signal_child_workflow(self, input) -> None:
        set_header_from_context(input, temporalio.workflow.payload_converter())
        return await self.next.signal_child_workflow(input)

    async def signal_external_workflow(self, input) -> None:
        set_header_from_context(input, temporalio.workflow.payload_converter())
        return await self.next.signal_external_workflow(input)

    def start_activity(self, input):
        set_header_from_context(input, temporalio.workflow.payload_converter())
        return self.next.start_activity(input)

    async def start_child_workflow(self, input):
        set_header_from_context(input, temporalio.workflow.payload_converter())
        return await self.next.start_child_workflow(input)

    def start_local_activity(self, input):
        set_header_from_context(input, temporalio.workflow.payload_converter())
        return self.next.start_local_activity(input)
