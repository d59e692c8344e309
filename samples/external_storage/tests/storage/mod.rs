//! The codec and the codec server against a real local store: no Temporal server needed.

use std::{path::PathBuf, sync::Arc};

use anyhow::Result;
use base64::{Engine, engine::general_purpose::STANDARD as B64};
use external_storage::{
    ClaimCheckCodec, StorageError, Store,
    storage::{self, GZIP_ENCODING, Reference, reference_of},
    support::store,
};
use object_store::local::LocalFileSystem;
use prost::Message;
use samples_helper::{
    codec::{JsonPayload, JsonPayloads},
    testing::unique,
};
use temporalio_common::protos::temporal::api::common::v1::Payload;

/// A fresh store directory under the system's temporary directory.
pub(crate) fn scratch_store() -> Result<(Store, PathBuf)> {
    let dir = std::env::temp_dir().join(unique("external-storage-test"));
    Ok((store::open(&dir.display().to_string(), &[])?, dir))
}

fn json_payload(bytes: Vec<u8>) -> Payload {
    Payload {
        metadata: [("encoding".to_owned(), b"json/plain".to_vec())].into(),
        data: bytes,
        ..Default::default()
    }
}

/// `n` bytes of JSON that compress poorly (as the orders' filler text does).
fn large(n: usize) -> Payload {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let text: String = (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (b'a' + (state % 26) as u8) as char
        })
        .collect();
    json_payload(format!("\"{text}\"").into_bytes())
}

/// The file holding the object a reference points at.
fn object_file(dir: &std::path::Path, reference: &Reference) -> PathBuf {
    dir.join(&reference.claim_data.key)
}

#[tokio::test]
async fn small_payloads_stay_inline_compressed_and_write_nothing() -> Result<()> {
    let (store, dir) = scratch_store()?;
    let codec = ClaimCheckCodec::new(store, "default", 1024);
    let original = json_payload(br#"{"batch_id":"B","order_count":3}"#.to_vec());
    let encoded = codec.encode_one(&original).await?;
    assert_eq!(
        encoded.metadata.get("encoding").map(Vec::as_slice),
        Some(GZIP_ENCODING.as_bytes())
    );
    assert!(reference_of(&encoded)?.is_none());
    assert_eq!(codec.decode_one(encoded).await?, original);
    assert!(
        std::fs::read_dir(&dir)?.next().is_none(),
        "a small payload wrote to the store"
    );
    Ok(())
}

#[tokio::test]
async fn a_multi_megabyte_payload_becomes_a_small_reference_and_comes_back_intact() -> Result<()> {
    let (store, dir) = scratch_store()?;
    let codec = ClaimCheckCodec::new(store, "default", storage::DEFAULT_THRESHOLD);
    let original = large(5 * 1024 * 1024);
    let encoded = codec.encode_one(&original).await?;
    let reference = reference_of(&encoded)?.expect("a 5 MB payload must be stored");
    // History keeps a few hundred bytes instead of megabytes.
    assert!(
        encoded.encoded_len() < 512,
        "reference is {} bytes",
        encoded.encoded_len()
    );
    assert!(
        reference
            .claim_data
            .key
            .starts_with("v0/ns/default/d/sha256/")
    );
    let stored = std::fs::metadata(object_file(&dir, &reference))?.len();
    assert!(
        stored > 2 * 1024 * 1024,
        "the stored object is {stored} bytes"
    );
    assert_eq!(encoded.external_payloads[0].size_bytes as u64, stored);
    assert_eq!(codec.decode_one(encoded.clone()).await?, original);

    // Content addressing: the same payload stored again is the same object, written once.
    let again = codec.encode_one(&original).await?;
    assert_eq!(reference_of(&again)?, Some(reference));
    let objects = walk(&dir);
    assert_eq!(objects.len(), 1, "{objects:?}");
    Ok(())
}

#[tokio::test]
async fn a_missing_object_names_its_key_and_loses_nothing_else() -> Result<()> {
    let (store, dir) = scratch_store()?;
    let codec = ClaimCheckCodec::new(store, "default", 4096);
    let small = json_payload(b"\"small\"".to_vec());
    let big = large(64 * 1024);
    let encoded = [
        codec.encode_one(&small).await?,
        codec.encode_one(&big).await?,
    ];
    let reference = reference_of(&encoded[1])?.expect("stored");
    let file = object_file(&dir, &reference);
    let moved = file.with_extension("moved");
    std::fs::rename(&file, &moved)?;

    let err = codec
        .decode_one(encoded[1].clone())
        .await
        .expect_err("a missing object must not decode");
    assert!(
        matches!(&err, StorageError::Missing { key, .. } if *key == reference.claim_data.key),
        "{err}"
    );
    assert!(err.to_string().contains(&reference.claim_data.key), "{err}");
    // Everything else still decodes, and the reference itself is intact: put the object back
    // and the same reference resolves.
    assert_eq!(codec.decode_one(encoded[0].clone()).await?, small);
    std::fs::rename(&moved, &file)?;
    assert_eq!(codec.decode_one(encoded[1].clone()).await?, big);
    Ok(())
}

#[tokio::test]
async fn a_corrupted_object_is_an_error_naming_the_key_and_both_hashes_never_wrong_data()
-> Result<()> {
    let (store, dir) = scratch_store()?;
    let codec = ClaimCheckCodec::new(store, "default", 4096);
    let encoded = codec.encode_one(&large(64 * 1024)).await?;
    let reference = reference_of(&encoded)?.expect("stored");
    let file = object_file(&dir, &reference);
    let mut bytes = std::fs::read(&file)?;
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&file, bytes)?;
    let err = codec.decode_one(encoded).await.expect_err("corrupted");
    let text = err.to_string();
    assert!(matches!(err, StorageError::Corrupted { .. }), "{text}");
    assert!(text.contains(&reference.claim_data.key), "{text}");
    assert!(text.contains(&reference.claim_data.hash_value), "{text}");
    Ok(())
}

