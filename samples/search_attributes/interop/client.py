"""search_attributes: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop search_attributes` (interop/python_client.py)."""

import argparse

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.search_attributes.interop.worker import GreetingWorkflow
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
