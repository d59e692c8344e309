//! The samples, as the workspace declares them: every directory under `samples/` with a
//! `Cargo.toml`. Their one-line `description` and their `demo.toml` (beside the manifest, so the
//! manifest says only what Cargo needs) are the only source of truth for the README index and the
//! demo runner.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// One sample crate.
#[derive(Debug)]
pub(crate) struct Sample {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) demo: Demo,
}

/// A sample's `demo.toml`: how `cargo xtask demo` runs the sample.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Demo {
    /// Where the sample comes in the README index and the demo (lower first; default 100, then
    /// by name): the first lesson comes first.
    #[serde(default = "default_order")]
    pub(crate) order: u32,
    /// Commands run before the worker starts (e.g. creating a key file it needs).
    #[serde(default)]
    pub(crate) setup: Vec<Step>,
    /// Long-running helpers started before the worker and stopped after it (e.g. a TLS proxy).
    #[serde(default)]
    pub(crate) services: Vec<Service>,
    /// Arguments of the worker process (usually `["worker", …]`).
    pub(crate) worker: Vec<String>,
    /// Commands run one after another once the worker is ready. In every argument list,
    /// `{scratch}` is replaced by a temporary directory private to this demo run, `{sample_dir}`
    /// by the sample's folder, `{port}` and `{port2}` by two free ports and `{temporal_address}` by the server's
    /// `host:port`.
    pub(crate) steps: Vec<Step>,
    /// Why a fault may make this sample's demo fail by design (`cargo xtask chaos` reports such
    /// a failure as expected, with this reason, instead of failing).
    #[serde(default)]
    pub(crate) chaos_may_fail: Option<String>,
    /// For `cargo xtask chaos` only: lines that say how the run went (which host did the work)
    /// and may differ when a fault changed the route but not the outcome, and why.
    #[serde(default)]
    pub(crate) chaos_may_differ: Option<ChaosMayDiffer>,
    /// Environment variables for every process of the run (services, worker, steps; the
    /// placeholders as in `steps`), for configuration a sample reads from the environment.
    #[serde(default)]
    pub(crate) env: std::collections::BTreeMap<String, String>,
    /// Invalid command lines and what each one's `error:` line must say (`cargo xtask
    /// bad-input`; placeholders `{scratch}` and `{sample_dir}` as in `steps`).
    #[serde(default)]
    pub(crate) bad_input: Vec<BadInput>,
    /// Regular expressions for output lines whose number or order depends on timing (progress
    /// reports, log lines of an in-process worker); the transcript shows each run of them as `…`.
    #[serde(default)]
    pub(crate) volatile: Vec<String>,
}

fn default_order() -> u32 {
    100
}

/// A helper process of a demo.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Service {
    /// The program to run (found on PATH); the sample's own binary when absent.
    pub(crate) program: Option<String>,
    pub(crate) args: Vec<String>,
    /// The line it prints once it is ready.
    pub(crate) ready: String,
}

/// Output lines a fault may change by design (regular expressions), and why.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChaosMayDiffer {
    pub(crate) lines: Vec<String>,
    pub(crate) why: String,
}

/// An invalid command line of a sample, and the text its one `error:` line must contain.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BadInput {
    pub(crate) args: Vec<String>,
    pub(crate) error: String,
}

/// One command of a demo.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Step {
    pub(crate) args: Vec<String>,
    /// The step demonstrates a failure: it must exit non-zero.
    #[serde(default)]
    pub(crate) expect_failure: bool,
    /// Give up after this many seconds (default 120).
    pub(crate) timeout_secs: Option<u64>,
}

#[derive(Deserialize)]
struct Manifest {
    package: Package,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    description: Option<String>,
}

