//! Demo transcripts: what each demo step printed, normalised so that two runs of the same code
//! print the same text. `cargo xtask demo --record` writes `samples/<name>/transcript.txt`; a plain
//! `cargo xtask demo` (CI) compares its own output with it and fails on the first difference. The
//! book includes the transcripts and a test checks the README's expected output against them, so
//! neither can show output the code no longer prints.

use std::{path::Path, sync::LazyLock};

use anyhow::{Result, bail};
use regex::Regex;

/// The file name of a sample's transcript, in its folder.
pub(crate) const FILE: &str = "transcript.txt";

const HEADER: &str = "# What `cargo xtask demo` printed for each step, normalised (ids, times, ports and\n\
# durations as placeholders). Re-record with `cargo xtask demo --record <sample>`.\n";

/// One demo step: the command as the README writes it, and what it printed.
pub(crate) struct StepOutput {
    pub(crate) command: String,
    pub(crate) stdout: Vec<String>,
    pub(crate) stderr: Vec<String>,
}

/// What varies from run to run, and the placeholder it becomes.
#[expect(
    clippy::expect_used,
    reason = "the patterns are constants, checked by every demo run"
)]
static VARYING: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (
            r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
            "<uuid>",
        ),
        (r"\b[0-9a-f]{32}\b", "<hex>"),
        // Random suffixes (`patched-workflow-id-9be5874e`) and prefixed ids (`W59418f79ed4c`).
        (r"-[0-9a-f]{8}\b", "-<hex>"),
        (r"\b([A-Z])[0-9a-f]{12}\b", "${1}<hex>"),
        // A worker's identity (`pid@host`) and ports the system chose.
        (r"\b\d+@[A-Za-z0-9._-]+", "<pid>@<host>"),
        (r"127\.0\.0\.1:\d{5}\b", "127.0.0.1:<port>"),
        (
            r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2}| UTC)?",
            "<time>",
        ),
        (
            r"\b\d+(\.\d+)?\s?(ns|µs|us|ms|s|secs?|seconds?|minutes?)\b",
            "<duration>",
        ),
    ]
    .into_iter()
    .map(|(pattern, placeholder)| (Regex::new(pattern).expect("a valid pattern"), placeholder))
    .collect()
});

