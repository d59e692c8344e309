//! Not part of the lesson: reading a /metrics endpoint, for the starter's report and the tests.
//!
//! Reading a `/metrics` endpoint the way Prometheus does: an HTTP GET, then the text
//! exposition format, one sample per line (`name{label="value",…} number`).
//!
//! The `scrape` subcommand and the tests use it; in production Prometheus does this (see
//! `prometheus.yml` in the sample folder).

use std::{collections::BTreeMap, time::Duration};

use anyhow::{Context, Result, bail};

/// One sample: a series (name plus labels) and its current value.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// E.g. `custom_activities_started` or `custom_activity_schedule_to_start_latency_bucket`.
    pub name: String,
    /// Label names to values.
    pub labels: BTreeMap<String, String>,
    /// The value.
    pub value: f64,
}

impl Sample {
    /// Whether every `(name, value)` pair in `labels` is on this sample.
    pub fn has_labels(&self, labels: &[(&str, &str)]) -> bool {
        labels
            .iter()
            .all(|(k, v)| self.labels.get(*k).map(String::as_str) == Some(*v))
    }

    /// The sample as Prometheus prints it.
    pub fn line(&self) -> String {
        let labels: Vec<String> = self
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect();
        format!("{}{{{}}} {}", self.name, labels.join(","), self.value)
    }
}

/// The value of the one series called `name` with (at least) `labels`, or `None` if there is
/// none. More than one match is an error: add labels to pick one.
pub fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Result<Option<f64>> {
    let found: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.name == name && s.has_labels(labels))
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.value)),
        many => bail!(
            "{} series match {name} {labels:?}; add labels to pick one: {:?}",
            many.len(),
            many.iter().map(|s| s.line()).collect::<Vec<_>>()
        ),
    }
}

/// GETs `url` and parses the answer.
pub async fn scrape(url: &str) -> Result<Vec<Sample>> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .context("cannot create an HTTP client")?;
    let response = client
        .get(url)
        .send()
        .await
        .with_context(|| format!("cannot scrape {url}: is the worker (or starter) running?"))?;
    let status = response.status();
    if !status.is_success() {
        bail!("{url} answered {status}");
    }
    let text = response
        .text()
        .await
        .with_context(|| format!("cannot read the answer of {url}"))?;
    parse(&text).with_context(|| format!("{url} did not answer in the Prometheus text format"))
}

/// Parses the Prometheus text exposition format (comments and blank lines are skipped).
pub fn parse(text: &str) -> Result<Vec<Sample>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(i, line)| parse_line(line).with_context(|| format!("line {}: `{line}`", i + 1)))
        .collect()
}

fn parse_line(line: &str) -> Result<Sample> {
    let (series, value) = line.rsplit_once(' ').context("expected `series value`")?;
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        v => v.parse().context("the value is not a number")?,
    };
    let Some((name, rest)) = series.split_once('{') else {
        return Ok(Sample {
            name: series.to_owned(),
            labels: BTreeMap::new(),
            value,
        });
    };
    let body = rest.strip_suffix('}').context("unclosed `{`")?;
    let mut labels = BTreeMap::new();
    let mut chars = body.chars().peekable();
    while chars.peek().is_some() {
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if chars.next() != Some('"') {
            bail!("label `{key}` has no quoted value");
        }
        let mut value = String::new();
        loop {
            match chars.next() {
                Some('\\') => match chars.next() {
                    Some('n') => value.push('\n'),
                    Some(c) => value.push(c),
                    None => bail!("dangling escape in label `{key}`"),
                },
                Some('"') => break,
                Some(c) => value.push(c),
                None => bail!("unterminated value of label `{key}`"),
            }
        }
        labels.insert(key.trim().to_owned(), value);
        if chars.peek() == Some(&',') {
            chars.next();
        }
    }
    Ok(Sample {
        name: name.to_owned(),
        labels,
        value,
    })
}
