//! The language: statements, variables, and the checks a definition must pass.
//!
//! The serde shapes are Python's dataclasses as JSON: a statement is an object with exactly one
//! key, `activity`, `sequence` or `parallel` (serde's externally tagged enum).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

// ANCHOR: lesson
/// The workflow's input, as Python's `DSLInput`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DslInput {
    /// The statement to run.
    pub root: Statement,
    /// The starting variables (names to values; activities receive them as text).
    #[serde(default)]
    pub variables: BTreeMap<String, serde_json::Value>,
}

/// One step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Statement {
    /// Call an activity.
    Activity(ActivityInvocation),
    /// Run statements one after another.
    Sequence(Sequence),
    /// Run statements side by side.
    Parallel(Parallel),
}

/// An activity call, as Python's `ActivityInvocation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityInvocation {
    /// The activity type.
    pub name: String,
    /// Names of the variables passed as arguments, in order.
    #[serde(default)]
    pub arguments: Vec<String>,
    /// The variable that receives the result, if any.
    #[serde(default)]
    pub result: Option<String>,
}

/// Statements in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    /// The statements.
    pub elements: Vec<Statement>,
}

/// Statements at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parallel {
    /// The statements.
    pub branches: Vec<Statement>,
}

/// The activities a definition may call, with how many arguments each takes.
pub const ACTIVITIES: [(&str, usize); 5] = [
    ("activity1", 1),
    ("activity2", 1),
    ("activity3", 2),
    ("activity4", 1),
    ("activity5", 2),
];

/// A definition that cannot run, with the path of the bad field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct InvalidDefinition {
    /// Where, e.g. `root.sequence.elements[1].activity.name`.
    pub path: String,
    /// What is wrong there.
    pub problem: String,
}

/// Parses YAML into a [`DslInput`], naming the path of the first field that does not fit.
pub fn parse_yaml(yaml: &str) -> Result<DslInput, InvalidDefinition> {
    // YAML to a plain tree first (a syntax error names its line), then the tree to the typed
    // definition: YAML's own enum form is a `!tag`, and the definitions use one-key maps.
    let tree: serde_json::Value = serde_yaml_ng::from_str(yaml).map_err(|e| InvalidDefinition {
        path: "(document)".to_owned(),
        problem: e.to_string(),
    })?;
    let input: DslInput =
        serde_path_to_error::deserialize(tree).map_err(|e| InvalidDefinition {
            path: match e.path().to_string().as_str() {
                "." => "(document)".to_owned(),
                path => path.to_owned(),
            },
            problem: e.inner().to_string(),
        })?;
    validate(&input)?;
    Ok(input)
}

/// Checks what the shape cannot: known activities, argument counts, defined variables, no empty
/// blocks.
pub fn validate(input: &DslInput) -> Result<(), InvalidDefinition> {
    // A variable is defined if the input gives it or any step produces it. (Which step runs
    // first inside a `parallel` is up to the runtime, so the check does not depend on order.)
    let mut defined: BTreeSet<&str> = input.variables.keys().map(String::as_str).collect();
    collect_results(&input.root, &mut defined);
    check(&input.root, "root", &defined)
}

fn collect_results<'a>(statement: &'a Statement, into: &mut BTreeSet<&'a str>) {
    match statement {
        Statement::Activity(a) => into.extend(a.result.as_deref()),
        Statement::Sequence(s) => s.elements.iter().for_each(|e| collect_results(e, into)),
        Statement::Parallel(p) => p.branches.iter().for_each(|b| collect_results(b, into)),
    }
}

fn check(
    statement: &Statement,
    path: &str,
    defined: &BTreeSet<&str>,
) -> Result<(), InvalidDefinition> {
    let invalid = |path: String, problem: String| Err(InvalidDefinition { path, problem });
    match statement {
        Statement::Activity(a) => {
            let path = format!("{path}.activity");
            let Some((_, arity)) = ACTIVITIES.iter().find(|(name, _)| *name == a.name) else {
                let known: Vec<&str> = ACTIVITIES.iter().map(|(n, _)| *n).collect();
                return invalid(
                    format!("{path}.name"),
                    format!(
                        "unknown activity `{}` (known: {})",
                        a.name,
                        known.join(", ")
                    ),
                );
            };
            if a.arguments.len() != *arity {
                return invalid(
                    format!("{path}.arguments"),
                    format!(
                        "`{}` takes {arity} argument(s), got {}",
                        a.name,
                        a.arguments.len()
                    ),
                );
            }
            for (i, argument) in a.arguments.iter().enumerate() {
                if !defined.contains(argument.as_str()) {
                    return invalid(
                        format!("{path}.arguments[{i}]"),
                        format!(
                            "variable `{argument}` is neither in `variables` nor the result of any step"
                        ),
                    );
                }
            }
            Ok(())
        }
        Statement::Sequence(s) => {
            if s.elements.is_empty() {
                return invalid(format!("{path}.sequence.elements"), "is empty".to_owned());
            }
            for (i, e) in s.elements.iter().enumerate() {
                check(e, &format!("{path}.sequence.elements[{i}]"), defined)?;
            }
            Ok(())
        }
        Statement::Parallel(p) => {
            if p.branches.is_empty() {
                return invalid(format!("{path}.parallel.branches"), "is empty".to_owned());
            }
            for (i, b) in p.branches.iter().enumerate() {
                check(b, &format!("{path}.parallel.branches[{i}]"), defined)?;
            }
            Ok(())
        }
    }
}
// ANCHOR_END: lesson
