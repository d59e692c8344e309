//! The book, "Temporal in Rust, by example" (`book/`, built with mdBook).
//!
//! - [`preprocess`] is the book's mdBook preprocessor (`cargo xtask book-preprocess`): it expands
//!   `{{#include …README.md:anchor}}` itself, so that the links in a README's prose still lead
//!   somewhere in the book (another sample's README becomes its chapter, a section of the root
//!   README the chapter that includes it, a source file its path). mdBook's own `links`
//!   preprocessor then includes the code by anchor.
//! - `cargo xtask book` (`build_book` in `main.rs`) builds the HTML with mdBook, then checks
//!   every link and anchor of the output, and with `--browser` opens pages in headless Chromium.
//! - [`check_sources`] is what the tests check without building: every sample has a chapter,
//!   every Rust block is an include, every anchor named exists.

use std::{
    collections::BTreeMap,
    io::Read,
    path::{Component, Path, PathBuf},
    sync::LazyLock,
};

use anyhow::{Context, Result, bail};
use regex::Regex;
use serde_json::Value;

use crate::samples::Sample;

/// Which book chapter holds each section of the root README that samples link to.
const ROOT_README_SECTIONS: [(&str, &str); 2] = [
    ("the-determinism-guard", "testing.md"),
    ("the-python-samples-catalogue", "from-python.md"),
];

/// A Rust block in a chapter longer than this must be an include.
const MAX_INLINE_RUST_LINES: usize = 5;

#[expect(clippy::expect_used, reason = "constant patterns")]
static MD_INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{#include ([^}:\s]+\.md)(?::([A-Za-z0-9_-]+))?\}\}").expect("valid pattern")
});
#[expect(clippy::expect_used, reason = "constant patterns")]
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]\n]*)\]\(([^)\s]+)\)").expect("valid pattern"));
#[expect(clippy::expect_used, reason = "constant patterns")]
static ANY_INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{#(?:include|rustdoc_include) ([^}:\s]+)(?::([^}]+))?\}\}")
        .expect("valid pattern")
});
#[expect(clippy::expect_used, reason = "constant patterns")]
static HREF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:href|src)="([^"]*)""#).expect("valid pattern"));
#[expect(clippy::expect_used, reason = "constant patterns")]
static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bid="([^"]*)""#).expect("valid pattern"));

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The path of `to` relative to the directory `from` (both absolute and normalised).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to_parts[common..] {
        out.push(part);
    }
    out
}

/// The lines of `text` between `ANCHOR: name` and `ANCHOR_END: name` (mdBook's convention), or
/// all of it; anchor lines themselves are left out.
pub(crate) fn anchored(text: &str, anchor: Option<&str>) -> Option<String> {
    let is_marker = |line: &str| line.contains("ANCHOR: ") || line.contains("ANCHOR_END: ");
    let Some(name) = anchor else {
        return Some(
            text.lines()
                .filter(|l| !is_marker(l))
                .map(|l| format!("{l}\n"))
                .collect(),
        );
    };
    let start = format!("ANCHOR: {name}");
    let end = format!("ANCHOR_END: {name}");
    let mut lines = text.lines().skip_while(|l| !l.contains(&start));
    lines.next()?;
    let mut out = String::new();
    for line in lines {
        if line.contains(&end) {
            return Some(out);
        }
        if !is_marker(line) {
            out.push_str(line);
            out.push('\n');
        }
    }
    None
}

/// The book's layout on disk.
pub(crate) struct Layout {
    pub(crate) repo: PathBuf,
}

impl Layout {
    fn book_src(&self) -> PathBuf {
        self.repo.join("book").join("src")
    }

