//! The claim-check codec: gzip every payload, and move the ones still over a size threshold into
//! an object store, leaving a small reference in the workflow's history.
//!
//! Wire format, the one the Python SDK's `ExternalStorage` with its S3 driver and the Python
//! sample's `CompressionCodec` write, so each side reads what the other stored:
//!
//! - A compressed payload has metadata `encoding: binary/gzip`; its data is the gzipped bytes of
//!   the whole serialized original `Payload` (metadata and data).
//! - A stored payload is replaced by a reference: metadata `encoding: json/protobuf` and
//!   `messageType: temporal.api.sdk.v1.ExternalStorageReference`, data
//!   `{"driverName": "aws.s3driver", "claimData": {"bucket", "key", "hash_algorithm", "hash_value"}}`.
//!   The object at `key` is the serialized compressed payload; `hash_value` is its SHA-256, checked
//!   on every read, so a corrupted object is an error, never wrong data.
//! - Keys are `v0/ns/<namespace>/d/sha256/<hash>`: content-addressed, so storing the same payload
//!   twice (a retried activity, a replayed workflow task) writes one object.

use std::{io::Read, sync::Arc};

use flate2::{Compression, read::GzDecoder, write::GzEncoder};
use futures::{FutureExt, future::BoxFuture};
use object_store::{ObjectStore, PutPayload, path::Path as ObjectPath};
use prost::Message;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use temporalio_common::{
    data_converters::{PayloadCodec, PayloadConversionError, SerializationContextData},
    protos::temporal::api::common::v1::{Payload, payload::ExternalPayloadDetails},
};

// ANCHOR: lesson
/// Payloads whose compressed size is at least this many bytes go to the store (the Python SDK's
/// default). Temporal's own limit is 2 MiB per payload, and history keeps every payload forever.
pub const DEFAULT_THRESHOLD: usize = 256 * 1024;
/// Metadata key of a payload's encoding.
pub const ENCODING_KEY: &str = "encoding";
/// The encoding of a gzipped payload.
pub const GZIP_ENCODING: &str = "binary/gzip";
/// The encoding of a reference: a protobuf message as JSON, named by `messageType`.
pub const REFERENCE_ENCODING: &str = "json/protobuf";
/// Metadata key naming a `json/protobuf` payload's message type.
pub const MESSAGE_TYPE_KEY: &str = "messageType";
/// The message type of a reference.
pub const REFERENCE_MESSAGE_TYPE: &str = "temporal.api.sdk.v1.ExternalStorageReference";

/// A reference to a stored payload, as it sits in history (`ExternalStorageReference` in JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    /// Which store wrote it: `aws.s3driver` (as the Python SDK's S3 driver names itself) or
    /// `local.filedriver`.
    pub driver_name: String,
    /// Where the object is and what its hash must be.
    pub claim_data: Claim,
}

/// The claim: bucket (or directory), key and content hash of a stored payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The S3 bucket, or the local directory's name.
    pub bucket: String,
    /// The object's key.
    pub key: String,
    /// Always `sha256`.
    pub hash_algorithm: String,
    /// Lower-case hex SHA-256 of the object's bytes.
    pub hash_value: String,
}

/// Where payloads go: an object store, and the names written into references.
#[derive(Clone)]
pub struct Store {
    objects: Arc<dyn ObjectStore>,
    /// The driver name written into references, and required of references read.
    pub driver_name: String,
    /// The bucket written into references, and required of references read (for a local
    /// directory, its name, for information only).
    pub bucket: String,
}

/// What can go wrong storing or resolving a payload. Every variant names the object's key.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The reference points at an object that is not there.
    #[error(
        "the payload stored at `{key}` in `{bucket}` is missing: it was deleted, or this client \
         reads a different store than the one that wrote it (check --store)"
    )]
    Missing {
        /// The bucket or directory.
        bucket: String,
        /// The object's key.
        key: String,
    },
    /// The object's bytes do not hash to what the reference says.
    #[error(
        "the payload stored at `{key}` is corrupted: expected sha256 {expected}, got {actual}; \
         restore the object (the reference in history is intact)"
    )]
    Corrupted {
        /// The object's key.
        key: String,
        /// The hash in the reference.
        expected: String,
        /// The hash of what the store returned.
        actual: String,
    },
    /// The reference was written by another store.
    #[error(
        "the payload at `{key}` was stored by `{driver}` in `{bucket}`, but this client uses \
         `{our_driver}` in `{our_bucket}`: point --store at the store the writer used"
    )]
    OtherStore {
        /// The object's key.
        key: String,
        /// The writer's driver.
        driver: String,
        /// The writer's bucket.
        bucket: String,
        /// Ours.
        our_driver: String,
        /// Ours.
        our_bucket: String,
    },
    /// The store failed (unreachable, no permission, ...).
    #[error("the object store failed on `{key}`: {source}")]
    Store {
        /// The object's key.
        key: String,
        /// What the store said.
        source: object_store::Error,
    },
    /// A reference or a stored object is not what this format says it must be.
    #[error("{0}")]
    Malformed(String),
}

