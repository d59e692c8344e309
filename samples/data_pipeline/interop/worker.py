"""data_pipeline: the data pipeline tutorials' TemporalCommunityWorkflow (post_ids, top_posts)
and HackerNewsWorkflow (story_ids, top_stories).

The tutorials' activities read community.temporal.io and the Hacker News API with aiohttp; these
read the same APIs from the demo's fixture server (no internet in CI) with the standard library,
in a thread.
"""

import asyncio
import json
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from typing import List

from temporalio import activity, workflow

from interop.common import worker

TASK_QUEUE = "temporal-community-task-queue"

HACKER_NEWS_TASK_QUEUE = "hackernews-task-queue"

STARTERS = [["starter"], ["hacker-news"]]
EXPECT = ["#    title", "1    Rate limiting activities per task queue", "Top words: ",
          "0   Workflow task timeout when activity takes longer than expe someone"]

BASE_URL = ""  # set from --port in workers(): the demo's fixture server


@dataclass
class TemporalCommunityPost:
    title: str
    url: str
    views: int


def get_json(path: str) -> dict:
    with urllib.request.urlopen(f"{BASE_URL}{path}", timeout=10) as response:
        if not 200 <= response.status < 300:
            raise RuntimeError(f"Status: {response.status}")
        return json.load(response)


@activity.defn
async def post_ids() -> List[str]:
    latest = await asyncio.to_thread(get_json, "/latest.json")
    return [str(topic["id"]) for topic in latest["topic_list"]["topics"]]


@activity.defn
async def top_posts(post_ids: List[str]) -> List[TemporalCommunityPost]:
    results: List[TemporalCommunityPost] = []
    for item_id in post_ids:
        item = await asyncio.to_thread(get_json, f"/t/{item_id}.json")
        results.append(TemporalCommunityPost(title=item["title"],
                                             url=f"{BASE_URL}/t/{item['slug']}/{item_id}",
                                             views=item["views"]))
    results.sort(key=lambda x: x.views, reverse=True)
    return results[:10]


@workflow.defn
class TemporalCommunityWorkflow:
    @workflow.run
    async def run(self) -> List[TemporalCommunityPost]:
        news_ids = await workflow.execute_activity(post_ids,
                                                   start_to_close_timeout=timedelta(seconds=15))
        return await workflow.execute_activity(top_posts, news_ids,
                                               start_to_close_timeout=timedelta(seconds=15))


@activity.defn
async def story_ids() -> List[int]:
    top_story_ids = await asyncio.to_thread(get_json, "/v0/topstories.json")
    return top_story_ids[:10]


@activity.defn
async def top_stories(story_ids: List[int]) -> List[List[str]]:
    results = []
    for item_id in story_ids:
        item = await asyncio.to_thread(get_json, f"/v0/item/{item_id}.json")
        try:
            results.append([item["title"], item["by"], item["url"]])
        except (KeyError, TypeError):
            print(f"Error processing item {item_id}: {item}")
    return results


@workflow.defn
class HackerNewsWorkflow:
    @workflow.run
    async def run(self) -> list:
        news_id = await workflow.execute_activity(story_ids,
                                                  start_to_close_timeout=timedelta(seconds=15))
        return await workflow.execute_activity(top_stories, news_id,
                                               start_to_close_timeout=timedelta(seconds=15))


def workers(client, args):
    global BASE_URL
    BASE_URL = f"http://127.0.0.1:{args.port}"
    return [worker(client, task_queue=TASK_QUEUE, workflows=[TemporalCommunityWorkflow],
                   activities=[post_ids, top_posts]),
            worker(client, task_queue=HACKER_NEWS_TASK_QUEUE, workflows=[HackerNewsWorkflow],
                   activities=[story_ids, top_stories])]