    /// Rewrites the links of `text`, a part of the Markdown file `from` (in the repository),
    /// for a chapter in the book's source directory `chapter_dir`.
    fn rewrite_links(&self, text: &str, from: &Path, chapter_dir: &Path) -> Result<String> {
        let from_dir = from.parent().unwrap_or(&self.repo);
        let mut error = None;
        let rewritten = LINK.replace_all(text, |caps: &regex::Captures<'_>| {
            let (label, target) = (&caps[1], &caps[2]);
            match self.rewrite_link(label, target, from_dir, chapter_dir) {
                Ok(link) => link,
                Err(e) => {
                    error.get_or_insert(e);
                    caps[0].to_owned()
                }
            }
        });
        match error {
            Some(e) => Err(e.context(format!("in `{}`", from.display()))),
            None => Ok(rewritten.into_owned()),
        }
    }

    fn rewrite_link(
        &self,
        label: &str,
        target: &str,
        from_dir: &Path,
        chapter_dir: &Path,
    ) -> Result<String> {
        if target.starts_with("http://")
            || target.starts_with("https://")
            || target.starts_with("mailto:")
            || target.starts_with('#')
        {
            return Ok(format!("[{label}]({target})"));
        }
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        let resolved = normalise(&from_dir.join(path));
        let link_to = |page: PathBuf| {
            let rel = relative(chapter_dir, &self.book_src().join(page));
            let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            format!("[{label}]({}{frag})", rel.display())
        };
        if resolved == self.repo.join("README.md") {
            let fragment = fragment.unwrap_or_default();
            let (_, page) = ROOT_README_SECTIONS
                .iter()
                .find(|(section, _)| *section == fragment)
                .with_context(|| {
                    format!(
                        "a link to the root README's `#{fragment}`, which no chapter includes \
                         (add it to ROOT_README_SECTIONS in xtask/src/book.rs)"
                    )
                })?;
            return Ok(link_to(PathBuf::from(page)));
        }
        let samples = self.repo.join("samples");
        if let Ok(inside) = resolved.strip_prefix(&samples) {
            let mut parts = inside.components();
            if let (Some(name), rest) = (parts.next(), parts.as_path())
                && (rest.as_os_str().is_empty() || rest == Path::new("README.md"))
            {
                let name = name.as_os_str().to_string_lossy();
                if !samples.join(&*name).join("Cargo.toml").is_file() {
                    bail!("a link to `{target}`, which is not a sample");
                }
                return Ok(link_to(Path::new("samples").join(format!("{name}.md"))));
            }
        }
        if !resolved.exists() {
            bail!("a link to `{target}`, which does not exist");
        }
        // A file of the repository: the book names it, from the repository's root.
        let shown = resolved.strip_prefix(&self.repo).unwrap_or(&resolved);
        let shown = format!("`{}`", shown.display());
        let bare = label.trim_matches('`');
        Ok(if bare == path || shown.contains(bare) {
            shown
        } else {
            format!("{label} ({shown})")
        })
    }

    /// Expands the `{{#include …md[:anchor]}}` directives of a chapter in `chapter_dir`.
    fn expand_markdown_includes(&self, content: &str, chapter_dir: &Path) -> Result<String> {
        let mut error = None;
        let expanded = MD_INCLUDE.replace_all(content, |caps: &regex::Captures<'_>| {
            let path = normalise(&chapter_dir.join(&caps[1]));
            let anchor = caps.get(2).map(|m| m.as_str());
            let result = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read `{}`", path.display()))
                .and_then(|text| {
                    anchored(&text, anchor).with_context(|| {
                        format!(
                            "`{}` has no anchor `{}`",
                            path.display(),
                            anchor.unwrap_or("")
                        )
                    })
                })
                .and_then(|part| self.rewrite_links(&part, &path, chapter_dir));
            match result {
                Ok(text) => text.trim_end().to_owned(),
                Err(e) => {
                    error.get_or_insert(e);
                    String::new()
                }
            }
        });
        match error {
            Some(e) => Err(e),
            None => Ok(expanded.into_owned()),
        }
    }
}

/// mdBook's preprocessor protocol: `supports <renderer>` answers yes; otherwise the
/// `[context, book]` JSON on stdin comes back as the book JSON on stdout.
pub(crate) fn preprocess(repo: &Path, args: &[String]) -> Result<()> {
    if args.first().is_some_and(|a| a == "supports") {
        return Ok(());
    }
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let (_context, mut book): (Value, Value) =
        serde_json::from_str(&input).context("mdBook's input is not `[context, book]`")?;
    let layout = Layout {
        repo: repo.to_path_buf(),
    };
    let src = layout.book_src();
    let mut visit = |chapter: &mut serde_json::Map<String, Value>| -> Result<()> {
        let file = chapter
            .get("source_path")
            .and_then(Value::as_str)
            .map(|p| normalise(&src.join(p)));
        let dir = file
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| src.clone(), Path::to_path_buf);
        if let Some(Value::String(content)) = chapter.get_mut("content") {
            *content = layout
                .expand_markdown_includes(content, &dir)
                .with_context(|| {
                    let shown = file.as_deref().unwrap_or(&dir);
                    format!("in the chapter `{}`", shown.display())
                })?;
        }
        Ok(())
    };
    walk(&mut book, &mut visit)?;
    serde_json::to_writer(std::io::stdout(), &book)?;
    Ok(())
}

