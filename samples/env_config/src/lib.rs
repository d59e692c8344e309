//! # Environment configuration: connection settings outside the code
//!
//! The same worker and starter should run against a local dev server, a staging cluster and
//! Temporal Cloud without a code change. The Temporal CLI and every SDK read connection settings
//! the same way, so one file serves them all:
//!
//! 1. a **profile** from a TOML file (`temporal.toml` in the platform's config directory, or the
//!    file named by `TEMPORAL_CONFIG_FILE`), chosen by name or by `TEMPORAL_PROFILE`, else
//!    `default`;
//! 2. **environment variables** on top (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`,
//!    `TEMPORAL_API_KEY`, `TEMPORAL_TLS_*`, …), for what differs per deployment;
//! 3. **overrides in code** last, for what the program itself decides.
//!
//! [`client`] loads a profile with the SDK's `envconfig`, reports where each setting came from,
//! and connects. The application it connects is `hello_activity`'s, unchanged: configuration is
//! not the application's business.
//!
//! Run it (with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p env_config worker                 # the default profile of config.toml
//! cargo run -p env_config starter [--profile default]
//! cargo run -p env_config load-profile           # staging, its address corrected in code
//! ```

pub mod client;

/// The sample's own profiles file (the Python sample's `config.toml`).
pub const CONFIG_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml");