/// Every sample under `root/samples`, in index order (the demo's `order`, then the name).
pub(crate) fn discover(root: &Path) -> Result<Vec<Sample>> {
    let dir = root.join("samples");
    let mut samples = Vec::new();
    for entry in
        std::fs::read_dir(&dir).with_context(|| format!("cannot list `{}`", dir.display()))?
    {
        let path = entry?.path();
        let manifest_path = path.join("Cargo.toml");
        if !manifest_path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&manifest_path)?;
        let manifest: Manifest = toml::from_str(&text)
            .with_context(|| format!("cannot parse `{}`", manifest_path.display()))?;
        let package = manifest.package;
        let folder = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if package.name != folder {
            bail!(
                "`{}`: the package name must equal the folder name `{folder}`",
                manifest_path.display()
            );
        }
        let description = package
            .description
            .with_context(|| format!("`{}` has no description", manifest_path.display()))?;
        let demo_path = path.join("demo.toml");
        let demo_text = std::fs::read_to_string(&demo_path).with_context(|| {
            format!(
                "cannot read `{}` (every sample has one: how the demo runs it)",
                demo_path.display()
            )
        })?;
        let demo: Demo = toml::from_str(&demo_text)
            .with_context(|| format!("cannot parse `{}`", demo_path.display()))?;
        samples.push(Sample {
            name: package.name,
            description,
            demo,
        });
    }
    samples.sort_by(|a, b| (a.demo.order, &a.name).cmp(&(b.demo.order, &b.name)));
    Ok(samples)
}

const INDEX_START: &str = "<!-- sample-index:start (generated by `cargo xtask readme`) -->";
const INDEX_END: &str = "<!-- sample-index:end -->";

/// The README index table for `samples`.
pub(crate) fn index(samples: &[Sample]) -> String {
    let mut out = String::from("| sample | what it shows |\n|---|---|\n");
    for s in samples {
        out.push_str(&format!(
            "| [{0}](samples/{0}) | {1} |\n",
            s.name, s.description
        ));
    }
    out
}

/// The README with its index section replaced by a freshly generated one.
pub(crate) fn readme_with_index(readme: &str, samples: &[Sample]) -> Result<String> {
    let (before, rest) = readme
        .split_once(INDEX_START)
        .context("README.md has no sample-index start marker")?;
    let (_, after) = rest
        .split_once(INDEX_END)
        .context("README.md has no sample-index end marker")?;
    Ok(format!(
        "{before}{INDEX_START}\n{}{INDEX_END}{after}",
        index(samples)
    ))
}

