//! The activity: hands its task token to whoever will finish it, and returns unfinished.

use std::{path::PathBuf, sync::Arc, time::Duration};

use base64::Engine;
use temporalio_client::Client;
use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::{ComposeGreetingInput, PendingActivity, client};

// ANCHOR: lesson
/// Who finishes the activity.
#[derive(Debug, Clone)]
pub enum Handoff {
    /// A task in this worker process heartbeats `heartbeats` times, `interval` apart, then
    /// completes it (the Python sample's behaviour).
    InProcess {
        /// How many heartbeats before completing.
        heartbeats: u32,
        /// Time between heartbeats (must stay under the 2 s heartbeat timeout).
        interval: Duration,
    },
    /// The token goes into this directory as a JSON file; separate processes finish it.
    Directory(PathBuf),
}

/// The activity, with the client it completes through and the hand-off injected.
pub struct GreetingComposer {
    /// The client an in-process completer uses.
    pub client: Client,
    /// Who finishes the activity.
    pub handoff: Handoff,
}

#[activities]
impl GreetingComposer {
    /// Hands the task token over and returns without completing: the workflow keeps waiting
    /// until the holder of the token completes or fails it.
    #[activity(name = "compose_greeting")]
    pub async fn compose_greeting(
        self: Arc<Self>,
        ctx: ActivityContext,
        input: ComposeGreetingInput,
    ) -> Result<String, ActivityError> {
        let info = ctx.info();
        let token = info.task_token.clone();
        match &self.handoff {
            Handoff::InProcess {
                heartbeats,
                interval,
            } => {
                println!("Completing activity asynchronously");
                let (client, heartbeats, interval) = (self.client.clone(), *heartbeats, *interval);
                // Could be any other process or system; here a task, as in the Python sample.
                tokio::spawn(async move {
                    let result = async {
                        for _ in 0..heartbeats {
                            println!("Waiting one second...");
                            client::heartbeat(&client, &token, None).await?;
                            tokio::time::sleep(interval).await;
                        }
                        client::complete(
                            &client,
                            &token,
                            &format!("{}, {}!", input.greeting, input.name),
                        )
                        .await
                    }
                    .await;
                    if let Err(e) = result {
                        tracing::error!("could not complete the activity: {e:#}");
                    }
                });
            }
            Handoff::Directory(dir) => {
                let pending = PendingActivity {
                    task_token: base64::engine::general_purpose::STANDARD.encode(&token),
                    workflow_id: info.workflow_id.clone().unwrap_or_default(),
                    attempt: info.attempt,
                    input,
                };
                let path = dir.join(format!(
                    "{}-attempt-{}.json",
                    pending.workflow_id, pending.attempt
                ));
                let json = serde_json::to_vec_pretty(&pending).map_err(anyhow::Error::from)?;
                std::fs::write(&path, json)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                println!("Handed the task token over: {}", path.display());
            }
        }
        // Not a failure: tells the worker the activity is still running, and will be finished
        // by whoever holds the token.
        Err(ActivityError::WillCompleteAsync)
    }
}
// ANCHOR_END: lesson
