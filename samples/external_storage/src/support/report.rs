//! Not part of the lesson: printing numbers and sizes as the Python sample prints them.

use crate::{BatchSummary, client::StoredHistory};

/// The summary, as the Python starter prints it.
pub fn print_summary(summary: &BatchSummary) {
    println!(
        "\nBatch {}: {} orders processed",
        summary.batch_id, summary.order_count
    );
    println!(
        "  Total shipping cost: ${}",
        thousands(summary.total_shipping_cost_usd, 2)
    );
    println!(
        "  Total weight:        {} kg",
        thousands(summary.total_weight_kg, 1)
    );
    println!("  Avg delivery:        {} days", summary.avg_delivery_days);
}

/// What the history holds, and what went to the store.
pub fn print_history(history: &StoredHistory) {
    println!(
        "\nHistory: {} events, {} as the server stores it",
        history.events,
        size(history.history_bytes as i64)
    );
    for r in &history.references {
        println!(
            "  {:?}: a reference to {} in the store ({} decoded), key {}",
            r.event_type,
            size(r.stored_bytes),
            size(r.decoded_bytes as i64),
            r.reference.claim_data.key
        );
    }
}

/// `12345.678` with `digits` decimals and thousands separators: `12,345.68`.
pub fn thousands(value: f64, digits: usize) -> String {
    let text = format!("{:.*}", digits, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// Bytes as B, KB or MB (powers of 1024, one decimal).
pub fn size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
