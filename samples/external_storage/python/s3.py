"""A mock S3 for the external_storage sample, as the Python sample's `s3.py` runs one: moto's
server, with the `temporal-payloads` bucket created. Used by the demo and the interop check.

    python3 -m pip install 'moto[server]' boto3
    python3 samples/external_storage/python/s3.py --port 5000
"""

import argparse
import logging
import os
import signal
import sys

BUCKET = "temporal-payloads"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args()
    try:
        import boto3
        from moto.server import ThreadedMotoServer
    except ImportError as err:
        print(f"error: {err}; install with `python3 -m pip install 'moto[server]' boto3`",
              file=sys.stderr)
        return 1
    # Quiet request logs; block the stop signals in every thread, so that sigwait gets them.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=args.port)
    server.start()
    endpoint = f"http://127.0.0.1:{args.port}"
    boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="test",
                 aws_secret_access_key="test", region_name="us-east-1").create_bucket(Bucket=BUCKET)
    print(f"Mock S3 ready at {endpoint}, bucket {BUCKET}", flush=True)
    signal.sigwait({signal.SIGINT, signal.SIGTERM})
    server.stop()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
