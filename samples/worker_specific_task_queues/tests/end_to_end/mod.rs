//! End-to-end tests against a real dev server: two hosts serving ten workflows, each keeping
//! its file steps to itself; a failed processing still cleaned up on the same worker; and the
//! file activities refusing, without a server, a file that is not on their worker.

use std::{collections::BTreeSet, path::Path, time::Duration};

use anyhow::Result;
use samples_helper::testing::{test_client, unique};
use temporalio_sdk::{
    activities::ActivityError,
    testing::{ActivityEnvironment, ActivityEnvironmentError},
};
use worker_specific_task_queues::{
    DownloadObj, FAILED_EXECUTION, FileActivities, activities::FILE_NOT_ON_THIS_WORKER, client,
    new_host_task_queue,
};

/// SHA-256 of `downloaded body`, the simulated download.
const CHECKSUM: &str = "49d7419e6cba3575b3158f62d053f922aa08b23c64f05411cda3213b56c84ba4";

fn host(root: &Path, fail_processing: bool) -> FileActivities {
    FileActivities {
        root: root.to_owned(),
        host_task_queue: new_host_task_queue(),
        delay: Duration::from_millis(50),
        fail_processing,
    }
}

fn files_left(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

/// The queue each file step was sent to, checking the selector ran on the shared queue.
async fn file_step_queues(
    c: &temporalio_client::Client,
    id: &str,
    shared: &str,
) -> Result<Vec<(String, String)>> {
    let routes = client::routes(c, id).await?;
    assert_eq!(
        routes[0],
        ("get_available_task_queue".to_owned(), shared.to_owned())
    );
    Ok(routes[1..].to_vec())
}

#[tokio::test]
async fn with_two_workers_each_workflows_file_steps_all_run_on_one_of_them() -> Result<()> {
    let c = test_client().await?.client;
    let shared = unique("worker_specific_task_queue-distribution-queue");
    let root = std::env::temp_dir().join(unique("worker-specific"));
    let (a, b) = (host(&root, false), host(&root, false));
    let hosts: BTreeSet<String> = [a.host_task_queue.clone(), b.host_task_queue.clone()].into();
    let ids: Vec<String> = (0..10).map(|i| unique(&format!("wstq-{i}"))).collect();

    // Two hosts: each its own connection and its own pair of workers, as two processes would.
    let (host_a, host_b) = (test_client().await?.client, test_client().await?.client);
    let results = samples_helper::Workers::all(
        &host_a,
        worker_specific_task_queues::worker_options(&shared, a)?,
    )
    .run_while(
        samples_helper::Workers::all(
            &host_b,
            worker_specific_task_queues::worker_options(&shared, b)?,
        )
        .run_while(async {
            for id in &ids {
                client::start(&c, &shared, id).await?;
            }
            futures::future::try_join_all(ids.iter().map(|id| client::result(&c, id))).await
        }),
    )
    .await???;
    assert!(results.iter().all(|r| r == CHECKSUM), "{results:?}");

    for id in &ids {
        let steps = file_step_queues(&c, id, &shared).await?;
        let names: Vec<&str> = steps.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(
            names,
            [
                "download_file_to_worker_filesystem",
                "work_on_file_in_worker_filesystem",
                "clean_up_file_from_worker_filesystem"
            ]
        );
        let queues: BTreeSet<&String> = steps.iter().map(|(_, q)| q).collect();
        assert_eq!(queues.len(), 1, "{id}: file steps on one queue: {steps:?}");
        let queue = queues.into_iter().next().expect("one queue");
        assert!(
            hosts.contains(queue),
            "{id}: {queue} is one of the two hosts"
        );
    }
    // Every download was cleaned up, on the host that made it.
    for queue in &hosts {
        assert_eq!(files_left(&root.join(queue)), 0, "files left on {queue}");
    }
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "processed", &ids[0], None).await
}

#[tokio::test]
async fn a_failed_processing_is_still_cleaned_up_on_the_same_worker() -> Result<()> {
    let c = test_client().await?.client;
    let shared = unique("worker_specific_task_queue-distribution-queue");
    let root = std::env::temp_dir().join(unique("worker-specific"));
    let files = host(&root, true);
    let queue = files.host_task_queue.clone();
    let id = unique("wstq-failing");
    let result = samples_helper::Workers::all(
        &c,
        worker_specific_task_queues::worker_options(&shared, files)?,
    )
    .run_while(async {
        client::start(&c, &shared, &id).await?;
        client::result(&c, &id).await
    })
    .await??;
    assert_eq!(result, FAILED_EXECUTION);
    let steps = file_step_queues(&c, &id, &shared).await?;
    assert_eq!(
        steps.len(),
        3,
        "the clean-up ran after the failure: {steps:?}"
    );
    assert!(steps.iter().all(|(_, q)| *q == queue), "{steps:?}");
    assert_eq!(
        samples_helper::testing::activity_attempts(&c, &id).await?[2],
        ("work_on_file_in_worker_filesystem".to_owned(), 1),
        "processing is tried once"
    );
    assert_eq!(files_left(&root.join(&queue)), 0);
    samples_helper::replay::record(
        &c,
        env!("CARGO_MANIFEST_DIR"),
        "failed-processing",
        &id,
        None,
    )
    .await
}

