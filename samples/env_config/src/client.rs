//! Load a profile, see where each setting came from, connect. `main.rs` and the tests call these
//! same functions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use temporalio_client::envconfig::{
    ClientConfigProfile, DataSource, LoadClientConfigProfileOptions,
};
use temporalio_client::{Client, ClientOptions, Connection, ConnectionOptions};
use temporalio_common::envconfig::{
    ClientConfig, ClientConfigFromTOMLOptions, ConfigError, load_client_config_profile,
};

// ANCHOR: lesson
/// Where a resolved setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The profile in the file.
    File,
    /// An environment variable, which overrides the file.
    Environment(&'static str),
    /// The program, which overrides both.
    Code,
    /// Nobody set it: the SDK's default.
    Default,
}

/// One connection setting, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// `address`, `namespace`, `api_key`, `tls`, `grpc_meta`.
    pub name: &'static str,
    /// Its value (an API key is shown only as set or not).
    pub value: String,
    /// Where it came from.
    pub source: Source,
    /// What the file said, when something else overrode it.
    pub file_value: Option<String>,
}

/// A loaded profile: what the SDK connects with, and the account of where it came from.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The profile's name.
    pub profile_name: String,
    /// The file it came from.
    pub file: PathBuf,
    /// The settings the connection is built from.
    pub profile: ClientConfigProfile,
    /// Each setting and its source.
    pub settings: Vec<Setting>,
}

/// Loads `profile` from `file` and applies the environment: `env` in tests, the process's
/// environment when `None`. With no profile named, `TEMPORAL_PROFILE` names it, else `default`.
///
/// A missing file, malformed TOML and an unknown profile are errors that name the file and the
/// problem; a connection never starts from a half-read configuration.
pub fn load(
    file: &Path,
    profile: Option<&str>,
    env: Option<&HashMap<String, String>>,
) -> Result<Resolved> {
    if !file.is_file() {
        bail!("config file `{}` does not exist", file.display());
    }
    let from_env = |name: &str| match env {
        Some(map) => map.get(name).cloned(),
        None => std::env::var(name).ok(),
    };
    let profile_name = profile
        .map(str::to_owned)
        .or_else(|| from_env("TEMPORAL_PROFILE").filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "default".to_owned());
    let options = |disable_env: bool| {
        LoadClientConfigProfileOptions::builder()
            .config_source(DataSource::Path(file.display().to_string()))
            .config_file_profile(profile_name.clone())
            .disable_env(disable_env)
            .build()
    };
    let explain = |e: ConfigError| match e {
        ConfigError::ProfileNotFound(name) => anyhow!(
            "profile `{name}` not found in `{}` (it has: {})",
            file.display(),
            profile_names(file).join(", ")
        ),
        other => anyhow!("cannot load `{}`: {other}", file.display()),
    };
    // Twice: the file alone, then with the environment on top, to tell which one set what.
    let from_file = load_client_config_profile(options(true), env).map_err(explain)?;
    let resolved = load_client_config_profile(options(false), env).map_err(explain)?;

    let setting = |name, variable, file: Option<String>, value: Option<String>, default: &str| {
        let source = match (&file, &value) {
            (_, Some(v)) if file.as_ref() != Some(v) => Source::Environment(variable),
            (Some(_), _) => Source::File,
            (None, _) => Source::Default,
        };
        Setting {
            name,
            value: value.unwrap_or_else(|| default.to_owned()),
            file_value: (matches!(source, Source::Environment(_)))
                .then_some(file)
                .flatten(),
            source,
        }
    };
    let shown = |key: &Option<String>| key.as_ref().map(|_| "(set)".to_owned());
    let tls = |p: &ClientConfigProfile| {
        p.tls
            .as_ref()
            .map(|t| (t.disabled != Some(true)).to_string())
    };
    let meta = |p: &ClientConfigProfile| {
        let mut pairs: Vec<String> = p
            .grpc_meta
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        pairs.sort();
        (!pairs.is_empty()).then(|| pairs.join(", "))
    };
    let settings = vec![
        setting(
            "address",
            "TEMPORAL_ADDRESS",
            from_file.address.clone(),
            resolved.address.clone(),
            "localhost:7233",
        ),
        setting(
            "namespace",
            "TEMPORAL_NAMESPACE",
            from_file.namespace.clone(),
            resolved.namespace.clone(),
            "default",
        ),
        setting(
            "api_key",
            "TEMPORAL_API_KEY",
            shown(&from_file.api_key),
            shown(&resolved.api_key),
            "(none)",
        ),
        setting(
            "tls",
            "TEMPORAL_TLS",
            tls(&from_file),
            tls(&resolved),
            "false",
        ),
        setting(
            "grpc_meta",
            "TEMPORAL_GRPC_META_*",
            meta(&from_file),
            meta(&resolved),
            "(none)",
        ),
    ];
    Ok(Resolved {
        profile_name,
        file: file.to_owned(),
        profile: resolved,
        settings,
    })
}

/// Overrides the address in code: the last word, over the file and the environment.
pub fn override_address(resolved: &mut Resolved, address: &str) {
    resolved.profile.address = Some(address.to_owned());
    if let Some(setting) = resolved.settings.iter_mut().find(|s| s.name == "address") {
        if setting.source == Source::File {
            setting.file_value = Some(setting.value.clone());
        }
        setting.value = address.to_owned();
        setting.source = Source::Code;
    }
}

/// Connects with the resolved settings: the SDK turns the profile into connection options
/// (address, TLS, API key, gRPC metadata) and the namespace into client options.
pub async fn connect(resolved: &Resolved) -> Result<Client> {
    let address = resolved.profile.address.clone().unwrap_or_default();
    let namespace = resolved
        .profile
        .namespace
        .clone()
        .unwrap_or_else(|| "default".to_owned());
    let mut options = ConnectionOptions::try_from(resolved.profile.clone()).map_err(|e| {
        anyhow!(
            "profile `{}` is not a valid connection: {e}",
            resolved.profile_name
        )
    })?;
    options.connect_timeout = Some(Duration::from_secs(5));
    let connection = Connection::connect(options).await.with_context(|| {
        format!(
            "cannot connect to `{address}` (profile `{}` of `{}`)",
            resolved.profile_name,
            resolved.file.display()
        )
    })?;
    Ok(Client::new(
        connection,
        ClientOptions::new(namespace).build(),
    )?)
}
// ANCHOR_END: lesson

/// The profiles a file defines, for the error that names a missing one.
fn profile_names(file: &Path) -> Vec<String> {
    let parsed = std::fs::read(file).ok().and_then(|bytes| {
        ClientConfig::from_toml(&bytes, ClientConfigFromTOMLOptions::default()).ok()
    });
    let mut names: Vec<String> = parsed
        .map(|config| config.profiles.into_keys().collect())
        .unwrap_or_default();
    names.sort();
    names
}
