//! Not part of the lesson: a schedule's description as the CLI prints it.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use temporalio_client::schedules::ScheduleDescription;

fn time(t: SystemTime) -> String {
    DateTime::<Utc>::from(t)
        .format("%Y-%m-%d %H:%M:%S UTC")
        .to_string()
}

/// A human-readable description: spec, state, note, next runs, recent actions.
pub fn format_description(schedule_id: &str, d: &ScheduleDescription) -> String {
    let mut out = format!("Schedule {schedule_id}\n");
    if let Some(spec) = d.raw().schedule.as_ref().and_then(|s| s.spec.as_ref()) {
        for i in &spec.interval {
            let secs = i.interval.as_ref().map_or(0, |d| d.seconds);
            out += &format!("  spec:     every {secs} s\n");
        }
        for c in &spec.cron_string {
            out += &format!("  spec:     cron `{c}`\n");
        }
        if !spec.calendar.is_empty() || !spec.structured_calendar.is_empty() {
            out += &format!(
                "  spec:     {} calendar rule(s)\n",
                spec.calendar.len() + spec.structured_calendar.len()
            );
        }
    }
    out += &format!(
        "  state:    {}\n",
        if d.paused() { "paused" } else { "active" }
    );
    out += &format!("  note:     {}\n", d.note().unwrap_or("(none)"));
    out += &format!("  actions:  {} so far\n", d.action_count());
    for t in d.future_action_times().into_iter().take(3) {
        out += &format!("  next run: {}\n", time(t));
    }
    for a in d.recent_actions().into_iter().rev().take(5) {
        out += &format!(
            "  recent:   {} (scheduled {})\n",
            a.workflow_id,
            a.schedule_time.map_or_else(|| "?".to_owned(), time)
        );
    }
    out
}
