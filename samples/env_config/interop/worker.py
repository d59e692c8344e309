"""env_config: the Python side connects from the same config.toml with the Python SDK's envconfig
(as the Python sample's load_from_file.py does), and serves hello_activity's workflow to the Rust
starter, which connects from that file too."""

from pathlib import Path

from temporalio.envconfig import ClientConfig

from samples.hello_activity.interop.worker import workers  # noqa: F401  (the same worker)

CONFIG_FILE = Path(__file__).resolve().parent.parent / "config.toml"

STARTERS = [["starter"]]
EXPECT = [
    "Loaded profile `default` from",
    "grpc_meta: my-custom-header=development-value, trace-id=dev-trace-123 (file)",
    "Result: Hello, World!",
]


def connect_options(_args):
    # The default profile, with TEMPORAL_ADDRESS (set by `cargo xtask interop`) on top: the same
    # resolution the Rust side makes.
    return ClientConfig.load_client_connect_config(config_file=str(CONFIG_FILE))