#[tokio::test]
async fn a_host_that_dies_after_being_chosen_is_given_up_and_the_file_starts_over_on_another()
-> Result<()> {
    let c = test_client().await?.client;
    let shared = unique("worker_specific_task_queue-distribution-queue");
    let root = std::env::temp_dir().join(unique("worker-specific"));
    let (dead, alive) = (host(&root, false), host(&root, false));
    let dead_queue = dead.host_task_queue.clone();
    let id = unique("wstq-dead-host");
    // Host A answers the selector, then is gone: its file queue has no worker.
    let mut dead_host = worker_specific_task_queues::worker_options(&shared, dead)?;
    dead_host.truncate(1);
    samples_helper::Workers::all(&c, dead_host)
        .run_while(async {
            client::start(&c, &shared, &id).await?;
            // Until the selector has answered with A's queue.
            while client::routes(&c, &id).await?.len() < 2 {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            anyhow::Ok(())
        })
        .await??;
    // Host B, whole, picks the workflow up: the download sent to A times out unstarted (5 s),
    // and the workflow starts the file over on B.
    let result = samples_helper::Workers::all(
        &c,
        worker_specific_task_queues::worker_options(&shared, alive.clone())?,
    )
    .run_while(client::result(&c, &id))
    .await??;
    assert_eq!(result, CHECKSUM);
    let routes = client::routes(&c, &id).await?;
    let expected = [
        ("get_available_task_queue", shared.as_str()),
        ("download_file_to_worker_filesystem", dead_queue.as_str()),
        ("get_available_task_queue", shared.as_str()),
        ("download_file_to_worker_filesystem", &alive.host_task_queue),
        ("work_on_file_in_worker_filesystem", &alive.host_task_queue),
        (
            "clean_up_file_from_worker_filesystem",
            &alive.host_task_queue,
        ),
    ];
    let got: Vec<(&str, &str)> = routes
        .iter()
        .map(|(a, q)| (a.as_str(), q.as_str()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(files_left(&root.join(&alive.host_task_queue)), 0);
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "dead-host", &id, None).await
}

fn not_on_this_worker(err: ActivityEnvironmentError) {
    match err {
        ActivityEnvironmentError::Activity(ActivityError::Application(f)) => {
            assert_eq!(f.type_name(), Some(FILE_NOT_ON_THIS_WORKER));
            assert!(
                f.is_non_retryable(),
                "retrying on the wrong worker cannot help"
            );
        }
        other => panic!("expected {FILE_NOT_ON_THIS_WORKER}, got {other}"),
    }
}

#[tokio::test]
async fn a_file_step_sent_to_the_wrong_worker_fails_instead_of_touching_another_hosts_file()
-> Result<()> {
    // No server: the activities alone, in the SDK's ActivityEnvironment.
    let root = std::env::temp_dir().join(unique("worker-specific"));
    let (a, b) = (host(&root, false), host(&root, false));
    let download = DownloadObj {
        url: "http://temporal.io".to_owned(),
        unique_worker_id: a.host_task_queue.clone(),
        workflow_uuid: uuid::Uuid::new_v4().to_string(),
    };
    let on_a = ActivityEnvironment::builder_with_default()
        .register_activities(a)
        .build();
    let on_b = ActivityEnvironment::builder_with_default()
        .register_activities(b)
        .build();

    let path = on_a
        .run(
            FileActivities::download_file_to_worker_filesystem,
            download.clone(),
        )
        .await?;
    not_on_this_worker(
        on_b.run(FileActivities::download_file_to_worker_filesystem, download)
            .await
            .unwrap_err(),
    );
    not_on_this_worker(
        on_b.run(
            FileActivities::work_on_file_in_worker_filesystem,
            path.clone(),
        )
        .await
        .unwrap_err(),
    );
    not_on_this_worker(
        on_b.run(
            FileActivities::clean_up_file_from_worker_filesystem,
            path.clone(),
        )
        .await
        .unwrap_err(),
    );
    assert!(Path::new(&path).exists(), "worker B left A's file alone");
    assert_eq!(
        on_a.run(
            FileActivities::work_on_file_in_worker_filesystem,
            path.clone()
        )
        .await?,
        CHECKSUM
    );
    on_a.run(
        FileActivities::clean_up_file_from_worker_filesystem,
        path.clone(),
    )
    .await?;
    assert!(!Path::new(&path).exists());
    Ok(())
}