/// The run's own values that a line may contain, replaced by the demo's placeholders.
pub(crate) struct Substitutions {
    pub(crate) literal: Vec<(String, &'static str)>,
    /// Port numbers, replaced where they stand as a whole number.
    pub(crate) ports: Vec<(String, &'static str)>,
}

impl Substitutions {
    /// `line` with this run's paths, ports and every id, time and duration replaced.
    pub(crate) fn normalise(&self, line: &str) -> String {
        let mut line = line.trim_end().to_owned();
        for (value, placeholder) in &self.literal {
            if !value.is_empty() {
                line = line.replace(value.as_str(), placeholder);
            }
        }
        for (port, placeholder) in &self.ports {
            // Not next to another digit (`example_40973` counts, `140973` does not).
            if let Ok(pattern) = Regex::new(&format!(r"(^|[^0-9]){port}([^0-9]|$)")) {
                let replacement = format!("${{1}}{placeholder}${{2}}");
                line = pattern
                    .replace_all(&line, replacement.as_str())
                    .into_owned();
            }
        }
        for (pattern, placeholder) in VARYING.iter() {
            line = pattern.replace_all(&line, *placeholder).into_owned();
        }
        line
    }
}

/// The transcript text of one demo run. A run of lines matching one of `volatile` (output whose
/// amount or order depends on timing, declared by the sample) becomes one `…` line.
pub(crate) fn render(sample: &str, steps: &[StepOutput], volatile: &[Regex]) -> String {
    let mut out = String::from(HEADER);
    for step in steps {
        out.push_str(&format!("\n$ cargo run -p {sample} {}\n", step.command));
        let mut in_volatile = false;
        for line in step.stdout.iter().chain(&step.stderr) {
            if volatile.iter().any(|v| v.is_match(line)) {
                if !in_volatile {
                    out.push_str("…\n");
                }
                in_volatile = true;
                continue;
            }
            in_volatile = false;
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Compares this run's transcript with the recorded one; the error names the first difference.
///
/// Lines matching one of `masks` (in the transcript and in this run alike) are compared as
/// equal whatever they say: `cargo xtask chaos` passes the lines a fault may change by design.
pub(crate) fn check(sample_dir: &Path, sample: &str, actual: &str, masks: &[Regex]) -> Result<()> {
    let path = sample_dir.join(FILE);
    let Ok(expected) = std::fs::read_to_string(&path) else {
        bail!(
            "`{}` is missing: record it with `cargo xtask demo --record {sample}`",
            path.display()
        );
    };
    let mask = |text: &str| -> String {
        if masks.is_empty() {
            return text.to_owned();
        }
        text.split_inclusive('\n')
            .map(|line| {
                if masks
                    .iter()
                    .any(|m| m.is_match(line.trim_end_matches('\n')))
                {
                    "(a line that may differ under faults)\n"
                } else {
                    line
                }
            })
            .collect()
    };
    let (expected, actual) = (mask(&expected), mask(actual));
    let actual = actual.as_str();
    if expected == actual {
        return Ok(());
    }
    let (mut expected_lines, mut actual_lines) = (expected.lines(), actual.lines());
    let mut number = 0;
    loop {
        number += 1;
        match (expected_lines.next(), actual_lines.next()) {
            (Some(e), Some(a)) if e == a => continue,
            (None, None) => bail!("`{}` differs from this run in line endings", path.display()),
            (e, a) => bail!(
                "the output differs from `{}` at line {number}:\n  recorded: {}\n  this run: {}\n\
                 If the change is intended, re-record with `cargo xtask demo --record {sample}`.",
                path.display(),
                e.unwrap_or("(end of transcript)"),
                a.unwrap_or("(end of output)"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_replaces_what_varies_and_keeps_the_rest() {
        let subs = Substitutions {
            literal: vec![("/tmp/demo-1".to_owned(), "{scratch}")],
            ports: vec![("40973".to_owned(), "{port}")],
        };
        assert_eq!(
            subs.normalise(
                "run 01a24404-aa4d-7c46-ac57-de7ccb448a1b of example_40973 at 127.0.0.1:40973 \
                 in /tmp/demo-1/x, 140973 calls"
            ),
            "run <uuid> of example_{port} at 127.0.0.1:{port} in {scratch}/x, 140973 calls"
        );
        assert_eq!(
            subs.normalise(
                "2026-12-05T02:29:28.923869Z took 159.3ms, id W59418f79ed4c, worker 32386@vm"
            ),
            "<time> took <duration>, id W<hex>, worker <pid>@<host>"
        );
        assert_eq!(subs.normalise("Hello, World!  "), "Hello, World!");
    }

    #[test]
    fn volatile_runs_collapse_to_one_line() -> Result<()> {
        let steps = [StepOutput {
            command: "starter".to_owned(),
            stdout: ["a", "  /0: 1 done", "  /1: 2 done", "b", "  /0: 3 done"]
                .map(str::to_owned)
                .to_vec(),
            stderr: vec!["error: x".to_owned()],
        }];
        let text = render("s", &steps, &[Regex::new(r"^  /\d+: ")?]);
        assert!(
            text.ends_with("\n$ cargo run -p s starter\na\n…\nb\n…\nerror: x\n"),
            "{text}"
        );
        Ok(())
    }

    #[test]
    fn a_difference_names_the_line_and_both_versions() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("transcript-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join(FILE),
            "# h\n\n$ cargo run -p s starter\nResult: 1\n",
        )?;
        assert!(
            check(
                &dir,
                "s",
                "# h\n\n$ cargo run -p s starter\nResult: 1\n",
                &[]
            )
            .is_ok()
        );
        // A masked line may say anything (chaos: a fault changed the route, not the outcome)...
        let masks = [Regex::new("^Result: \\d+$").unwrap()];
        assert!(
            check(
                &dir,
                "s",
                "# h\n\n$ cargo run -p s starter\nResult: 2\n",
                &masks
            )
            .is_ok()
        );
        // ...but not be missing.
        assert!(check(&dir, "s", "# h\n\n$ cargo run -p s starter\n", &masks).is_err());
        let err = check(
            &dir,
            "s",
            "# h\n\n$ cargo run -p s starter\nResult: 2\n",
            &[],
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("at line 4"), "{err}");
        assert!(
            err.contains("recorded: Result: 1") && err.contains("this run: Result: 2"),
            "{err}"
        );
        let missing = check(&dir.join("nowhere"), "s", "x", &[])
            .err()
            .map(|e| e.to_string());
        assert!(missing.unwrap_or_default().contains("--record s"));
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
