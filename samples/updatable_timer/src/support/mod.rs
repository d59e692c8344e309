//! Not part of the lesson: what the sample needs around it.

use std::time::{SystemTime, UNIX_EPOCH};

/// A wake-up time (Unix seconds, as the workflow keeps it) for people:
/// `2026-11-30T06:40:12Z (in 10.0 s)`.
pub fn describe(wake_up_time: f64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default();
    let when = chrono::DateTime::from_timestamp(wake_up_time.max(0.0).floor() as i64, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| format!("{wake_up_time} (Unix seconds)"));
    format!("{when} (in {:.1} s)", wake_up_time - now)
}