pub(crate) fn write_readme_index(root: &Path) -> Result<()> {
    let path = root.join("README.md");
    let readme = std::fs::read_to_string(&path)?;
    let samples = discover(root)?;
    let readme = readme_with_index(&readme, &samples)?;
    let table = crate::layout::table(root, &samples)?;
    std::fs::write(&path, crate::layout::readme_with_table(&readme, &table)?)?;
    println!(
        "README.md: indexed {} samples, measured their layout:\n{table}",
        samples.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn root() -> PathBuf {
        crate::workspace_root()
    }

    /// The index drifts the moment someone adds a sample and forgets the README: fail then.
    #[test]
    fn readme_index_matches_the_workspace() -> Result<()> {
        let readme = std::fs::read_to_string(root().join("README.md"))?;
        let samples = discover(&root())?;
        let current = readme
            .split_once(INDEX_START)
            .and_then(|(_, rest)| rest.split_once(INDEX_END))
            .map(|(index, _)| index.trim().to_owned())
            .context("README.md has no sample index markers")?;
        assert_eq!(
            current,
            index(&samples).trim(),
            "README.md's sample index is stale: run `cargo xtask readme`"
        );
        Ok(())
    }

    #[test]
    fn the_connection_log_variable_is_the_one_the_helper_writes() {
        let helper = text_of(&root().join("samples_helper/src/connect.rs"));
        assert!(
            helper.contains(&format!(
                "CONNECTIONS_LOG_ENV: &str = \"{}\"",
                crate::samples_helper_connections_env()
            )),
            "xtask's connection-log variable differs from samples_helper's CONNECTIONS_LOG_ENV"
        );
    }

    #[test]
    fn every_sample_has_a_readme_tests_and_a_demo() -> Result<()> {
        let samples = discover(&root())?;
        assert!(!samples.is_empty());
        for s in &samples {
            let dir = root().join("samples").join(&s.name);
            let readme = std::fs::read_to_string(dir.join("README.md"))
                .with_context(|| format!("{} has no README.md", s.name))?;
            assert!(
                readme.contains(&format!("cargo run -p {} worker", s.name)),
                "{}'s README does not say how to run its worker",
                s.name
            );
            // A replay test alone does not count: some test must run the sample against a
            // server (end-to-end tests get their client from `test_client*`, or connect
            // themselves: mtls through its TLS front, env_config from a profile pointed at
            // `server_address()`).
            // One test binary per sample: Cargo makes a binary of every `tests/*.rs`, so
            // `main.rs` is the only file there and its modules are folders (`end_to_end/mod.rs`).
            let top_level: Vec<_> = std::fs::read_dir(dir.join("tests"))
                .with_context(|| format!("{} has no tests directory", s.name))?
                .map(|entry| entry.map(|e| e.path()))
                .collect::<std::io::Result<_>>()?;
            let binaries: Vec<_> = top_level
                .iter()
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .collect();
            assert!(
                binaries == [&dir.join("tests/main.rs")],
                "{}: tests/ must hold one test binary, main.rs, with its modules as folders \
                 (tests/<module>/mod.rs); found {binaries:?}",
                s.name
            );
            let mut end_to_end = Vec::new();
            let mut pending = vec![dir.join("tests")];
            while let Some(folder) = pending.pop() {
                let entries = std::fs::read_dir(&folder)
                    .with_context(|| format!("{} has no {} directory", s.name, folder.display()))?;
                for entry in entries {
                    let path = entry?.path();
                    if path.is_dir() {
                        pending.push(path);
                    } else if path.extension().is_some_and(|x| x == "rs")
                        && ["test_client", ".connect()", "server_address()"]
                            .iter()
                            .any(|needle| text_of(&path).contains(needle))
                    {
                        end_to_end.push(path);
                    }
                }
            }
            assert!(
                !end_to_end.is_empty(),
                "{} has no end-to-end test (tests/ holds no test that connects to a server)",
                s.name
            );
            assert!(!s.demo.steps.is_empty(), "{}'s demo has no steps", s.name);
            assert!(
                s.demo
                    .steps
                    .iter()
                    .any(|step| step.args.first().is_some_and(|a| a == "starter")),
                "{}'s demo does not run its starter",
                s.name
            );
            assert_eq!(
                s.demo.worker.first().map(String::as_str),
                Some("worker"),
                "{}",
                s.name
            );
        }
        Ok(())
    }

    fn text_of(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_default()
    }

    /// `cargo run -p <sample> worker` and `cargo run -p <sample> starter` are how the samples are
    /// used: every sample's binary must list both subcommands in its `--help`.
    #[test]
    fn every_sample_binary_has_a_worker_and_a_starter() -> Result<()> {
        // The samples' binaries sit beside this test's `deps/` folder; `cargo test --workspace`
        // (what `cargo xtask test` runs) builds them before any test runs.
        let exe = std::env::current_exe()?;
        let bin_dir = exe
            .parent()
            .and_then(Path::parent)
            .context("test binary location")?;
        for s in discover(&root())? {
            let bin = bin_dir.join(format!("{}{}", s.name, std::env::consts::EXE_SUFFIX));
            let output = std::process::Command::new(&bin)
                .arg("--help")
                .output()
                .with_context(|| {
                    format!(
                        "cannot run `{}`: build the samples first (`cargo build --workspace`)",
                        bin.display()
                    )
                })?;
            assert!(output.status.success(), "`{} --help` failed", s.name);
            let help = String::from_utf8_lossy(&output.stdout);
            let commands: Vec<&str> = help
                .split_once("Commands:")
                .map(|(_, rest)| rest)
                .unwrap_or_default()
                .lines()
                .skip(1)
                .take_while(|l| !l.trim().is_empty())
                .filter_map(|l| l.split_whitespace().next())
                .collect();
            for wanted in ["worker", "starter"] {
                assert!(
                    commands.contains(&wanted),
                    "`cargo run -p {} {wanted}` does not exist (subcommands: {commands:?})",
                    s.name
                );
            }
        }
        Ok(())
    }

    /// Every `.rs` file under `dir`, concatenated.
    fn rust_sources(dir: &Path) -> String {
        let mut text = String::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return text;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                text += &rust_sources(&path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                text += &text_of(&path);
            }
        }
        text
    }

    /// `text` names `ident` as a whole word (`serde_json::` does not count as `serde`).
    fn mentions(text: &str, ident: &str) -> bool {
        let word = |c: char| c.is_alphanumeric() || c == '_';
        text.match_indices(ident).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + ident.len()..].chars().next();
            !before.is_some_and(word) && !after.is_some_and(word)
        })
    }

    /// The repository's tracked files whose names end with `suffix`.
    fn tracked(root: &Path, suffix: &str) -> Result<Vec<PathBuf>> {
        let out = std::process::Command::new("git")
            .args(["ls-files", "-z"])
            .current_dir(root)
            .output()
            .context("cannot run `git ls-files`")?;
        anyhow::ensure!(out.status.success(), "`git ls-files` failed");
        Ok(String::from_utf8(out.stdout)?
            .split('\0')
            .filter(|f| f.ends_with(suffix))
            .map(|f| root.join(f))
            .collect())
    }

    /// Markdown link targets in `text`, outside code blocks.
    fn link_targets(text: &str) -> Vec<String> {
        let link = regex::Regex::new(r"\]\(<?([^)\s>]+)>?\)").expect("valid pattern");
        let mut in_code = false;
        let mut targets = Vec::new();
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if !in_code {
                targets.extend(link.captures_iter(line).map(|c| c[1].to_owned()));
            }
        }
        targets
    }

    #[test]
    fn every_relative_link_in_the_markdown_resolves() -> Result<()> {
        let root = crate::workspace_root();
        let mut broken = Vec::new();
        for file in tracked(&root, ".md")? {
            let text = std::fs::read_to_string(&file)?;
            let dir = file.parent().unwrap_or(&root);
            for target in link_targets(&text) {
                if target.contains("://")
                    || target.starts_with('#')
                    || target.starts_with("mailto:")
                {
                    continue;
                }
                let path = target.split('#').next().unwrap_or_default();
                if !path.is_empty() && !dir.join(path).exists() {
                    broken.push(format!(
                        "{}: `{target}`",
                        file.strip_prefix(&root).unwrap_or(&file).display()
                    ));
                }
            }
        }
        assert!(
            broken.is_empty(),
            "links to nothing:\n{}",
            broken.join("\n")
        );
        Ok(())
    }

    #[test]
    fn every_link_into_the_python_samples_names_a_path_that_exists_there() -> Result<()> {
        let root = crate::workspace_root();
        let listing = std::fs::read_to_string(root.join("xtask/python-samples-paths.txt"))?;
        let paths: std::collections::BTreeSet<&str> =
            listing.lines().filter(|l| !l.starts_with('#')).collect();
        let link = regex::Regex::new(
            r"https://github\.com/temporalio/samples-python/(?:blob|tree)/main/([^)\s`>\]]+)",
        )
        .expect("valid pattern");
        let mut missing = Vec::new();
        let mut checked = 0;
        for suffix in [".md", ".rs", ".py", ".toml"] {
            for file in tracked(&root, suffix)? {
                let text = std::fs::read_to_string(&file)?;
                for caps in link.captures_iter(&text) {
                    checked += 1;
                    let path = caps[1].trim_end_matches(['/', '.', ',']);
                    if !paths.contains(path) {
                        missing.push(format!(
                            "{}: samples-python has no `{path}`",
                            file.strip_prefix(&root).unwrap_or(&file).display()
                        ));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
        assert!(
            checked > 40,
            "only {checked} links into samples-python found: is the pattern right?"
        );
        Ok(())
    }

    #[test]
    fn every_dependency_is_used() -> Result<()> {
        let mut crates: Vec<PathBuf> = ["samples_helper", "samples_process", "bench", "xtask"]
            .iter()
            .map(|c| root().join(c))
            .collect();
        crates.extend(
            discover(&root())?
                .iter()
                .map(|s| root().join("samples").join(&s.name)),
        );
        let mut unused = Vec::new();
        for dir in crates {
            let manifest: toml::Table = toml::from_str(&text_of(&dir.join("Cargo.toml")))?;
            let src = rust_sources(&dir.join("src"));
            let all = src.clone() + &rust_sources(&dir.join("tests"));
            // The SDK's macros expand to paths in crates the source need not name.
            let mut by_macro: Vec<&str> = Vec::new();
            if src.contains("#[workflow_methods") {
                by_macro.push("temporalio-workflow");
            }
            if src.contains("#[activities") {
                // A plain-`fn` activity runs on tokio's blocking pool (`spawn_blocking`).
                by_macro.extend(["temporalio-common", "futures", "tokio"]);
            }
            let deps = |section: &str| -> Vec<String> {
                manifest
                    .get(section)
                    .and_then(toml::Value::as_table)
                    .map(|t| t.keys().cloned().collect())
                    .unwrap_or_default()
            };
            let normal = deps("dependencies");
            for (section, names, text) in [
                ("dependencies", normal.clone(), &src),
                ("dev-dependencies", deps("dev-dependencies"), &all),
            ] {
                for name in names {
                    let feature_only = section == "dev-dependencies" && normal.contains(&name);
                    if !by_macro.contains(&name.as_str())
                        && !feature_only
                        && !mentions(text, &name.replace('-', "_"))
                    {
                        unused.push(format!("{}: [{section}] {name}", dir.display()));
                    }
                }
            }
        }
        assert!(
            unused.is_empty(),
            "dependencies no source uses (remove them, or move them to [dev-dependencies] when \
             only tests use them):\n{}",
            unused.join("\n")
        );
        Ok(())
    }

    /// A README's shown output, by the command shown above it: for each ```` ```text ```` block of
    /// the `## Run it` section, the lines after each `$ cargo run -p <sample> ARGS` line belong
    /// to `ARGS`; the first block's lines before any `$` line belong to the first demo step (the
    /// README's "expected output"). Output under other commands is not collected.
    fn shown_output(readme: &str, sample: &str, first_step: &str) -> Vec<(String, String)> {
        let Some(run_it) = readme.split("\n## Run it").nth(1) else {
            return Vec::new();
        };
        let section = run_it.split("\n## ").next().unwrap_or_default();
        let prefix = format!("$ cargo run -p {sample} ");
        let mut shown = Vec::new();
        for (index, block) in section.split("```text\n").skip(1).enumerate() {
            let block = block.split("\n```").next().unwrap_or_default();
            let mut command = (index == 0).then(|| first_step.to_owned());
            for line in block.lines() {
                if let Some(args) = line.strip_prefix(&prefix) {
                    command = Some(args.trim().to_owned());
                } else if line.starts_with("$ ") || line.starts_with("^C") {
                    command = None;
                } else if let Some(command) = &command {
                    shown.push((command.clone(), line.to_owned()));
                }
            }
        }
        shown
    }

    /// A transcript's output lines, by the command that printed them.
    fn printed_output(transcript: &str, sample: &str) -> Vec<(String, Vec<String>)> {
        let prefix = format!("$ cargo run -p {sample} ");
        let mut printed: Vec<(String, Vec<String>)> = Vec::new();
        for line in transcript.lines() {
            if let Some(args) = line.strip_prefix(&prefix) {
                printed.push((args.trim().to_owned(), Vec::new()));
            } else if let Some((_, lines)) = printed.last_mut() {
                lines.push(line.to_owned());
            }
        }
        printed
    }

    #[test]
    fn every_readme_shows_output_its_demo_still_prints() -> Result<()> {
        let normalise = crate::transcript::Substitutions {
            literal: Vec::new(),
            ports: Vec::new(),
        };
        // Ports differ between a README's run and the demo's: compare without them.
        let any_port = regex::Regex::new(r"127\.0\.0\.1:(\d+|\{port2?\}|<port>)")?;
        let comparable = |line: &str| {
            any_port
                .replace_all(&normalise.normalise(line), "127.0.0.1:<port>")
                .into_owned()
        };
        let mut stale = Vec::new();
        for sample in discover(&root())? {
            let dir = root().join("samples").join(&sample.name);
            let readme = text_of(&dir.join("README.md"));
            let printed =
                printed_output(&text_of(&dir.join(crate::transcript::FILE)), &sample.name);
            let first_step = printed.first().map(|(c, _)| c.clone()).unwrap_or_default();
            let volatile: Vec<regex::Regex> = sample
                .demo
                .volatile
                .iter()
                .map(|v| regex::Regex::new(v))
                .collect::<Result<_, _>>()?;
            let mut checked = 0;
            for (command, line) in shown_output(&readme, &sample.name, &first_step) {
                let line = comparable(&line);
                // Blank lines, elisions (`…`) of output the README leaves out, and lines whose
                // content depends on timing (the demo's `volatile`).
                let elided = line.trim_start().starts_with('…') || line.trim_end().ends_with('…');
                if line.trim().is_empty() || elided || volatile.iter().any(|v| v.is_match(&line)) {
                    continue;
                }
                let Some((_, lines)) = printed.iter().find(|(c, _)| *c == command) else {
                    continue; // not a command the demo runs
                };
                checked += 1;
                if !lines.iter().any(|l| comparable(l) == line) {
                    stale.push(format!(
                        "{}: README shows `{line}` for `{command}`, which the demo does not print",
                        sample.name
                    ));
                }
            }
            if checked == 0 {
                stale.push(format!(
                    "{}: README shows no output of a command the demo runs (show one under `## Run it`)",
                    sample.name
                ));
            }
        }
        assert!(
            stale.is_empty(),
            "README output that the transcripts (`cargo xtask demo --record`) do not have:\n{}",
            stale.join("\n")
        );
        Ok(())
    }

    #[test]
    fn the_book_has_a_chapter_per_sample_and_includes_only_what_exists() -> Result<()> {
        let problems = crate::book::check_sources(&root(), &discover(&root())?)?;
        assert!(
            problems.is_empty(),
            "the book's sources:\n{}",
            problems.join("\n")
        );
        Ok(())
    }

    /// Samples with no Python counterpart, so no Python client to mirror.
    const NO_PYTHON_SAMPLE: [&str; 2] = ["mutex", "saga"];

    #[test]
    fn every_sample_with_a_python_counterpart_has_both_interop_halves_beside_it() -> Result<()> {
        let mut expected: Vec<String> = discover(&root())?
            .into_iter()
            .map(|s| s.name)
            .filter(|n| !NO_PYTHON_SAMPLE.contains(&n.as_str()))
            .collect();
        expected.sort_unstable();
        for (half, what) in [
            ("client.py", "a Python client for the Rust worker"),
            (
                "worker.py",
                "the Python sample's worker for the Rust starter",
            ),
        ] {
            let mut found: Vec<String> = discover(&root())?
                .into_iter()
                .map(|s| s.name)
                .filter(|n| {
                    root()
                        .join("samples")
                        .join(n)
                        .join("interop")
                        .join(half)
                        .is_file()
                })
                .collect();
            found.sort_unstable();
            assert_eq!(
                found, expected,
                "every sample with a Python counterpart needs `interop/{half}` ({what})"
            );
        }
        // The README states the count.
        let readme = std::fs::read_to_string(root().join("README.md"))?;
        let claim = format!("checked in both directions for {} samples", expected.len());
        assert!(readme.contains(&claim), "README.md should say `{claim}`");
        Ok(())
    }

    /// `rust-version` is a promise: a dependency that needs a newer compiler breaks it, so the
    /// declared version must be at least the highest any locked dependency declares.
    #[test]
    fn declared_rust_version_covers_every_dependency() -> Result<()> {
        fn parse(v: &str) -> Vec<u32> {
            let mut parts: Vec<u32> = v.split('.').map(|p| p.parse().unwrap_or(0)).collect();
            parts.resize(3, 0);
            parts
        }
        let workspace: toml::Table = toml::from_str(&text_of(&root().join("Cargo.toml")))?;
        let declared = workspace["workspace"]["package"]["rust-version"]
            .as_str()
            .context("[workspace.package] has no rust-version")?
            .to_owned();
        let out = std::process::Command::new(env!("CARGO"))
            .args(["metadata", "--format-version", "1", "--locked"])
            .current_dir(root())
            .output()?;
        anyhow::ensure!(
            out.status.success(),
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let metadata: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        let too_new: Vec<String> = metadata["packages"]
            .as_array()
            .context("cargo metadata has no packages")?
            .iter()
            .filter_map(|p| {
                let needs = p["rust_version"].as_str()?;
                (parse(needs) > parse(&declared))
                    .then(|| format!("{} {} needs rustc {needs}", p["name"], p["version"]))
            })
            .collect();
        assert!(
            too_new.is_empty(),
            "Cargo.toml declares rust-version {declared}, but: {}; raise it (and README.md's)",
            too_new.join("; ")
        );
        let readme = std::fs::read_to_string(root().join("README.md"))?;
        let said = format!("Rust (stable, {declared} or newer)");
        assert!(readme.contains(&said), "README.md should say `{said}`");
        Ok(())
    }
}
