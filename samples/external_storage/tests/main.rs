//! The one test binary: its modules are folders (`end_to_end/mod.rs`), so Cargo builds no other.

mod end_to_end;
mod storage;

// The tests record these histories with a threshold of 4 KiB into `tests/histories/store`, which
// is committed with them: replaying needs the payloads the references point at.
samples_helper::replay_test!(at_least = 1, |options| options
    .data_converter(external_storage::data_converter(
        external_storage::ClaimCheckCodec::new(
            external_storage::support::store::open(
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests/histories/store"),
                &[]
            )?,
            "default",
            4096
        )
    ))
    .register_workflow::<external_storage::ProcessOrderBatchWorkflow>()?);
