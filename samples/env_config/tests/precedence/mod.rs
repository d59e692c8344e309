//! File, environment, code: which wins, checked setting by setting. The environment is a map
//! here (the SDK's loader takes one), so the tests never touch the process's environment.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use env_config::CONFIG_FILE;
use env_config::client::{self, Resolved, Setting, Source};

/// (profile asked for, environment, expected profile, address, namespace)
type Case<'a> = (
    Option<&'a str>,
    HashMap<String, String>,
    &'a str,
    (String, Source),
    (String, Source),
);

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn setting<'a>(resolved: &'a Resolved, name: &str) -> &'a Setting {
    resolved
        .settings
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no `{name}` setting"))
}

fn value_and_source(resolved: &Resolved, name: &str) -> (String, Source) {
    let s = setting(resolved, name);
    (s.value.clone(), s.source.clone())
}

#[test]
fn the_precedence_table() -> Result<()> {
    let file = Path::new(CONFIG_FILE);
    let file_ = |v: &str| (v.to_owned(), Source::File);
    let cases: Vec<Case<'_>> = vec![
        (
            None,
            env(&[]),
            "default",
            file_("localhost:7233"),
            file_("default"),
        ),
        (
            None,
            env(&[("TEMPORAL_ADDRESS", "10.0.0.1:7233")]),
            "default",
            (
                "10.0.0.1:7233".to_owned(),
                Source::Environment("TEMPORAL_ADDRESS"),
            ),
            file_("default"),
        ),
        (
            None,
            env(&[("TEMPORAL_NAMESPACE", "payments")]),
            "default",
            file_("localhost:7233"),
            (
                "payments".to_owned(),
                Source::Environment("TEMPORAL_NAMESPACE"),
            ),
        ),
        // TEMPORAL_PROFILE picks the profile when the program names none…
        (
            None,
            env(&[("TEMPORAL_PROFILE", "staging")]),
            "staging",
            file_("localhost:9999"),
            file_("staging"),
        ),
        // …and a profile the program names wins over it.
        (
            Some("staging"),
            env(&[("TEMPORAL_PROFILE", "prod")]),
            "staging",
            file_("localhost:9999"),
            file_("staging"),
        ),
        // The environment overrides whichever profile was chosen.
        (
            Some("staging"),
            env(&[("TEMPORAL_ADDRESS", "localhost:7233")]),
            "staging",
            (
                "localhost:7233".to_owned(),
                Source::Environment("TEMPORAL_ADDRESS"),
            ),
            file_("staging"),
        ),
    ];
    for (asked, environment, profile, address, namespace) in cases {
        let resolved = client::load(file, asked, Some(&environment))?;
        let case = format!("{asked:?} with {environment:?}");
        assert_eq!(resolved.profile_name, profile, "{case}");
        assert_eq!(value_and_source(&resolved, "address"), address, "{case}");
        assert_eq!(
            value_and_source(&resolved, "namespace"),
            namespace,
            "{case}"
        );
    }

    // Code has the last word, and the account keeps what the file said.
    let mut resolved = client::load(file, Some("staging"), Some(&env(&[])))?;
    client::override_address(&mut resolved, "localhost:7233");
    let address = setting(&resolved, "address");
    assert_eq!(
        (address.value.as_str(), &address.source),
        ("localhost:7233", &Source::Code)
    );
    assert_eq!(address.file_value.as_deref(), Some("localhost:9999"));
    assert_eq!(resolved.profile.address.as_deref(), Some("localhost:7233"));

    // What the file's profiles carry besides the address: metadata, an API key, TLS.
    let default = client::load(file, None, Some(&env(&[])))?;
    assert_eq!(
        value_and_source(&default, "grpc_meta"),
        file_("my-custom-header=development-value, trace-id=dev-trace-123")
    );
    assert_eq!(
        value_and_source(&default, "api_key"),
        ("(none)".to_owned(), Source::Default)
    );
    let prod = client::load(file, Some("prod"), Some(&env(&[])))?;
    assert_eq!(
        value_and_source(&prod, "api_key"),
        file_("(set)"),
        "the key itself is never shown"
    );
    assert_eq!(value_and_source(&prod, "tls"), file_("true"));
    Ok(())
}

#[test]
fn a_missing_file_malformed_toml_and_an_unknown_profile_are_named() -> Result<()> {
    let error = client::load(
        Path::new("/nonexistent/temporal.toml"),
        None,
        Some(&env(&[])),
    )
    .err()
    .context("a missing file loaded")?;
    assert_eq!(
        format!("{error:#}"),
        "config file `/nonexistent/temporal.toml` does not exist"
    );

    let dir = std::env::temp_dir().join(format!("env-config-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let malformed = dir.join("malformed.toml");
    std::fs::write(
        &malformed,
        "[profile.default]\naddress = \"localhost:7233\n",
    )?;
    let error = client::load(&malformed, None, Some(&env(&[])))
        .err()
        .context("malformed TOML loaded")?;
    let message = format!("{error:#}");
    assert!(
        message.contains(&format!("cannot load `{}`", malformed.display()))
            && message.contains("TOML parse error at line 2"),
        "{message}"
    );

    let error = client::load(Path::new(CONFIG_FILE), Some("qa"), Some(&env(&[])))
        .err()
        .context("an unknown profile loaded")?;
    assert_eq!(
        format!("{error:#}"),
        format!("profile `qa` not found in `{CONFIG_FILE}` (it has: default, prod, staging)")
    );
    // The same through TEMPORAL_PROFILE.
    let error = client::load(
        Path::new(CONFIG_FILE),
        None,
        Some(&env(&[("TEMPORAL_PROFILE", "qa")])),
    )
    .err()
    .context("an unknown profile from the environment loaded")?;
    assert!(
        format!("{error:#}").starts_with("profile `qa` not found"),
        "{error:#}"
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
