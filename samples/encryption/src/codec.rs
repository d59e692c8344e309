//! The AES-256-GCM payload codec and its key ring.
//!
//! Wire format, byte-compatible with the Go, Python and TypeScript encryption samples:
//! the whole serialized `Payload` (metadata and data) is encrypted; the new payload has metadata
//! `encoding: binary/encrypted` and `encryption-key-id: <id>`, and data = a 12-byte random nonce
//! followed by the ciphertext and its 16-byte tag. Decoding leaves payloads with any other
//! encoding untouched.

use std::{collections::BTreeMap, path::Path, sync::Arc};

use aes_gcm::{
    Aes256Gcm, Key, Nonce,
    aead::{Aead, AeadCore, KeyInit, OsRng},
};
use base64::{Engine, engine::general_purpose::STANDARD as B64};
use futures::{FutureExt, future::BoxFuture};
use prost::Message;
use serde::{Deserialize, Serialize};
use temporalio_common::{
    data_converters::{PayloadCodec, PayloadConversionError, SerializationContextData},
    protos::temporal::api::common::v1::Payload,
};

// ANCHOR: lesson
/// Metadata key of a payload's encoding.
pub const ENCODING_KEY: &str = "encoding";
/// The encoding of encrypted payloads.
pub const ENCRYPTED_ENCODING: &str = "binary/encrypted";
/// Metadata key naming the key a payload was encrypted with.
pub const KEY_ID_KEY: &str = "encryption-key-id";
const NONCE_LEN: usize = 12;

/// What can go wrong with keys and ciphertexts.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    /// No key material was configured.
    #[error(
        "no encryption key configured: create one with `cargo run -p encryption generate-key --key-file keys.json --id <id>` \
         and pass `--key-file keys.json` (or set ENCRYPTION_KEY_FILE)"
    )]
    NoKeys,
    /// The key file could not be read or parsed.
    #[error(
        "cannot use the key file `{path}`: {reason}. Create one with `cargo run -p encryption generate-key --key-file {path} --id <id>`"
    )]
    KeyFile {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// A key is not 32 bytes of base64.
    #[error(
        "key `{id}` is malformed: {reason} (a key is 32 random bytes, base64-encoded; make one with `generate-key`)"
    )]
    MalformedKey {
        /// The key's id.
        id: String,
        /// Why.
        reason: String,
    },
    /// The current key id names no key.
    #[error("the current key id `{0}` is not in the key ring")]
    UnknownCurrent(String),
    /// A payload names a key this ring does not have.
    #[error(
        "payload was encrypted with key `{0}`, which this key ring does not have (rotated out, or the wrong key file?)"
    )]
    UnknownKey(String),
    /// Decryption failed: wrong key bytes, or tampered/corrupted data.
    #[error("cannot decrypt a payload with key `{0}`: wrong key material or corrupted data")]
    Decrypt(String),
    /// The decrypted bytes are not a payload.
    #[error("decrypted data is not a Temporal payload: {0}")]
    NotAPayload(String),
}

/// On-disk form of a key ring: `{"current": "id", "keys": {"id": "<base64 32 bytes>"}}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KeyFile {
    /// The id used to encrypt.
    pub current: String,
    /// Every known key by id (old ones stay, to decrypt data written before a rotation).
    pub keys: BTreeMap<String, String>,
}

impl KeyFile {
    /// Reads a key file.
    pub fn read(path: &Path) -> Result<Self, CodecError> {
        let err = |reason: String| CodecError::KeyFile {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| err(format!("not a key file ({e})")))
    }

    /// Writes a key file, readable by its owner only.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        std::io::Write::write_all(&mut options.open(path)?, text.as_bytes())
    }

    /// A fresh random 256-bit key, base64-encoded.
    pub fn new_key() -> String {
        B64.encode(Aes256Gcm::generate_key(OsRng))
    }
}

/// Keys by id, one of them current.
#[derive(Clone)]
pub struct KeyRing {
    current: String,
    keys: BTreeMap<String, Aes256Gcm>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.debug_struct("KeyRing")
            .field("current", &self.current)
            .field("ids", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl KeyRing {
    /// A ring from raw keys. `current` encrypts; all decrypt.
    pub fn new(
        current: &str,
        keys: impl IntoIterator<Item = (String, [u8; 32])>,
    ) -> Result<Self, CodecError> {
        let keys: BTreeMap<_, _> = keys
            .into_iter()
            .map(|(id, key)| (id, Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key))))
            .collect();
        if keys.is_empty() {
            return Err(CodecError::NoKeys);
        }
        if !keys.contains_key(current) {
            return Err(CodecError::UnknownCurrent(current.to_owned()));
        }
        Ok(Self {
            current: current.to_owned(),
            keys,
        })
    }

