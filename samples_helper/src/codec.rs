//! Installing a payload codec.
//!
//! A [`PayloadCodec`] transforms payloads on their way to and from the server (encryption,
//! compression). In the Rust SDK the codec is part of the client's [`DataConverter`], and a
//! worker uses the data converter of the client it was built from, so installing it once on the
//! client covers the starter, the worker and its workflows and activities alike. Both sides must
//! use the same codec: a worker without it cannot read what a starter with it wrote.

use temporalio_common::data_converters::{
    DataConverter, DefaultFailureConverter, PayloadCodec, PayloadConverter,
};

pub use temporalio_common::data_converters::{PayloadCodec as Codec, SerializationContextData};

/// A data converter with the SDK's JSON payload converter and the given codec.
///
/// With `encode_failure_attributes`, failure messages and stack traces are moved into an encoded
/// payload too, so the codec also protects error text (which often quotes user data).
pub fn data_converter_with_codec(
    codec: impl PayloadCodec + Send + Sync + 'static,
    encode_failure_attributes: bool,
) -> DataConverter {
    DataConverter::new(
        PayloadConverter::default(),
        DefaultFailureConverter::new(encode_failure_attributes),
        codec,
    )
}
