//! The one test binary of this sample: end-to-end tests against a real dev server and the
//! replay test, as modules (one linked binary keeps the build small).

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
