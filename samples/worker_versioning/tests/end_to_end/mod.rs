//! End-to-end test against a real dev server: three deployments, in-process workers, a fresh
//! deployment name and task queues.

use std::time::Duration;

use anyhow::Result;
use samples_helper::testing::{Attributes, history, test_client, unique};
use worker_versioning::client::{self, Executions, Setup};

#[tokio::test]
async fn a_pinned_workflow_stays_on_its_version_while_an_auto_upgrading_one_moves() -> Result<()> {
    let c = test_client().await?.client;
    let s = Setup {
        deployment_name: unique("deployment"),
        task_queue: unique("worker-versioning"),
        pinned_task_queue: unique("worker-versioning-pinned"),
        wait_for_workers: Duration::from_secs(60),
    };
    let e = Executions::new();
    let report = client::walkthrough_in_process(&c, &s, &e).await?;
    let versions: Vec<(&str, Vec<(&str, &str)>)> = report
        .iter()
        .map(|(step, line)| {
            (
                step.as_str(),
                line.iter()
                    .map(|(_, build, behavior)| (build.as_str(), *behavior))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            (
                "1.0 current",
                vec![("1.0", "auto-upgrade"), ("1.0", "pinned")]
            ),
            (
                "1.1 current",
                vec![("1.1", "auto-upgrade"), ("1.0", "pinned")]
            ),
            (
                "2.0 current, all concluded",
                vec![
                    ("2.0", "auto-upgrade"),
                    ("1.0", "pinned"),
                    ("2.0", "pinned")
                ]
            ),
        ]
    );

    // What each ran, from history. The auto-upgrading workflow ran 1.1's code after it moved —
    // the activity input says `v1b` — but kept the old side of 1.1's patch: the patch was
    // checked while replaying its 1.0 history, where it was absent, and that answer holds for
    // the rest of the run. The pinned one ran 1.0's code to the end; the second pinned one 2.0's.
    let activities = |id: String| {
        let c = c.clone();
        async move {
            anyhow::Ok(
                history(&c, &id)
                    .await?
                    .into_iter()
                    .filter_map(|e| match e.attributes {
                        Some(Attributes::ActivityTaskScheduledEventAttributes(a)) => {
                            let input = a
                                .input
                                .and_then(|p| p.payloads.into_iter().next())
                                .map(|p| String::from_utf8_lossy(&p.data).into_owned())
                                .unwrap_or_default();
                            a.activity_type.map(|t| format!("{}({input})", t.name))
                        }
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            )
        }
    };
    assert_eq!(
        activities(e.auto_upgrading.clone()).await?,
        [
            r#"some_activity("v1")"#,
            r#"some_activity("v1")"#,
            r#"some_activity("v1")"#,
            r#"some_activity("v1b")"#,
            r#"some_activity("v1b")"#,
            r#"some_activity("v1b")"#,
        ]
    );
    assert_eq!(
        activities(e.pinned.clone()).await?,
        [r#"some_activity("Pinned-v1")"#]
    );
    assert_eq!(
        activities(e.pinned_2.clone()).await?,
        [
            r#"some_activity("Pinned-v2")"#,
            r#"some_incompatible_activity({"called_by":"Pinned-v2","more_data":"hi"})"#
        ]
    );
    for (name, id) in [
        ("auto-upgrading", &e.auto_upgrading),
        ("pinned-1.0", &e.pinned),
        ("pinned-2.0", &e.pinned_2),
    ] {
        samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), name, id, None).await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_version_no_worker_polls_is_not_made_current_and_the_error_says_what_to_start()
-> Result<()> {
    let c = test_client().await?.client;
    // A deployment with no worker at all: the version never appears, so it cannot be made current
    // (the server would route every new workflow to a version nobody runs).
    let deployment = unique("deployment-without-workers");
    let started = std::time::Instant::now();
    let error = client::make_current_when_ready(&c, &deployment, "9.9", Duration::from_secs(2))
        .await
        .err()
        .ok_or_else(|| anyhow::anyhow!("a version no worker polls was made current"))?;
    let message = format!("{error:#}");
    assert!(
        message.contains(&format!("no worker of {deployment} 9.9 appeared within 2s"))
            && message.contains("cargo run -p worker_versioning worker --build-id 9.9"),
        "{message}"
    );
    // It gave up at its deadline, not before and not much after.
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
    Ok(())
}
