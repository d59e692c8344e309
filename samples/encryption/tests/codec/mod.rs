//! The codec on its own: round trips, nonces, compatibility with the Python sample, key errors.

use anyhow::{Context, Result};
use base64::{Engine, engine::general_purpose::STANDARD as B64};
use encryption::{
    CodecError, KeyFile, KeyRing,
    codec::{ENCODING_KEY, ENCRYPTED_ENCODING, KEY_ID_KEY},
    server::{JsonPayload, JsonPayloads},
};
use temporalio_common::protos::temporal::api::common::v1::Payload;

fn ring(current: &str, ids: &[&str]) -> Result<KeyRing> {
    let keys = ids
        .iter()
        .enumerate()
        .map(|(i, id)| ((*id).to_owned(), [i as u8 + 1; 32]));
    Ok(KeyRing::new(current, keys)?)
}

fn payload(text: &str) -> Payload {
    Payload {
        metadata: [("encoding".to_owned(), b"json/plain".to_vec())].into(),
        data: format!("{text:?}").into_bytes(),
        ..Default::default()
    }
}

#[test]
fn round_trip_and_metadata() -> Result<()> {
    let ring = ring("k1", &["k1"])?;
    let plain = payload("secret");
    let encrypted = ring.encrypt(&plain)?;
    assert_eq!(
        encrypted.metadata[ENCODING_KEY],
        ENCRYPTED_ENCODING.as_bytes()
    );
    assert_eq!(encrypted.metadata[KEY_ID_KEY], b"k1");
    assert!(
        !encrypted.data.windows(6).any(|w| w == b"secret"),
        "the plaintext must not show"
    );
    // nonce (12) + serialized payload + tag (16)
    assert_eq!(
        encrypted.data.len(),
        12 + prost::Message::encoded_len(&plain) + 16
    );
    assert_eq!(ring.decrypt(encrypted)?, plain);
    Ok(())
}

#[test]
fn two_encodings_of_the_same_payload_differ() -> Result<()> {
    let ring = ring("k1", &["k1"])?;
    let plain = payload("same");
    let (a, b) = (ring.encrypt(&plain)?, ring.encrypt(&plain)?);
    assert_ne!(a.data, b.data, "a fresh random nonce per encryption");
    assert_eq!(ring.decrypt(a)?, ring.decrypt(b)?);
    Ok(())
}

#[test]
fn other_encodings_pass_through_on_decode() -> Result<()> {
    let ring = ring("k1", &["k1"])?;
    let plain = payload("not encrypted");
    assert_eq!(ring.decrypt(plain.clone())?, plain);
    Ok(())
}

#[test]
fn payloads_encrypted_by_the_python_sample_codec_decrypt() -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Case {
        plain: JsonPayload,
        encrypted: JsonPayload,
    }
    #[derive(serde::Deserialize)]
    struct Fixture {
        key_id: String,
        key: String,
        cases: Vec<Case>,
    }
    let fixture: Fixture = serde_json::from_str(include_str!("../fixtures/python_encrypted.json"))?;
    let key: [u8; 32] = B64
        .decode(&fixture.key)?
        .try_into()
        .ok()
        .context("32-byte key")?;
    let ring = KeyRing::new(&fixture.key_id, [(fixture.key_id.clone(), key)])?;
    assert_eq!(fixture.cases.len(), 3);
    for case in fixture.cases {
        let decrypted = ring.decrypt(case.encrypted.to_payload().map_err(anyhow::Error::msg)?)?;
        assert_eq!(
            decrypted,
            case.plain.to_payload().map_err(anyhow::Error::msg)?
        );
    }
    Ok(())
}

#[test]
fn rotation_decrypts_old_keys_and_encrypts_with_the_current_one() -> Result<()> {
    let old = ring("a", &["a"])?;
    let rotated = ring("b", &["a", "b"])?;
    let under_a = old.encrypt(&payload("x"))?;
    assert_eq!(rotated.decrypt(under_a)?, payload("x"));
    assert_eq!(rotated.encrypt(&payload("y"))?.metadata[KEY_ID_KEY], b"b");
    Ok(())
}

#[test]
fn key_errors_are_clear() -> Result<()> {
    let under_a = ring("a", &["a"])?.encrypt(&payload("x"))?;
    // A ring without key `a` names the missing id.
    let err = ring("b", &["b"])?.decrypt(under_a.clone()).unwrap_err();
    assert!(
        matches!(&err, CodecError::UnknownKey(id) if id == "a"),
        "{err}"
    );
    assert!(err.to_string().contains("key `a`"));
    // Same id, different key bytes: an authentication failure, not garbage output.
    let impostor = KeyRing::new("a", [("a".to_owned(), [9; 32])])?;
    assert!(matches!(impostor.decrypt(under_a), Err(CodecError::Decrypt(id)) if id == "a"));

    assert!(matches!(KeyRing::new("a", []), Err(CodecError::NoKeys)));
    let bad = KeyFile {
        current: "k".into(),
        keys: [("k".into(), "c2hvcnQ=".into())].into(),
    };
    let err = KeyRing::from_file(&bad).unwrap_err();
    assert!(
        err.to_string().contains("5 bytes instead of 32")
            && err.to_string().contains("generate-key"),
        "{err}"
    );
    let err = KeyFile::read(std::path::Path::new("/nonexistent/keys.json")).unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/keys.json")
            && err.to_string().contains("generate-key"),
        "{err}"
    );
    Ok(())
}

#[test]
fn json_form_round_trips() -> Result<()> {
    let p = payload("j");
    let json = serde_json::to_string(&JsonPayloads {
        payloads: vec![JsonPayload::from_payload(&p)],
    })?;
    let back: JsonPayloads = serde_json::from_str(&json)?;
    assert_eq!(
        back.payloads[0].to_payload().map_err(anyhow::Error::msg)?,
        p
    );
    Ok(())
}
