//! End-to-end tests against a real dev server: a whole batch, checked against history (every
//! record processed exactly once, no window ever above its size, continue-as-new used); an
//! input that cannot run, refused before any work; a repeated completion signal counted once;
//! and a worker that frees every run once a batch is over (its heap, counted).

use std::collections::BTreeSet;

use anyhow::{Context, Result};
use batch_sliding_window::{
    INVALID_INPUT, ProcessBatchWorkflowInput, RecordLoader, SlidingWindowWorkflow,
    SlidingWindowWorkflowInput, client, divide_into_partitions,
};
use samples_helper::Workers;
use samples_helper::testing::{
    Attributes, EventType, event_types, history, history_of_run, test_client, unique,
};
use temporalio_client::{
    Client, WorkflowGetResultOptions, WorkflowSignalOptions, WorkflowStartOptions,
    errors::WorkflowGetResultError,
};
use temporalio_common::protos::temporal::api::common::v1::Payloads;

fn first_json<T: serde::de::DeserializeOwned>(payloads: Option<Payloads>) -> Result<T> {
    let payload = payloads
        .and_then(|p| p.payloads.into_iter().next())
        .context("no payload")?;
    Ok(serde_json::from_slice(&payload.data)?)
}

/// Walks every run of one window: returns the record ids it started (in order) and the most
/// it ever had in flight, counting the records carried into each run.
async fn walk_window(
    c: &Client,
    window_id: &str,
    first_run: &str,
) -> Result<(Vec<u64>, usize, usize)> {
    let (mut started, mut peak, mut runs) = (Vec::new(), 0, 0);
    let mut run = Some(first_run.to_owned());
    while let Some(run_id) = run.take() {
        runs += 1;
        let mut in_flight = BTreeSet::new();
        for e in history_of_run(c, window_id, Some(&run_id)).await? {
            match e.attributes {
                Some(Attributes::WorkflowExecutionStartedEventAttributes(a)) => {
                    let input: SlidingWindowWorkflowInput = first_json(a.input)?;
                    in_flight = input.current_records.unwrap_or_default();
                }
                Some(Attributes::StartChildWorkflowExecutionInitiatedEventAttributes(a)) => {
                    let id: u64 = a
                        .workflow_id
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .parse()?;
                    started.push(id);
                    in_flight.insert(id);
                    peak = peak.max(in_flight.len());
                }
                Some(Attributes::WorkflowExecutionSignaledEventAttributes(a))
                    if a.signal_name == "report_completion" =>
                {
                    in_flight.remove(&first_json::<u64>(a.input)?);
                }
                Some(Attributes::WorkflowExecutionContinuedAsNewEventAttributes(a)) => {
                    run = Some(a.new_execution_run_id);
                }
                _ => {}
            }
        }
    }
    Ok((started, peak, runs))
}

#[tokio::test]
async fn every_record_is_processed_once_and_no_window_exceeds_its_size() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("batch-sliding-window");
    let id = unique("batch_sliding_window_example");
    let input = ProcessBatchWorkflowInput {
        page_size: 4,
        sliding_window_size: 5,
        partitions: 2,
        max_processing_ms: Some(300),
    };
    let total = Workers::new(
        &c,
        batch_sliding_window::worker_options(&task_queue, RecordLoader { record_count: 40 })?,
    )
    .run_while(async {
        client::start(&c, &task_queue, &id, input.clone()).await?;
        client::result(&c, &id).await
    })
    .await??;
    assert_eq!(total, 40);

    // The windows' first runs, from the batch's history.
    let windows: Vec<(String, String)> = history(&c, &id)
        .await?
        .into_iter()
        .filter_map(|e| match e.attributes {
            Some(Attributes::ChildWorkflowExecutionStartedEventAttributes(a)) => {
                a.workflow_execution.map(|w| (w.workflow_id, w.run_id))
            }
            _ => None,
        })
        .collect();
    assert_eq!(windows.len(), 2);
    let sizes = divide_into_partitions(5, 2);
    let mut all = Vec::new();
    for ((window_id, first_run), size) in windows.iter().zip(sizes) {
        let (started, peak, runs) = walk_window(&c, window_id, first_run).await?;
        // Never above the window's size, and the window was used to its size.
        assert_eq!(
            peak as u64, size,
            "{window_id}: at most {peak} in flight at once, window {size}"
        );
        assert!(
            runs >= 5,
            "{window_id}: 20 records in pages of 4 take 5 runs, saw {runs}"
        );
        all.extend(started);
    }
    all.sort_unstable();
    assert_eq!(
        all,
        (0..40).collect::<Vec<u64>>(),
        "each record started exactly once"
    );
    samples_helper::replay::record(&c, env!("CARGO_MANIFEST_DIR"), "batch", &id, None).await?;
    samples_helper::replay::record(
        &c,
        env!("CARGO_MANIFEST_DIR"),
        "window-first-run",
        &windows[0].0,
        Some(&windows[0].1),
    )
    .await?;
    samples_helper::replay::record(
        &c,
        env!("CARGO_MANIFEST_DIR"),
        "record",
        &format!("{}/0", windows[0].0),
        None,
    )
    .await
}

