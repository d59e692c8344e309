//! The Prometheus text-format parser the tests and the `scrape` subcommand use. No server.

use metrics::support::scrape::{parse, value};

#[test]
fn parses_series_labels_escapes_and_infinity() {
    let text = "# HELP x A counter\n# TYPE x counter\n\
                x{a=\"1\",b=\"say \\\"hi\\\"\"} 3\n\
                y_bucket{le=\"+Inf\"} 2\nz 1.5\n";
    let samples = parse(text).unwrap();
    assert_eq!(samples.len(), 3);
    assert_eq!(samples[0].labels["b"], "say \"hi\"");
    assert_eq!(value(&samples, "x", &[("a", "1")]).unwrap(), Some(3.0));
    assert_eq!(
        value(&samples, "y_bucket", &[("le", "+Inf")]).unwrap(),
        Some(2.0)
    );
    assert_eq!(value(&samples, "z", &[]).unwrap(), Some(1.5));
    assert_eq!(value(&samples, "x", &[("a", "2")]).unwrap(), None);
}

#[test]
fn rejects_malformed_lines_naming_them() {
    let err = parse("ok 1\nbroken{a=\"1\" 2\n").unwrap_err();
    assert!(format!("{err:#}").contains("line 2"), "{err:#}");
}