/// Calls `visit` on every chapter object (one with `content` and `sub_items`) in `value`.
fn walk(
    value: &mut Value,
    visit: &mut dyn FnMut(&mut serde_json::Map<String, Value>) -> Result<()>,
) -> Result<()> {
    match value {
        Value::Object(map) => {
            if map.contains_key("content") && map.contains_key("sub_items") {
                visit(map)?;
            }
            for child in map.values_mut() {
                walk(child, visit)?;
            }
        }
        Value::Array(items) => {
            for child in items {
                walk(child, visit)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The problems in the book's sources: a sample with no chapter, a Rust block pasted instead of
/// included, an include of a file or anchor that does not exist.
pub(crate) fn check_sources(repo: &Path, samples: &[Sample]) -> Result<Vec<String>> {
    let src = repo.join("book").join("src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md"))
        .with_context(|| format!("cannot read `{}`", src.join("SUMMARY.md").display()))?;
    let mut problems = Vec::new();
    for sample in samples {
        let chapter = format!("samples/{}.md", sample.name);
        if !src.join(&chapter).is_file() {
            problems.push(format!(
                "sample `{}` has no chapter `book/src/{chapter}`",
                sample.name
            ));
        } else if !summary.contains(&format!("({chapter})")) {
            problems.push(format!("`book/src/SUMMARY.md` does not list `{chapter}`"));
        }
    }
    let mut chapters = Vec::new();
    collect(&src, "md", &mut chapters)?;
    for chapter in chapters {
        let text = std::fs::read_to_string(&chapter)?;
        let name = chapter
            .strip_prefix(repo)
            .unwrap_or(&chapter)
            .display()
            .to_string();
        let dir = chapter.parent().unwrap_or(&src);
        // Rust blocks: an include, or a few lines.
        let mut in_rust: Option<(usize, Vec<&str>)> = None;
        for (number, line) in text.lines().enumerate() {
            let fence = line.trim_start().starts_with("```");
            match (&mut in_rust, fence) {
                (None, true)
                    if line
                        .trim_start()
                        .trim_start_matches('`')
                        .starts_with("rust") =>
                {
                    in_rust = Some((number + 1, Vec::new()));
                }
                (Some((start, body)), true) => {
                    let code: Vec<&&str> = body.iter().filter(|l| !l.trim().is_empty()).collect();
                    let included = code.len() == 1 && ANY_INCLUDE.is_match(code[0]);
                    if !included && code.len() > MAX_INLINE_RUST_LINES {
                        problems.push(format!(
                            "{name}:{start}: a Rust block of {} lines that is not an include \
                             (include the code from its crate by anchor)",
                            code.len()
                        ));
                    }
                    in_rust = None;
                }
                (Some((_, body)), false) => body.push(line),
                _ => {}
            }
        }
        // Every include names a file and an anchor that exist.
        for caps in ANY_INCLUDE.captures_iter(&text) {
            let path = normalise(&dir.join(&caps[1]));
            let Ok(target) = std::fs::read_to_string(&path) else {
                problems.push(format!(
                    "{name}: includes `{}`, which does not exist",
                    &caps[1]
                ));
                continue;
            };
            if let Some(anchor) = caps.get(2).map(|m| m.as_str())
                && !anchor.chars().all(|c| c.is_ascii_digit() || c == ':')
                && anchored(&target, Some(anchor)).is_none()
            {
                problems.push(format!(
                    "{name}: includes anchor `{anchor}` of `{}`, which has no such anchor",
                    &caps[1]
                ));
            }
        }
        // Links between chapters and to the README's sections are checked in the built HTML.
    }
    Ok(problems)
}

/// Every file under `dir` whose extension is `extension`, sorted.
fn collect(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, extension, out)?;
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

/// Every broken link of the built book: a relative `href`/`src` whose file does not exist, or
/// whose `#fragment` names no element of that page.
pub(crate) fn check_links(out_dir: &Path) -> Result<Vec<String>> {
    let mut pages = Vec::new();
    collect(out_dir, "html", &mut pages)?;
    let mut ids: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let mut broken = Vec::new();
    for page in &pages {
        // mdBook's not-found page links to the site's root, which only a web server resolves.
        if page.file_name().is_some_and(|n| n == "404.html") {
            continue;
        }
        let html = std::fs::read_to_string(page)?;
        let dir = page.parent().unwrap_or(out_dir);
        for caps in HREF.captures_iter(&html) {
            let target = caps[1].replace("&amp;", "&");
            if target.is_empty()
                || target.contains("://")
                || target.starts_with("mailto:")
                || target.starts_with("javascript:")
                || target.starts_with("data:")
                || target.starts_with("//")
            {
                continue;
            }
            let target = target.split('?').next().unwrap_or_default();
            let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
            let file = if path.is_empty() {
                page.clone()
            } else {
                normalise(&dir.join(path))
            };
            let file = if file.is_dir() {
                file.join("index.html")
            } else {
                file
            };
            let shown = page
                .strip_prefix(out_dir)
                .unwrap_or(page)
                .display()
                .to_string();
            if !file.is_file() {
                broken.push(format!("{shown}: `{target}` does not exist"));
                continue;
            }
            if fragment.is_empty() || file.extension().is_none_or(|e| e != "html") {
                continue;
            }
            if !ids.contains_key(&file) {
                let text = std::fs::read_to_string(&file)?;
                let found = ID.captures_iter(&text).map(|c| c[1].to_owned()).collect();
                ids.insert(file.clone(), found);
            }
            if !ids[&file].iter().any(|id| id == fragment) {
                broken.push(format!(
                    "{shown}: `{target}`: no element with id `{fragment}`"
                ));
            }
        }
    }
    Ok(broken)
}

/// The text a browser shows for `html`: tags dropped, the common entities decoded.
pub(crate) fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_cut_out_their_lines_and_drop_other_markers() {
        let text = "a\n// ANCHOR: x\nb\n// ANCHOR: y\nc\n// ANCHOR_END: y\n// ANCHOR_END: x\nd\n";
        assert_eq!(anchored(text, Some("x")).as_deref(), Some("b\nc\n"));
        assert_eq!(anchored(text, Some("y")).as_deref(), Some("c\n"));
        assert_eq!(anchored(text, Some("z")), None);
        assert_eq!(anchored(text, None).as_deref(), Some("a\nb\nc\nd\n"));
    }

    #[test]
    fn readme_links_become_chapter_links_or_file_names() -> Result<()> {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask lives in the workspace")?
            .to_path_buf();
        let layout = Layout { repo: repo.clone() };
        let from = repo.join("samples/hello_activity/README.md");
        let chapter_dir = repo.join("book/src/samples");
        let text = "[guard](../../README.md#the-determinism-guard), [s](../schedules), \
                    [`src/lib.rs`](src/lib.rs), [docs](https://docs.temporal.io), [a](#b)";
        assert_eq!(
            layout.rewrite_links(text, &from, &chapter_dir)?,
            "[guard](../testing.md#the-determinism-guard), [s](schedules.md), \
             `samples/hello_activity/src/lib.rs`, [docs](https://docs.temporal.io), [a](#b)"
        );
        let broken = layout.rewrite_links("[x](src/nope.rs)", &from, &chapter_dir);
        assert!(format!("{:#}", broken.err().context("accepted")?).contains("does not exist"));
        let unknown = layout.rewrite_links("[x](../../README.md#nope)", &from, &chapter_dir);
        assert!(format!("{:#}", unknown.err().context("accepted")?).contains("#nope"));
        Ok(())
    }

    #[test]
    fn visible_text_is_the_text_between_tags() {
        assert_eq!(
            visible_text("<p>a <code>&lt;T&gt;</code> &amp; <span>b</span></p>"),
            "a <T> & b"
        );
    }
}