#[tokio::test]
async fn a_reference_from_another_store_says_which_store_wrote_it() -> Result<()> {
    let (ours, dir) = scratch_store()?;
    // A reference an S3 store wrote, read by a client configured with a local directory.
    let objects = Arc::new(LocalFileSystem::new_with_prefix(&dir)?);
    let theirs = Store::new(objects, storage::S3_DRIVER, "temporal-payloads");
    let encoded = ClaimCheckCodec::new(theirs, "default", 4096)
        .encode_one(&large(64 * 1024))
        .await?;
    let err = ClaimCheckCodec::new(ours, "default", 4096)
        .decode_one(encoded)
        .await
        .expect_err("another store's reference");
    assert!(matches!(err, StorageError::OtherStore { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("aws.s3driver") && text.contains("temporal-payloads"),
        "{text}"
    );
    Ok(())
}

#[tokio::test]
async fn reads_what_the_python_sdk_writes() -> Result<()> {
    let (store, _) = scratch_store()?;
    let codec = ClaimCheckCodec::new(store, "default", 4096);
    // `CompressionCodec().encode(...)` of the Python sample (gzip with a header timestamp).
    let python_gzip = Payload::decode(B64.decode(
        "ChcKCGVuY29kaW5nEgtiaW5hcnkvZ3ppcBJVH4sIAJ3CE2sC/+MS4+JIzUvOT8nMSxfiyirOz9MvyEnMzBNSr1ZKSixJzojPTFGyUnJyDHH20C2oVNJRyi9KSS2KT84vzStRsjKuBQClPmS4QQAAAA==",
    )?.as_slice())?;
    let decoded = codec.decode_one(python_gzip).await?;
    assert_eq!(decoded.data, br#"{"batch_id":"BATCH-py","order_count":3}"#);
    // The Python SDK's reference: `JSONProtoPayloadConverter` of an `ExternalStorageReference`.
    let python_reference = Payload {
        metadata: [
            ("encoding".to_owned(), b"json/protobuf".to_vec()),
            ("messageType".to_owned(), b"temporal.api.sdk.v1.ExternalStorageReference".to_vec()),
        ]
        .into(),
        data: br#"{"claimData":{"bucket":"temporal-payloads","hash_algorithm":"sha256","hash_value":"abc","key":"v0/ns/default/wt/X/wi/y/ri/z/d/sha256/abc"},"driverName":"aws.s3driver"}"#.to_vec(),
        ..Default::default()
    };
    let reference = reference_of(&python_reference)?.expect("a reference");
    assert_eq!(reference.driver_name, "aws.s3driver");
    assert_eq!(reference.claim_data.bucket, "temporal-payloads");
    assert_eq!(
        reference.claim_data.key,
        "v0/ns/default/wt/X/wi/y/ri/z/d/sha256/abc"
    );
    Ok(())
}

#[tokio::test]
async fn bad_store_locations_and_options_are_clear_errors() -> Result<()> {
    let dir = std::env::temp_dir().join(unique("external-storage-test"));
    let dir = dir.display().to_string();
    let option = |k: &str, v: &str| vec![(k.to_owned(), v.to_owned())];
    for (location, options, expected) in [
        ("s3://", vec![], "not an S3 bucket URL"),
        ("s3://bucket/prefix", vec![], "not an S3 bucket URL"),
        ("gs://bucket", vec![], "unsupported store"),
        (
            "s3://bucket",
            option("aws_endpint", "http://localhost:5000"),
            "unknown S3 store option `aws_endpint`",
        ),
        (
            dir.as_str(),
            option("aws_region", "us-east-1"),
            "applies to S3 stores only",
        ),
    ] {
        let err = store::open(location, &options)
            .err()
            .unwrap_or_else(|| panic!("`{location}` {options:?} must be refused"));
        assert!(
            err.to_string().contains(expected),
            "`{location}`: {err} (expected `{expected}`)"
        );
    }
    Ok(())
}

#[tokio::test]
async fn the_codec_server_resolves_references_and_says_which_key_is_missing() -> Result<()> {
    let (store, dir) = scratch_store()?;
    let codec = ClaimCheckCodec::new(store, "default", 4096);
    let small = json_payload(b"\"small\"".to_vec());
    let big = large(64 * 1024);
    let encoded = vec![
        codec.encode_one(&small).await?,
        codec.encode_one(&big).await?,
    ];
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let origin = "http://localhost:8233".to_owned();
    tokio::spawn(
        axum::serve(
            listener,
            external_storage::server::router(codec, vec![origin.clone()]),
        )
        .into_future(),
    );
    let http = reqwest::Client::new();
    let body = |payloads: &[Payload]| JsonPayloads {
        payloads: payloads.iter().map(JsonPayload::from_payload).collect(),
    };
    let post = |path: &str, payloads: &[Payload]| {
        http.post(format!("{base}{path}"))
            .header("origin", &origin)
            .json(&body(payloads))
            .send()
    };
    let decoded = |response: reqwest::Response| async move {
        let body: JsonPayloads = response.error_for_status()?.json().await?;
        body.payloads
            .iter()
            .map(|p| p.to_payload().map_err(anyhow::Error::msg))
            .collect::<Result<Vec<_>>>()
    };

    // /decode: the reference resolved, everything decompressed.
    let response = post("/decode", &encoded).await?;
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(origin.as_bytes())
    );
    assert_eq!(decoded(response).await?, vec![small.clone(), big.clone()]);
    // ?preserveStorageRefs=true: the reference stays a reference.
    let kept = decoded(post("/decode?preserveStorageRefs=true", &encoded).await?).await?;
    assert_eq!(kept[0], small);
    assert!(reference_of(&kept[1])?.is_some());
    // /download takes references only.
    assert_eq!(
        decoded(post("/download", &encoded[1..]).await?).await?,
        vec![big]
    );
    let refused = post("/download", &encoded).await?;
    assert_eq!(refused.status(), 400);
    // A missing object: 404, naming the key.
    let reference = reference_of(&encoded[1])?.expect("stored");
    std::fs::remove_file(object_file(&dir, &reference))?;
    let missing = post("/decode", &encoded).await?;
    assert_eq!(missing.status(), 404);
    let text = missing.text().await?;
    assert!(text.contains(&reference.claim_data.key), "{text}");
    // Another origin may not call it from a browser.
    let foreign = http
        .post(format!("{base}/decode"))
        .header("origin", "http://evil.example")
        .json(&body(&encoded[..1]))
        .send()
        .await?;
    assert_eq!(foreign.status(), 403);
    Ok(())
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