    /// A ring from a key file's contents.
    pub fn from_file(file: &KeyFile) -> Result<Self, CodecError> {
        let keys = file
            .keys
            .iter()
            .map(|(id, b64)| {
                let bytes = B64
                    .decode(b64.trim())
                    .map_err(|e| CodecError::MalformedKey {
                        id: id.clone(),
                        reason: format!("not base64 ({e})"),
                    })?;
                let key: [u8; 32] =
                    bytes
                        .try_into()
                        .map_err(|b: Vec<u8>| CodecError::MalformedKey {
                            id: id.clone(),
                            reason: format!("{} bytes instead of 32", b.len()),
                        })?;
                Ok((id.clone(), key))
            })
            .collect::<Result<Vec<_>, CodecError>>()?;
        Self::new(&file.current, keys)
    }

    /// The id used for encrypting.
    pub fn current_id(&self) -> &str {
        &self.current
    }

    /// Encrypts one payload with the current key.
    pub fn encrypt(&self, payload: &Payload) -> Result<Payload, CodecError> {
        let cipher = &self.keys[&self.current];
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let ciphertext = cipher
            .encrypt(&nonce, payload.encode_to_vec().as_slice())
            .map_err(|_| CodecError::Decrypt(self.current.clone()))?;
        let mut data = nonce.to_vec();
        data.extend_from_slice(&ciphertext);
        Ok(Payload {
            metadata: [
                (
                    ENCODING_KEY.to_owned(),
                    ENCRYPTED_ENCODING.as_bytes().to_vec(),
                ),
                (KEY_ID_KEY.to_owned(), self.current.as_bytes().to_vec()),
            ]
            .into(),
            data,
            ..Default::default()
        })
    }

    /// Decrypts one payload; payloads not encrypted by this scheme pass through unchanged.
    pub fn decrypt(&self, payload: Payload) -> Result<Payload, CodecError> {
        if payload.metadata.get(ENCODING_KEY).map(Vec::as_slice)
            != Some(ENCRYPTED_ENCODING.as_bytes())
        {
            return Ok(payload);
        }
        let id = String::from_utf8_lossy(
            payload
                .metadata
                .get(KEY_ID_KEY)
                .map(Vec::as_slice)
                .unwrap_or_default(),
        )
        .into_owned();
        let cipher = self
            .keys
            .get(&id)
            .ok_or_else(|| CodecError::UnknownKey(id.clone()))?;
        if payload.data.len() < NONCE_LEN {
            return Err(CodecError::Decrypt(id));
        }
        let (nonce, ciphertext) = payload.data.split_at(NONCE_LEN);
        let plaintext = cipher
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .map_err(|_| CodecError::Decrypt(id))?;
        Payload::decode(plaintext.as_slice()).map_err(|e| CodecError::NotAPayload(e.to_string()))
    }
}

/// The SDK-facing codec: encrypts every payload on the way out, decrypts on the way in.
#[derive(Clone, Debug)]
pub struct EncryptionCodec {
    ring: Arc<KeyRing>,
}

impl EncryptionCodec {
    /// A codec over `ring`.
    pub fn new(ring: KeyRing) -> Self {
        Self {
            ring: Arc::new(ring),
        }
    }

    /// The key ring.
    pub fn ring(&self) -> &KeyRing {
        &self.ring
    }
}

fn conversion_error(e: CodecError) -> PayloadConversionError {
    PayloadConversionError::EncodingError(Box::new(e))
}

impl PayloadCodec for EncryptionCodec {
    fn encode(
        &self,
        _context: &SerializationContextData,
        payloads: Vec<Payload>,
    ) -> BoxFuture<'static, Result<Vec<Payload>, PayloadConversionError>> {
        let ring = self.ring.clone();
        async move {
            payloads
                .iter()
                .map(|p| ring.encrypt(p).map_err(conversion_error))
                .collect()
        }
        .boxed()
    }

    fn decode(
        &self,
        _context: &SerializationContextData,
        payloads: Vec<Payload>,
    ) -> BoxFuture<'static, Result<Vec<Payload>, PayloadConversionError>> {
        let ring = self.ring.clone();
        async move {
            payloads
                .into_iter()
                .map(|p| ring.decrypt(p).map_err(conversion_error))
                .collect()
        }
        .boxed()
    }
}
// ANCHOR_END: lesson
