//! Queries that no worker answered in time, asked again.

use std::fmt::Display;

/// How many times a query is asked again after no worker answered it.
const RETRIES: usize = 3;

/// Runs `ask` (a query) until a worker answers it, asking at most three more times.
///
/// A worker answers a query from the workflow's state. When the worker that last ran the workflow
/// has just died, the server still hands the query to that worker's sticky queue until it
/// notices, and the query can time out before another worker picks it up. A query changes
/// nothing, so asking again is harmless. Only that timeout is retried; any other result (an
/// answer, an unknown query, a missing workflow) is returned as it is.
pub async fn query_until_answered<T, E, F, Fut>(mut ask: F) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: Display,
{
    let mut answer = ask().await;
    for _ in 0..RETRIES {
        match &answer {
            Err(e) if unanswered(&e.to_string()) => {
                tracing::debug!("no worker answered the query in time ({e}); asking again");
                answer = ask().await;
            }
            _ => break,
        }
    }
    answer
}

/// Whether a query failed because no worker answered it before its deadline.
fn unanswered(message: &str) -> bool {
    [
        "Timeout expired",
        "timed out before a worker could process it",
        "Deadline expired",
    ]
    .iter()
    .any(|m| message.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_query_no_worker_answered_is_asked_again_and_nothing_else_is() {
        let mut asked = 0;
        let answer: Result<u32, String> = query_until_answered(|| {
            asked += 1;
            let n = asked;
            async move {
                if n < 3 {
                    Err("query timed out before a worker could process it".to_owned())
                } else {
                    Ok(7)
                }
            }
        })
        .await;
        assert_eq!((answer, asked), (Ok(7), 3));

        let mut asked = 0;
        let answer: Result<u32, String> = query_until_answered(|| {
            asked += 1;
            async { Err("Workflow not found".to_owned()) }
        })
        .await;
        assert_eq!((answer, asked), (Err("Workflow not found".to_owned()), 1));

        let mut asked = 0;
        let answer: Result<u32, String> = query_until_answered(|| {
            asked += 1;
            async { Err("Deadline expired before operation could complete".to_owned()) }
        })
        .await;
        assert!(answer.is_err());
        assert_eq!(asked, 1 + RETRIES);
    }
}
