"""data_pipeline: a Python SDK client drives the Rust worker as the Python sample's starter does,
and checks what comes back. Run by `cargo xtask interop data_pipeline` (interop/python_client.py)."""

import argparse
from typing import List

from interop.common import check, connect, unique


async def run(_: argparse.Namespace) -> None:
    # The Python sample's own workflow definition, so its type hints apply to the result.
    from samples.data_pipeline.interop.worker import (
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