#[tokio::test]
async fn a_window_smaller_than_the_partitions_is_refused_before_any_work() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("batch-sliding-window");
    let id = unique("batch_sliding_window_example");
    let input = ProcessBatchWorkflowInput {
        page_size: 5,
        sliding_window_size: 2,
        partitions: 3,
        max_processing_ms: None,
    };
    let err = Workers::new(
        &c,
        batch_sliding_window::worker_options(&task_queue, RecordLoader { record_count: 90 })?,
    )
    .run_while(async {
        client::start(&c, &task_queue, &id, input).await?;
        anyhow::Ok(
            c.get_workflow_handle::<batch_sliding_window::ProcessBatchWorkflow>(&id)
                .get_result(WorkflowGetResultOptions::default())
                .await
                .unwrap_err(),
        )
    })
    .await??;
    let WorkflowGetResultError::Failed(failure) = err else {
        panic!("expected a workflow failure, got {err}");
    };
    let text = format!("{failure:?}");
    assert!(text.contains(INVALID_INPUT), "{text}");
    assert!(
        text.contains("SlidingWindowSize cannot be less than number of partitions"),
        "{text}"
    );
    let events = event_types(&c, &id).await?;
    assert!(
        !events.contains(&EventType::ActivityTaskScheduled),
        "{events:?}"
    );
    assert!(!events.contains(&EventType::StartChildWorkflowExecutionInitiated));
    Ok(())
}

#[tokio::test]
async fn a_repeated_completion_signal_is_counted_once() -> Result<()> {
    let c = test_client().await?.client;
    let task_queue = unique("batch-sliding-window");
    let id = unique("sliding-window");
    // One window over three slow records, started directly.
    let input = SlidingWindowWorkflowInput {
        page_size: 3,
        sliding_window_size: 3,
        offset: 0,
        maximum_offset: 3,
        progress: 0,
        current_records: None,
        max_processing_ms: Some(3000),
    };
    let (state, total) = Workers::new(
        &c,
        batch_sliding_window::worker_options(&task_queue, RecordLoader { record_count: 3 })?,
    )
    .run_while(async {
        c.start_workflow(
            SlidingWindowWorkflow::run,
            input,
            WorkflowStartOptions::new(&task_queue, &id).build(),
        )
        .await?;
        // Wait until the three children are running, then report record 0 twice.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while client::window_state_of(&c, &id)
            .await?
            .current_records
            .len()
            < 3
        {
            anyhow::ensure!(
                std::time::Instant::now() < deadline,
                "children never started"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let window = c.get_workflow_handle::<SlidingWindowWorkflow>(&id);
        for _ in 0..2 {
            window
                .signal(
                    SlidingWindowWorkflow::report_completion,
                    0,
                    WorkflowSignalOptions::default(),
                )
                .await?;
        }
        let state = client::window_state_of(&c, &id).await?;
        let total = window
            .get_result(WorkflowGetResultOptions::default())
            .await?;
        anyhow::Ok((state, total))
    })
    .await??;
    assert_eq!(
        state.progress, 1,
        "two reports of record 0 count once: {state:?}"
    );
    assert_eq!(state.current_records, [1, 2]);
    // Record 0's own report, arriving later, is a third duplicate: still three in all.
    assert_eq!(total, 3);
    Ok(())
}

/// The heap a worker holds per record once a batch is over: every window run, continued as new
/// or finished, and every record run must be freed by then. A window run drops its children's
/// handles without awaiting their results; were those results tied to the run's own
/// cancellation token (the SDK's default), the run could never be freed (see `workflows.rs`), and
/// the worker would keep about 1.5 KB per record for good (it keeps about 30 bytes).
#[tokio::test]
async fn a_worker_frees_every_run_once_a_batch_is_over() -> Result<()> {
    use samples_helper::testing::heap;
    const RECORDS: u64 = 150;
    if !heap::is_alone() {
        // Measured in a process of its own: beside the other tests, their heaps would count.
        let printed = heap::run_alone(
            module_path!(),
            "a_worker_frees_every_run_once_a_batch_is_over",
        )?;
        let per_record: f64 = printed
            .lines()
            .find_map(|l| l.split("heap kept per record: ").nth(1))
            .with_context(|| format!("no measurement in:\n{printed}"))?
            .trim()
            .parse()?;
        println!("the worker kept {per_record:.0} bytes per record after the batch");
        assert!(
            per_record < 300.0,
            "the worker kept {per_record:.0} bytes per record after the batch: runs are not freed"
        );
        return Ok(());
    }
    let c = test_client().await?.client;
    let task_queue = unique("batch-sliding-window");
    let input = ProcessBatchWorkflowInput {
        page_size: 10,
        sliding_window_size: 40,
        partitions: 4,
        max_processing_ms: Some(5),
    };
    let loader = RecordLoader {
        record_count: RECORDS,
    };
    Workers::new(
        &c,
        batch_sliding_window::worker_options(&task_queue, loader)?,
    )
    .run_while(async {
        let mut held = Vec::new();
        // The first two batches warm the worker up (connections, caches, the capacity its
        // maps grow to); the third is measured.
        for _ in 0..3 {
            let id = unique("batch_sliding_window_example");
            client::start(&c, &task_queue, &id, input.clone()).await?;
            assert_eq!(client::result(&c, &id).await?, RECORDS);
            // Finished runs leave the worker's cache as their last task completes.
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            held.push(heap::live_bytes()?);
        }
        let per_record = held[2].saturating_sub(held[1]) as f64 / RECORDS as f64;
        println!("heap kept per record: {per_record:.1}");
        anyhow::Ok(())
    })
    .await?
}
