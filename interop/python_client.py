"""Drive the Rust samples' workers from the Python SDK, the way the Python samples' starters do.

Every sample keeps the Python samples' names (workflow and activity types, task queues, JSON
field names) so that a Python client can start a workflow a Rust worker runs. Each sample's
`samples/<sample>/interop/client.py` is the proof: its `run(args)` connects with the Python SDK and
starts that sample's workflows with the inputs the Python samples send (bare values where Python
sends bare values, dataclasses serialised as Python serialises them, naive datetimes, no argument
at all), through the Python sample's own definitions (its `worker.py`), then checks the results.

`cargo xtask interop` runs this for every sample with a `client.py`, each against the sample's
worker started as in the demo. By hand:

    python3 -m pip install temporalio cryptography pydantic
    cargo run -p local_activity worker            # in one terminal
    TEMPORAL_ADDRESS=localhost:7233 python3 interop/python_client.py local_activity
"""

import argparse
import asyncio
import importlib
import os
import sys
from pathlib import Path

# The repository root, so that `samples.<sample>.interop` and `interop.common` import.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interop.common import Mismatch  # noqa: E402


def samples() -> list:
    return sorted(p.parent.parent.name for p in ROOT.glob("samples/*/interop/client.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sample", nargs="?", help="the sample whose worker is running")
    parser.add_argument("--list", action="store_true", help="print the samples covered")
    parser.add_argument("--port", help="the demo's {port} (mtls: the TLS front)")
    parser.add_argument("--scratch", help="the demo's {scratch} directory (keys, certificates)")
    args = parser.parse_args()
    if args.list:
        print("\n".join(samples()))
        return 0
    if args.sample not in samples():
        print(f"no Python client for {args.sample!r}; written: {', '.join(samples())}",
              file=sys.stderr)
        return 2
    module = importlib.import_module(f"samples.{args.sample}.interop.client")
    print(f"Python client -> Rust {args.sample} worker")
    try:
        asyncio.run(asyncio.wait_for(module.run(args), timeout=180))
    except Mismatch as err:
        print(f"MISMATCH: {err}", file=sys.stderr)
        return 1
    print(f"{args.sample}: a Python client drove the Rust worker as the Python samples do")
    return 0


if __name__ == "__main__":
    code = main()
    # Exit without interpreter finalization: the Python SDK's native runtime can abort the
    # process while Python tears its threads down (`PyGILState_Release … must be current`),
    # after everything above has already passed. Nothing is left to clean up by then.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
