//! The three workflows: the batch splits the records into partitions, one sliding window per
//! partition keeps a bounded number of record workflows running, and each record workflow
//! reports back by signal.

use std::{collections::BTreeSet, time::Duration};

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, ChildWorkflowOptions, ContinueAsNewOptions,
    ParentClosePolicy, SignalWorkflowOptions, SyncWorkflowContext, WorkflowCancellationToken,
    WorkflowContext, WorkflowContextView, WorkflowIdReusePolicy, WorkflowResult,
    workflows::join_all,
};

use crate::{
    GetRecordsInput, INVALID_INPUT, ProcessBatchWorkflowInput, SingleRecord, SlidingWindowState,
    SlidingWindowWorkflowInput, activities::RecordLoader, divide_into_partitions,
};

// ANCHOR: lesson
/// Splits the records into `partitions` ranges and runs one sliding window over each.
#[workflow]
#[derive(Default)]
pub struct ProcessBatchWorkflow;

#[workflow_methods]
impl ProcessBatchWorkflow {
    /// Returns how many records were processed.
    #[run(name = "ProcessBatchWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: ProcessBatchWorkflowInput,
    ) -> WorkflowResult<u64> {
        // Checked before any work: every window needs room for at least one child.
        if input.partitions == 0 || input.page_size == 0 {
            return Err(invalid("partitions and page_size must be at least 1").into());
        }
        if input.sliding_window_size < input.partitions {
            return Err(
                invalid("SlidingWindowSize cannot be less than number of partitions").into(),
            );
        }
        let record_count = ctx
            .execute_activity(
                RecordLoader::get_record_count,
                (),
                ActivityOptions::start_to_close_timeout(Duration::from_secs(5)),
            )
            .await?;
        let partitions = divide_into_partitions(record_count, input.partitions);
        let window_sizes =
            divide_into_partitions(u64::from(input.sliding_window_size), input.partitions);

        let mut windows = Vec::new();
        let mut offset = 0;
        for (i, (size, window)) in partitions.iter().zip(&window_sizes).enumerate() {
            let child_input = SlidingWindowWorkflowInput {
                page_size: input.page_size,
                sliding_window_size: u32::try_from(*window).unwrap_or(u32::MAX),
                offset,
                maximum_offset: (offset + size).min(record_count),
                progress: 0,
                current_records: None,
                max_processing_ms: input.max_processing_ms,
            };
            let options = ChildWorkflowOptions::builder()
                .workflow_id(format!("{}/{i}", ctx.workflow_id()))
                .id_reuse_policy(WorkflowIdReusePolicy::AllowDuplicate)
                .build();
            windows.push(
                ctx.start_child_workflow(SlidingWindowWorkflow::run, child_input, options)
                    .await?,
            );
            offset += size;
        }
        // The SDK's deterministic join, not a runtime's: every window's result.
        let mut total = 0;
        for result in join_all(windows.into_iter().map(|w| w.result())).await {
            total += result?;
        }
        Ok(total)
    }
}

fn invalid(message: &str) -> ApplicationFailure {
    ApplicationFailure::builder(anyhow::anyhow!("{message}"))
        .type_name(INVALID_INPUT.to_owned())
        .non_retryable(true)
        .build()
}

/// Processes records `offset..maximum_offset` with at most `sliding_window_size` record
/// workflows running at once, continuing as new after every page.
#[workflow]
pub struct SlidingWindowWorkflow {
    input: SlidingWindowWorkflowInput,
    current_records: BTreeSet<u64>,
    children_started_by_this_run: u64,
    offset: u64,
    progress: u64,
}

#[workflow_methods]
impl SlidingWindowWorkflow {
    /// The window's state arrives in the input (continue-as-new starts a fresh history). It is
    /// restored here, before any handler runs: a completion signal can arrive in a run's very
    /// first workflow task, and must find the carried record ids already in place.
    #[init]
    fn new(_ctx: &WorkflowContextView, input: SlidingWindowWorkflowInput) -> Self {
        Self {
            current_records: input.current_records.clone().unwrap_or_default(),
            children_started_by_this_run: 0,
            offset: input.offset,
            progress: input.progress,
            input,
        }
    }

