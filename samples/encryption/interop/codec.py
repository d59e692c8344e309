"""The Python encryption sample's codec, keyed from the Rust sample's key file.

Same format as the Python, Go and TypeScript samples: each payload serialised whole, encrypted
with AES-256-GCM under a 12-byte random nonce, stored as `nonce ‖ ciphertext+tag` with metadata
`encoding: binary/encrypted` and `encryption-key-id`. The Python sample hard-codes one key; here
the key ring comes from the file `cargo run -p encryption generate-key` writes, so both sides share
keys without a key in the source.
"""

import base64
import json
import os
from pathlib import Path
from typing import Dict, List

from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec


def load_ring(key_file: Path) -> tuple:
    """(current key id, {key id: key bytes}) from the Rust sample's key file."""
    keys = json.loads(key_file.read_text())
    ring = {key_id: base64.b64decode(key) for key_id, key in keys["keys"].items()}
    return keys["current"], ring


class EncryptionCodec(PayloadCodec):
    def __init__(self, key_id: str, ring: Dict[str, bytes]) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.key_id = key_id
        self.ciphers = {k: AESGCM(v) for k, v in ring.items()}

    async def encode(self, payloads: List[Payload]) -> List[Payload]:
        out = []
        for p in payloads:
            nonce = os.urandom(12)
            data = self.ciphers[self.key_id].encrypt(nonce, p.SerializeToString(), None)
            out.append(Payload(metadata={"encoding": b"binary/encrypted",
                                         "encryption-key-id": self.key_id.encode()},
                               data=nonce + data))
        return out

    async def decode(self, payloads: List[Payload]) -> List[Payload]:
        out = []
        for p in payloads:
            if p.metadata.get("encoding") != b"binary/encrypted":
                out.append(p)  # not ours: pass it through
                continue
            key_id = p.metadata.get("encryption-key-id", b"").decode()
            if key_id not in self.ciphers:
                raise ValueError(f"Unrecognized key ID {key_id}; the key file has "
                                 f"{', '.join(sorted(self.ciphers))}")
            plain = Payload()
            plain.ParseFromString(self.ciphers[key_id].decrypt(p.data[:12], p.data[12:], None))
            out.append(plain)
        return out
