//! The two timer workflows: the catalogue's recurring maintenance timers, and a timer racing
//! an activity.

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

use temporalio_common::data_converters::MultiArgs2;

use crate::{
    MaintenanceInput, MaintenancePlan, OrderInput, OrderOutcome,
    activities::{NotificationActivities, ProcessOrderInput, ProcessingActivities},
};

// ANCHOR: lesson
fn notify_options() -> ActivityOptions {
    // The catalogue's timeout for sending one notification.
    ActivityOptions::start_to_close_timeout(Duration::from_secs(30))
}

/// The failure type of a maintenance plan that cannot run (a blank email, a zero interval).
pub const INVALID_PLAN_ERROR: &str = "InvalidPlanError";

/// One recurring maintenance event: what the log says and the notification's message, as in
/// the catalogue.
struct Event {
    log: &'static str,
    message: &'static str,
    every: Duration,
}

/// Sends maintenance notifications on three independent recurring timers, for as long as the
/// car is on the road.
#[workflow]
#[derive(Default)]
pub struct MaintenanceWorkflow {
    stop_requested: bool,
}

#[workflow_methods]
impl MaintenanceWorkflow {
    /// Returns nothing (the catalogue's `-> None`); it ends only when stopped or, for a plan
    /// with a limit, after that many notifications.
    #[run(name = "MaintenanceWorkflow")]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        input: MaintenanceInput,
    ) -> WorkflowResult<()> {
        let plan = MaintenancePlan::from(input);
        let ms = Duration::from_millis;
        let events = [
            Event {
                log: "Time for oil change",
                message: "Your car needs an oil change",
                every: ms(plan.oil_change_ms),
            },
            Event {
                log: "Time for car inspection",
                message: "Your car needs an annual inspection",
                every: ms(plan.inspection_ms),
            },
            Event {
                log: "Time for coolant change",
                message: "Your car needs a coolant system service",
                every: ms(plan.coolant_ms),
            },
        ];
        if plan.user_email.trim().is_empty() || events.iter().any(|e| e.every.is_zero()) {
            return Err(ApplicationFailure::builder(anyhow::anyhow!(
                "a maintenance plan needs an email and intervals above zero, got {plan:?}"
            ))
            .type_name(INVALID_PLAN_ERROR.to_owned())
            .non_retryable(true)
            .build()
            .into());
        }
        // Workflow time, not the system clock: it comes from history, so replay sees the same.
        let start = ctx.workflow_time().unwrap_or(SystemTime::UNIX_EPOCH);
        // The k-th firing of a timer is due at start + k × interval. Computing each timer from
        // that schedule (rather than "interval from now") keeps notifications from drifting
        // later by the time it takes to send each one.
        let due = |event: usize, fired: u32| start + events[event].every * (fired + 1);
        let mut fired = [0u32; 3];
        let mut timers: Vec<_> = (0..events.len()).map(|i| arm(ctx, due(i, 0))).collect();
        let mut sent = 0u32;

        loop {
            // Wait for whichever comes first: any timer, or the stop signal. The server may
            // deliver several firings in one batch, so poll the timers in order of due time: the
            // choice is then both deterministic and the one the schedule intends.
            let mut order: Vec<usize> = (0..timers.len()).collect();
            order.sort_by_key(|&i| (due(i, fired[i]), i));
            let mut stop = Box::pin(ctx.wait_condition(|s| s.stop_requested));
            let next = poll_fn(|cx| {
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
            let Some(i) = next else { break };

            fired[i] += 1;
            // Re-arm first, so this event's next timer runs even while we notify.
            timers[i] = arm(ctx, due(i, fired[i]));
            if !ctx.is_replaying() {
                tracing::info!("{}", events[i].log);
            }
            ctx.execute_activity(
                NotificationActivities::send_notification,
                MultiArgs2(plan.user_email.clone(), events[i].message.to_owned()),
                notify_options(),
            )
            .await?;
            sent += 1;
            if plan.max_notifications > 0 && sent >= plan.max_notifications {
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
        Ok(())
    }

    /// Ends the workflow after the notification in progress (not in the catalogue, whose
    /// workflow never ends).
    #[signal(name = "stop")]
    pub fn stop(&mut self, _ctx: &mut SyncWorkflowContext<Self>, _input: ()) {
        self.stop_requested = true;
    }
}

/// Starts a timer that fires at workflow time `due`.
fn arm(
    ctx: &WorkflowContext<MaintenanceWorkflow>,
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
            ProcessOrderInput {
                order_id: order.order_id.clone(),
                processing_ms: order.processing_ms,
            },
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
                let message = format!(
                    "order {} is running late; we are still on it",
                    order.order_id
                );
                ctx.execute_activity(
                    NotificationActivities::send_notification,
                    MultiArgs2(order.customer_email.clone(), message),
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
// ANCHOR_END: lesson
