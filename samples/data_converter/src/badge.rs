//! A type with its own payload encoding: raw bytes as `binary/plain`.

use std::collections::HashMap;

use temporalio_common::{
    data_converters::{
        PayloadConversionError, SerializationContext, TemporalDeserializable, TemporalSerializable,
    },
    protos::temporal::api::common::v1::Payload,
};

use crate::models::{MyModel, Priority};

// ANCHOR: lesson
/// The payload metadata key every SDK reads to pick a decoder.
pub const ENCODING_KEY: &str = "encoding";
/// Temporal's standard encoding for raw bytes.
pub const BINARY_PLAIN: &str = "binary/plain";

/// A small BMP image summarising a model. Sent as bytes, not JSON.
///
/// This type deliberately does not implement serde's traits: it implements the SDK's
/// [`TemporalSerializable`] / [`TemporalDeserializable`] itself, which the default converter
/// tries before JSON. That is the SDK's hook for giving one type its own encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge(pub Vec<u8>);

impl TemporalSerializable for Badge {
    fn to_payload(
        &self,
        _ctx: &SerializationContext<'_>,
    ) -> Result<Payload, PayloadConversionError> {
        Ok(Payload {
            metadata: HashMap::from([(ENCODING_KEY.to_owned(), BINARY_PLAIN.as_bytes().to_vec())]),
            data: self.0.clone(),
            ..Default::default()
        })
    }
}

impl TemporalDeserializable for Badge {
    fn from_payload(
        _ctx: &SerializationContext<'_>,
        payload: Payload,
    ) -> Result<Self, PayloadConversionError> {
        // Decode only what was encoded our way; anything else is someone else's format.
        match payload.metadata.get(ENCODING_KEY).map(Vec::as_slice) {
            Some(encoding) if encoding == BINARY_PLAIN.as_bytes() => Ok(Self(payload.data)),
            _ => Err(PayloadConversionError::WrongEncoding),
        }
    }
}

impl Badge {
    /// A 16×16 24-bit BMP: the priority's colour, with a band whose width follows the IP's last
    /// byte. Deterministic, so it is safe to compute anywhere.
    pub fn render(model: &MyModel) -> Self {
        const SIDE: u32 = 16;
        let colour: [u8; 3] = match model.priority {
            Priority::Low => [0x60, 0xa0, 0x60],
            Priority::Normal => [0xc0, 0x90, 0x30],
            Priority::High => [0x30, 0x30, 0xd0],
        };
        let last_octet = match model.some_ip {
            std::net::IpAddr::V4(ip) => ip.octets()[3],
            std::net::IpAddr::V6(ip) => ip.octets()[15],
        };
        let band = u32::from(last_octet) % SIDE;
        let row_bytes = SIDE * 3; // 48: already a multiple of 4, so no row padding
        let pixels = row_bytes * SIDE;
        let mut bmp = Vec::with_capacity(54 + pixels as usize);
        bmp.extend_from_slice(b"BM");
        bmp.extend_from_slice(&(54 + pixels).to_le_bytes());
        bmp.extend_from_slice(&[0; 4]);
        bmp.extend_from_slice(&54u32.to_le_bytes());
        bmp.extend_from_slice(&40u32.to_le_bytes());
        bmp.extend_from_slice(&SIDE.to_le_bytes());
        bmp.extend_from_slice(&SIDE.to_le_bytes());
        bmp.extend_from_slice(&1u16.to_le_bytes());
        bmp.extend_from_slice(&24u16.to_le_bytes());
        bmp.extend_from_slice(&[0; 24]);
        for _row in 0..SIDE {
            for col in 0..SIDE {
                bmp.extend_from_slice(if col <= band {
                    &colour
                } else {
                    &[0xff, 0xff, 0xff]
                });
            }
        }
        Self(bmp)
    }
}
// ANCHOR_END: lesson
