//! The two timer workflows.

use std::{
    future::Future,
    pin::Pin,
    task::Poll,
    time::{Duration, SystemTime},
};

use futures::future::{Either, poll_fn, select};
use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, CancellableFuture, SyncWorkflowContext, TimerResult,
    WorkflowContext, WorkflowResult,
};

use crate::{
    Notification, OrderInput, OrderOutcome, ReminderPlan, SentReminder,
    activities::{NotificationActivities, ProcessingActivities},
};

fn notify_options() -> ActivityOptions {
    ActivityOptions::start_to_close_timeout(Duration::from_secs(10))
}

/// The failure type of a reminder plan that cannot run (no tasks, or a zero interval).
pub const INVALID_PLAN_ERROR: &str = "InvalidPlanError";

/// Sends maintenance reminders on independent recurring timers until told to stop.
#[workflow]
#[derive(Default)]
pub struct MaintenanceRemindersWorkflow {
    stop_requested: bool,
}

#[workflow_methods]
impl MaintenanceRemindersWorkflow {
    /// Returns the reminders sent, in the order they were sent.
    #[run(name = "MaintenanceRemindersWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        plan: ReminderPlan,
    ) -> WorkflowResult<Vec<SentReminder>> {
        if plan.tasks.is_empty() || plan.tasks.iter().any(|t| t.interval_ms == 0) {
            return Err(ApplicationFailure::builder(anyhow::anyhow!(
                "a reminder plan needs at least one task, each with an interval above zero"
            ))
            .type_name(INVALID_PLAN_ERROR.to_owned())
            .non_retryable(true)
            .build()
            .into());
        }
        // Workflow time, not the system clock: it comes from history, so replay sees the same.
        let start = ctx.workflow_time().unwrap_or(SystemTime::UNIX_EPOCH);
        // The k-th reminder of a task is due at start + k × interval. Computing each timer from
        // that schedule (rather than "interval from now") keeps reminders from drifting later
        // by the time it takes to send each one.
        let due = |task: usize, sent: u32| {
            start + Duration::from_millis(plan.tasks[task].interval_ms) * (sent + 1)
        };
        let mut sent_per_task = vec![0u32; plan.tasks.len()];
        let mut timers: Vec<_> = (0..plan.tasks.len()).map(|i| arm(ctx, due(i, 0))).collect();
        let mut sent = Vec::new();

        loop {
            // Wait for whichever comes first: any task's timer, or the stop signal. The server may
            // deliver several firings in one batch, so poll the timers in order of due time:
            // the choice is then both deterministic and the one the schedule intends.
            let mut order: Vec<usize> = (0..timers.len()).collect();
            order.sort_by_key(|&i| (due(i, sent_per_task[i]), i));
            let mut stop = Box::pin(ctx.wait_condition(|s| s.stop_requested));
            let fired = poll_fn(|cx| {
                if stop.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(None);
                }
                for &i in &order {
                    if timers[i].as_mut().poll(cx).is_ready() {
                        return Poll::Ready(Some(i));
                    }
                }
                Poll::Pending
            })
            .await;
            drop(stop);
            let Some(i) = fired else { break };

            sent_per_task[i] += 1;
            // Re-arm first, so this task's next reminder is scheduled even while we notify.
            timers[i] = arm(ctx, due(i, sent_per_task[i]));
            let reminder = SentReminder {
                task: plan.tasks[i].name.clone(),
                number: sent_per_task[i],
            };
            let notification = Notification {
                recipient: plan.vehicle.clone(),
                message: format!("{} is due (reminder #{})", reminder.task, reminder.number),
            };
            ctx.execute_activity(
                NotificationActivities::send_notification,
                notification,
                notify_options(),
            )
            .await?;
            sent.push(reminder);
            if plan.max_reminders > 0 && sent.len() >= plan.max_reminders as usize {
                break;
            }
        }

        // Dropping a timer future does not cancel the timer; cancel each pending one so that
        // the history says so and the server forgets them.
        for timer in &timers {
            timer.cancel();
        }
        for timer in timers {
            timer.await;
        }
        Ok(sent)
    }

    /// Stops the reminders after the one in progress.
    #[signal(name = "stop")]
    pub fn stop(&mut self, _ctx: &mut SyncWorkflowContext<Self>, _input: ()) {
        self.stop_requested = true;
    }
}

/// Starts a timer that fires at workflow time `due`.
fn arm(
    ctx: &WorkflowContext<MaintenanceRemindersWorkflow>,
    due: SystemTime,
) -> Pin<Box<impl CancellableFuture<Output = TimerResult> + use<'_>>> {
    let now = ctx.workflow_time().unwrap_or(due);
    let wait = due
        .duration_since(now)
        .unwrap_or_default()
        .max(Duration::from_millis(1));
    Box::pin(ctx.timer(wait))
}

/// Processes an order, telling the customer if it runs late.
#[workflow]
#[derive(Default)]
pub struct OrderProcessingWorkflow;

#[workflow_methods]
impl OrderProcessingWorkflow {
    /// Returns the processing result and whether a late notice went out.
    #[run(name = "OrderProcessingWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        order: OrderInput,
    ) -> WorkflowResult<OrderOutcome> {
        let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(60))
            .heartbeat_timeout(Duration::from_secs(5))
            .build();
        let processing: Pin<Box<_>> = Box::pin(ctx.execute_activity(
            ProcessingActivities::process_order,
            (order.order_id.clone(), order.processing_ms),
            options,
        ));
        let late_timer = Box::pin(ctx.timer(Duration::from_millis(order.late_after_ms)));

        // `select` hands back the future that lost, so it can still be used or cancelled.
        match select(processing, late_timer).await {
            Either::Left((result, late_timer)) => {
                // Processing won: the timer is no longer needed. Cancel it explicitly.
                late_timer.cancel();
                late_timer.await;
                Ok(OrderOutcome {
                    result: result?,
                    late_notice_sent: false,
                })
            }
            Either::Right((_fired, processing)) => {
                let notice = Notification {
                    recipient: order.order_id.clone(),
                    message: format!(
                        "order {} is running late; we are still on it",
                        order.order_id
                    ),
                };
                ctx.execute_activity(
                    NotificationActivities::send_notification,
                    notice,
                    notify_options(),
                )
                .await?;
                Ok(OrderOutcome {
                    result: processing.await?,
                    late_notice_sent: true,
                })
            }
        }
    }
}