impl Store {
    /// A store over any `object_store` implementation (tests wrap one to inject faults).
    pub fn new(objects: Arc<dyn ObjectStore>, driver_name: &str, bucket: &str) -> Self {
        Self {
            objects,
            driver_name: driver_name.to_owned(),
            bucket: bucket.to_owned(),
        }
    }

    /// Stores `bytes` under its content hash, unless that object exists already; returns the claim.
    pub async fn put(&self, namespace: &str, bytes: Vec<u8>) -> Result<Claim, StorageError> {
        let hash = hex(&Sha256::digest(&bytes));
        let key = format!("v0/ns/{namespace}/d/sha256/{hash}");
        let path = ObjectPath::from(key.as_str());
        let failed = |source| StorageError::Store {
            key: key.clone(),
            source,
        };
        // Content addressing makes this idempotent: the same payload, stored again by a retried
        // activity or a replayed workflow task, is the same object.
        match self.objects.head(&path).await {
            Ok(_) => {}
            Err(object_store::Error::NotFound { .. }) => {
                self.objects
                    .put(&path, PutPayload::from(bytes))
                    .await
                    .map_err(failed)?;
            }
            Err(e) => return Err(failed(e)),
        }
        Ok(Claim {
            bucket: self.bucket.clone(),
            key,
            hash_algorithm: "sha256".to_owned(),
            hash_value: hash,
        })
    }

    /// Fetches what `reference` points at and checks it is what was stored.
    pub async fn get(&self, reference: &Reference) -> Result<Vec<u8>, StorageError> {
        let claim = &reference.claim_data;
        let key = claim.key.clone();
        // A local directory has no name that is the same on every machine, so only S3 buckets
        // are compared; a wrong directory shows up as a missing object.
        let other_bucket = self.driver_name != LOCAL_DRIVER && claim.bucket != self.bucket;
        if reference.driver_name != self.driver_name || other_bucket {
            return Err(StorageError::OtherStore {
                key,
                driver: reference.driver_name.clone(),
                bucket: claim.bucket.clone(),
                our_driver: self.driver_name.clone(),
                our_bucket: self.bucket.clone(),
            });
        }
        if claim.hash_algorithm != "sha256" {
            return Err(StorageError::Malformed(format!(
                "the reference to `{key}` names hash algorithm `{}`; only sha256 is known",
                claim.hash_algorithm
            )));
        }
        let bytes = match self.objects.get(&ObjectPath::from(key.as_str())).await {
            Ok(got) => got.bytes().await,
            Err(e) => Err(e),
        }
        .map_err(|source| match source {
            object_store::Error::NotFound { .. } => StorageError::Missing {
                bucket: claim.bucket.clone(),
                key: key.clone(),
            },
            source => StorageError::Store {
                key: key.clone(),
                source,
            },
        })?;
        let actual = hex(&Sha256::digest(&bytes));
        if actual != claim.hash_value {
            return Err(StorageError::Corrupted {
                key,
                expected: claim.hash_value.clone(),
                actual,
            });
        }
        Ok(bytes.to_vec())
    }
}

/// The codec: compress, then claim-check what is still large. Install it in the client's data
/// converter ([`crate::data_converter`]) and every payload the client, the worker, its workflows
/// and its activities send or receive goes through it.
#[derive(Clone)]
pub struct ClaimCheckCodec {
    store: Store,
    namespace: String,
    threshold: usize,
}

impl ClaimCheckCodec {
    /// A codec writing to `store`, keyed under `namespace`, offloading payloads of at least
    /// `threshold` bytes after compression.
    pub fn new(store: Store, namespace: &str, threshold: usize) -> Self {
        Self {
            store,
            namespace: namespace.to_owned(),
            threshold,
        }
    }

    /// Compresses one payload and, if it is still large, stores it and returns its reference.
    pub async fn encode_one(&self, payload: &Payload) -> Result<Payload, StorageError> {
        let compressed = gzip(payload)?;
        let size = compressed.encoded_len();
        if size < self.threshold {
            return Ok(compressed);
        }
        let claim = self
            .store
            .put(&self.namespace, compressed.encode_to_vec())
            .await?;
        let reference = Reference {
            driver_name: self.store.driver_name.clone(),
            claim_data: claim,
        };
        let data = serde_json::to_vec(&reference)
            .map_err(|e| StorageError::Malformed(format!("cannot write a reference: {e}")))?;
        Ok(Payload {
            metadata: [
                (ENCODING_KEY.to_owned(), REFERENCE_ENCODING.into()),
                (MESSAGE_TYPE_KEY.to_owned(), REFERENCE_MESSAGE_TYPE.into()),
            ]
            .into(),
            data,
            // Tells the server (and the Web UI) how big the payload behind the reference is.
            external_payloads: vec![ExternalPayloadDetails {
                size_bytes: size as i64,
            }],
        })
    }

