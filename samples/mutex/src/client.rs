//! The client half: start requesters that contend for one resource and wait for them. `main.rs`
//! and the tests call these same functions.

use anyhow::{Context, Result, bail};
use temporalio_client::{Client, WorkflowGetResultOptions, WorkflowHandle, WorkflowStartOptions};

use crate::SampleWorkflowWithMutex;
use crate::workflows::{Held, RequesterInput};

// ANCHOR: lesson
/// How the requesters contend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contention {
    /// The resource they all want.
    pub resource_id: String,
    /// How many requesters.
    pub requesters: usize,
    /// Requester workflow ids are `{id_prefix}-1`, `{id_prefix}-2`, …
    pub id_prefix: String,
    /// How long each holds the resource.
    pub hold_ms: u64,
    /// The lease each asks for.
    pub lease_ms: u64,
}

impl Contention {
    /// Refuses what cannot work before anything starts, so bad input leaves nothing behind.
    pub fn validate(&self) -> Result<()> {
        if self.resource_id.trim().is_empty() {
            bail!(
                "the resource id is empty: name the resource to lock (e.g. `--resource-id my-resource`)"
            );
        }
        if self.requesters == 0 {
            bail!("no requesters: a lock needs at least one (`--requesters 3`)");
        }
        if self.lease_ms <= self.hold_ms {
            bail!(
                "the lease ({} ms) must be longer than the critical section ({} ms), or every \
                 holder loses the lock while it still works",
                self.lease_ms,
                self.hold_ms
            );
        }
        Ok(())
    }
}

/// Starts one requester.
pub async fn start_requester(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
    input: RequesterInput,
) -> Result<WorkflowHandle<Client, SampleWorkflowWithMutex>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let started = client
        .start_workflow(SampleWorkflowWithMutex::run, input, options)
        .await
        .with_context(|| format!("cannot start requester `{workflow_id}`"))?;
    Ok(WorkflowHandle::new(client.clone(), started.info().clone()))
}

/// Starts every requester at once, then waits for all; returns what each held, in grant order.
/// Each waits for its turn inside its own workflow, not here: the client could exit and the
/// requesters would still get the lock one after another.
pub async fn contend(
    client: &Client,
    task_queue: &str,
    contention: &Contention,
) -> Result<Vec<Held>> {
    contention.validate()?;
    let mut handles = Vec::new();
    for n in 1..=contention.requesters {
        let input = RequesterInput {
            resource_id: contention.resource_id.clone(),
            hold_ms: contention.hold_ms,
            lease_ms: contention.lease_ms,
        };
        let id = format!("{}-{n}", contention.id_prefix);
        handles.push(start_requester(client, task_queue, &id, input).await?);
    }
    let mut held = Vec::new();
    for handle in &handles {
        held.push(
            handle
                .get_result(WorkflowGetResultOptions::default())
                .await
                .context("a requester did not complete")?,
        );
    }
    held.sort_by_key(|h| h.grant);
    Ok(held)
}
// ANCHOR_END: lesson
