"""external_storage: the order batch whose large payloads go to S3 through the Python SDK's
`ExternalStorage` and its S3 driver, behind a gzip codec, as the Python sample configures them.
The bucket is the mock S3 the demo starts (`python/s3.py` on the demo's {port})."""

import dataclasses
import gzip
import random
import string
from datetime import timedelta
from typing import List

import temporalio.converter
from temporalio import activity, workflow
from temporalio.api.common.v1 import Payload
from temporalio.converter import ExternalStorage, PayloadCodec

from interop.common import worker

TASK_QUEUE = "external-storage-task-queue"
BUCKET = "temporal-payloads"

# The Rust starter, as the Python starter runs; the demo's environment points it at the same
# bucket (EXTERNAL_STORAGE, AWS_*). Its history report resolves every reference the Python worker
# wrote: fetch, hash check, gunzip.
STARTERS = [["starter"]]
EXPECT = ["200 orders processed", "  ActivityTaskCompleted: a reference to", "key v0/ns/default/wt/"]


class GzipCodec(PayloadCodec):
    """The Python sample's compression codec: the whole serialized payload, gzipped."""

    async def encode(self, payloads):
        return [Payload(metadata={"encoding": b"binary/gzip"},
                        data=gzip.compress(p.SerializeToString())) for p in payloads]

    async def decode(self, payloads):
        return [Payload.FromString(gzip.decompress(p.data))
                if p.metadata.get("encoding") == b"binary/gzip" else p for p in payloads]


async def data_converter(port) -> temporalio.converter.DataConverter:
    # Imported here, so that listing the interop plan needs no S3 packages.
    import aioboto3
    from temporalio.contrib.aws.s3driver import S3StorageDriver
    from temporalio.contrib.aws.s3driver.aioboto3 import new_aioboto3_client

    # Entered and never left: the client lives as long as the process.
    s3 = await aioboto3.Session().client(
        "s3", endpoint_url=f"http://127.0.0.1:{port}", aws_access_key_id="test",
        aws_secret_access_key="test", region_name="us-east-1").__aenter__()
    driver = S3StorageDriver(client=new_aioboto3_client(s3), bucket=BUCKET)
    return dataclasses.replace(temporalio.converter.default(), payload_codec=GzipCodec(),
                               external_storage=ExternalStorage(drivers=[driver]))


async def connect_options(args):
    return {"data_converter": await data_converter(args.port)}


@dataclasses.dataclass
class Address:
    street: str
    city: str
    state: str
    zip_code: str
    country: str


@dataclasses.dataclass
class Customer:
    id: str
    name: str
    email: str
    address: Address


@dataclasses.dataclass
class OrderItem:
    sku: str
    name: str
    description: str
    quantity: int
    unit_price_usd: float
    weight_kg: float


@dataclasses.dataclass
class Order:
    id: str
    customer: Customer
    items: List[OrderItem]
    total_weight_kg: float
    shipping_notes: str


@dataclasses.dataclass
class ProcessedOrder:
    id: str
    customer_id: str
    destination_city: str
    destination_state: str
    total_weight_kg: float
    shipping_cost_usd: float
    estimated_delivery_days: int


@dataclasses.dataclass
class OrderBatchRequest:
    batch_id: str
    order_count: int


@dataclasses.dataclass
class BatchSummary:
    batch_id: str
    order_count: int
    total_shipping_cost_usd: float
    total_weight_kg: float
    avg_delivery_days: float


CITIES = [("Houston", "TX"), ("Denver", "CO"), ("Miami", "FL"), ("Seattle", "WA")]


def filler(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.ascii_letters + " ", k=n))


def make_order(batch_id: str, index: int) -> Order:
    rng = random.Random(f"{batch_id}-{index}")
    city, state = rng.choice(CITIES)
    items = [OrderItem(f"SKU-{rng.randint(10000, 99999)}", f"Product {rng.randint(1, 999)}",
                       filler(rng, 500), rng.randint(1, 10), round(rng.uniform(10, 1000), 2),
                       round(rng.uniform(0.5, 50), 2)) for _ in range(5)]
    customer = Customer(f"CUST-{index:06d}", f"Customer {index}", f"customer{index}@example.com",
                        Address(f"{rng.randint(100, 9999)} Main Street", city, state,
                                f"{rng.randint(10000, 99999)}", "US"))
    return Order(f"ORD-{index:06d}", customer, items,
                 round(sum(i.weight_kg * i.quantity for i in items), 2), filler(rng, 200))


@activity.defn
async def fetch_orders(request: OrderBatchRequest) -> List[Order]:
    return [make_order(request.batch_id, i) for i in range(1, request.order_count + 1)]


@activity.defn
async def process_orders(orders: List[Order]) -> List[ProcessedOrder]:
    return [ProcessedOrder(o.id, o.customer.id, o.customer.address.city, o.customer.address.state,
                           o.total_weight_kg, round(2.50 + 1.20 * o.total_weight_kg, 2),
                           2 if o.customer.address.state == "TX" else 5) for o in orders]


@workflow.defn
class ProcessOrderBatchWorkflow:
    @workflow.run
    async def run(self, request: OrderBatchRequest) -> BatchSummary:
        orders = await workflow.execute_activity(
            fetch_orders, request, start_to_close_timeout=timedelta(minutes=5))
        processed = await workflow.execute_activity(
            process_orders, orders, start_to_close_timeout=timedelta(minutes=5))
        n = len(processed)
        return BatchSummary(
            request.batch_id, n, round(sum(p.shipping_cost_usd for p in processed), 2),
            round(sum(p.total_weight_kg for p in processed), 2),
            round(sum(p.estimated_delivery_days for p in processed) / n, 1) if n else 0.0)


def workers(client, _args):
    return [worker(client, task_queue=TASK_QUEUE, workflows=[ProcessOrderBatchWorkflow],
                   activities=[fetch_orders, process_orders])]