    /// Returns how many records this window processed (all runs together).
    #[run(name = "SlidingWindowWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<u64> {
        let input = ctx.state(|s| s.input.clone());
        let records = if input.offset < input.maximum_offset {
            ctx.execute_activity(
                RecordLoader::get_records,
                GetRecordsInput {
                    page_size: input.page_size,
                    offset: input.offset,
                    max_offset: input.maximum_offset,
                },
                ActivityOptions::start_to_close_timeout(Duration::from_secs(5)),
            )
            .await?
            .records
        } else {
            Vec::new()
        };

        let window = input.sliding_window_size as usize;
        for record in records {
            // The window: wait until a child has reported completion.
            ctx.wait_condition(|s| s.current_records.len() < window)
                .await?;
            ctx.state_mut(|s| s.current_records.insert(record.id));
            let options = ChildWorkflowOptions::builder()
                .workflow_id(format!("{}/{}", ctx.workflow_id(), record.id))
                .id_reuse_policy(WorkflowIdReusePolicy::AllowDuplicate)
                // The children outlive this run: it continues as new while they work.
                .parent_close_policy(ParentClosePolicy::Abandon)
                // … and no run awaits their results. A child's result future registers with a
                // cancellation token: by default the run's own, which keeps the registration, and
                // through it the whole run, until the result arrives. For a dropped handle it
                // never does, so (SDK 1.1.1) the worker would keep every window run in memory for
                // good. A detached token goes away with the handle. (So cancelling a window does
                // not cancel its children, which Abandon lets outlive it anyway.)
                .cancellation_token(WorkflowCancellationToken::new())
                .build();
            let record = SingleRecord {
                max_processing_ms: input.max_processing_ms,
                ..record
            };
            // Awaiting the start (not the result) makes sure the server accepted the child
            // before this run can continue as new.
            ctx.start_child_workflow(RecordProcessorWorkflow::run, record, options)
                .await?;
            ctx.state_mut(|s| s.children_started_by_this_run += 1);
        }

        let new_offset = input.offset + ctx.state(|s| s.children_started_by_this_run);
        if new_offset < input.maximum_offset {
            // Carry the window (records still running) and the progress into the next run.
            let next = ctx.state(|s| SlidingWindowWorkflowInput {
                offset: new_offset,
                progress: s.progress,
                current_records: Some(s.current_records.clone()),
                ..input.clone()
            });
            let Err(next_run) = ctx.continue_as_new(next, ContinueAsNewOptions::default());
            return Err(next_run);
        }
        // The last run: wait for the last children.
        ctx.wait_condition(|s| s.current_records.is_empty()).await?;
        Ok(ctx.state(|s| s.progress))
    }

    /// A child finished `record_id`. A repeated report changes nothing, so a signal delivered
    /// twice cannot count a record twice.
    #[signal(name = "report_completion")]
    pub fn report_completion(&mut self, _ctx: &mut SyncWorkflowContext<Self>, record_id: u64) {
        if self.current_records.remove(&record_id) {
            self.progress += 1;
        }
    }

    /// The window's state.
    #[query(name = "state")]
    pub fn state(&self, _ctx: &WorkflowContextView) -> SlidingWindowState {
        SlidingWindowState {
            current_records: self.current_records.iter().copied().collect(),
            children_started_by_this_run: self.children_started_by_this_run,
            offset: self.offset,
            progress: self.progress,
        }
    }
}

/// Processes one record, then tells its window.
#[workflow]
#[derive(Default)]
pub struct RecordProcessorWorkflow;

#[workflow_methods]
impl RecordProcessorWorkflow {
    /// Simulates the work with a durable timer of random length, then signals the parent.
    #[run(name = "RecordProcessorWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>, record: SingleRecord) -> WorkflowResult<()> {
        // The workflow's seeded random: the same duration on replay.
        let duration = match record.max_processing_ms {
            None => Duration::from_secs(1 + ctx.random::<u64>() % 10),
            Some(max) => {
                let min = max / 10;
                Duration::from_millis(min + ctx.random::<u64>() % (max - min + 1))
            }
        };
        ctx.timer(duration).await;
        if !ctx.is_replaying() {
            tracing::info!("Processed record {}", record.id);
        }
        // No run id: the window continues as new, and the signal must reach its latest run.
        if let Some(parent) = ctx.info().parent() {
            ctx.external_workflow(parent.workflow_id(), None)
                .signal(
                    SlidingWindowWorkflow::report_completion,
                    record.id,
                    SignalWorkflowOptions::default(),
                )
                .await?;
        }
        Ok(())
    }
}
// ANCHOR_END: lesson
