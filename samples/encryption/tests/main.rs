//! The one test binary: its modules are folders (`end_to_end/mod.rs`), so Cargo builds no other.

mod codec;
mod end_to_end;

// The tests recorded these histories with key `x` = 32 bytes of x's first byte.
samples_helper::replay_test!(at_least = 2, |options| options
    .data_converter(encryption::data_converter(encryption::KeyRing::new(
        "b",
        [("a".to_owned(), [b'a'; 32]), ("b".to_owned(), [b'b'; 32])],
    )?))
    .register_workflow::<encryption::GreetingWorkflow>()?
    .register_workflow::<encryption::ReportWorkflow>()?);