    /// Resolves a reference (if it is one), then decompresses (if compressed). Any other payload
    /// passes through unchanged.
    pub async fn decode_one(&self, payload: Payload) -> Result<Payload, StorageError> {
        let payload = match reference_of(&payload)? {
            Some(reference) => {
                let bytes = self.store.get(&reference).await?;
                Payload::decode(bytes.as_slice()).map_err(|e| {
                    StorageError::Malformed(format!(
                        "the object at `{}` is not a Temporal payload: {e}",
                        reference.claim_data.key
                    ))
                })?
            }
            None => payload,
        };
        gunzip(payload)
    }
}

/// The reference in `payload`, if it is one.
pub fn reference_of(payload: &Payload) -> Result<Option<Reference>, StorageError> {
    let meta = |k: &str| payload.metadata.get(k).map(Vec::as_slice);
    if meta(ENCODING_KEY) != Some(REFERENCE_ENCODING.as_bytes())
        || meta(MESSAGE_TYPE_KEY) != Some(REFERENCE_MESSAGE_TYPE.as_bytes())
    {
        return Ok(None);
    }
    serde_json::from_slice(&payload.data)
        .map(Some)
        .map_err(|e| StorageError::Malformed(format!("a malformed storage reference: {e}")))
}

fn gzip(payload: &Payload) -> Result<Payload, StorageError> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    std::io::Write::write_all(&mut encoder, &payload.encode_to_vec())
        .and_then(|()| encoder.finish())
        .map(|data| Payload {
            metadata: [(ENCODING_KEY.to_owned(), GZIP_ENCODING.into())].into(),
            data,
            ..Default::default()
        })
        .map_err(|e| StorageError::Malformed(format!("cannot compress a payload: {e}")))
}

fn gunzip(payload: Payload) -> Result<Payload, StorageError> {
    if payload.metadata.get(ENCODING_KEY).map(Vec::as_slice) != Some(GZIP_ENCODING.as_bytes()) {
        return Ok(payload);
    }
    let mut bytes = Vec::new();
    GzDecoder::new(payload.data.as_slice())
        .read_to_end(&mut bytes)
        .map_err(|e| StorageError::Malformed(format!("a binary/gzip payload is not gzip: {e}")))?;
    Payload::decode(bytes.as_slice()).map_err(|e| {
        StorageError::Malformed(format!("a gzipped payload is not a Temporal payload: {e}"))
    })
}

fn conversion_error(e: StorageError) -> PayloadConversionError {
    PayloadConversionError::EncodingError(Box::new(e))
}

impl PayloadCodec for ClaimCheckCodec {
    fn encode(
        &self,
        _context: &SerializationContextData,
        payloads: Vec<Payload>,
    ) -> BoxFuture<'static, Result<Vec<Payload>, PayloadConversionError>> {
        let codec = self.clone();
        async move {
            // Large payloads upload concurrently; one failure fails the whole call, and nothing
            // is sent to the server with a reference to an object that was not written.
            futures::future::try_join_all(payloads.iter().map(|p| codec.encode_one(p)))
                .await
                .map_err(conversion_error)
        }
        .boxed()
    }

    fn decode(
        &self,
        _context: &SerializationContextData,
        payloads: Vec<Payload>,
    ) -> BoxFuture<'static, Result<Vec<Payload>, PayloadConversionError>> {
        let codec = self.clone();
        async move {
            futures::future::try_join_all(payloads.into_iter().map(|p| codec.decode_one(p)))
                .await
                .map_err(conversion_error)
        }
        .boxed()
    }
}
// ANCHOR_END: lesson

/// The driver name of references to a local directory.
pub const LOCAL_DRIVER: &str = "local.filedriver";
/// The driver name of references to S3, as the Python SDK's S3 driver names itself.
pub const S3_DRIVER: &str = "aws.s3driver";

impl Store {
    /// Checks the store answers (a missing probe object is an answer), so a worker or starter
    /// with a wrong endpoint, bucket or credentials fails at start, not in a workflow's middle.
    pub async fn probe(&self) -> anyhow::Result<()> {
        match self.objects.head(&ObjectPath::from("v0/probe")).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(anyhow::anyhow!(
                "cannot reach the payload store `{}`: {e}",
                self.bucket
            )),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
