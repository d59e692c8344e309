//! The client half: open an account, add and redeem points, query it, cancel it. Each call
//! addresses the account by its workflow id, derived from the user id. `main.rs` and the tests
//! call these functions.
//!
//! Errors are turned into sentences a caller can act on: a validator's rejection reads as its
//! reason, and a missing account says how to open one.

use anyhow::{Result, anyhow};
use temporalio_client::{
    Client, UntypedUpdate, UntypedWorkflow, WorkflowDescribeOptions, WorkflowExecuteUpdateOptions,
    WorkflowGetResultOptions, WorkflowHandle, WorkflowQueryOptions, WorkflowSignalOptions,
    WorkflowStartOptions,
    errors::{WorkflowQueryError, WorkflowStartError, WorkflowUpdateError},
};

use temporalio_common::{data_converters::RawValue, protos::temporal::api::common::v1::Payload};

use crate::{
    AddPointInput, CustomerRewardAccount, CustomerRewardAccountInput, CustomerRewardAccountStatus,
    RedeemPointsInput, workflow_id,
};

// ANCHOR: lesson
/// The handle of a customer's account.
pub fn account(client: &Client, user_id: &str) -> WorkflowHandle<Client, CustomerRewardAccount> {
    client.get_workflow_handle::<CustomerRewardAccount>(workflow_id(user_id))
}

/// Opens an account (starts its workflow); returns the run id. One workflow id per customer, so
/// a second account for the same customer is refused while the first is open.
pub async fn open(
    client: &Client,
    task_queue: &str,
    input: CustomerRewardAccountInput,
) -> Result<String> {
    let id = workflow_id(&input.user_id);
    let user_id = input.user_id.clone();
    let options = WorkflowStartOptions::new(task_queue, &id).build();
    match client
        .start_workflow(CustomerRewardAccount::run, input, options)
        .await
    {
        Ok(handle) => Ok(handle.run_id().unwrap_or_default().to_owned()),
        Err(WorkflowStartError::AlreadyStarted { .. }) => Err(anyhow!(
            "{user_id} already has an open account (workflow {id})"
        )),
        Err(e) => Err(anyhow!("cannot open the account of {user_id}: {e}")),
    }
}

/// Adds points (negative: removes them) with the `add_points` update; returns the new status.
pub async fn add_points(
    client: &Client,
    user_id: &str,
    points: i64,
) -> Result<CustomerRewardAccountStatus> {
    account(client, user_id)
        .execute_update(
            CustomerRewardAccount::add_points,
            AddPointInput { points },
            WorkflowExecuteUpdateOptions::default(),
        )
        .await
        .map_err(|e| update_error(user_id, e))
}

/// Sends the `add_points` update with any JSON as `points`, the way a client in a dynamically
/// typed language can: a value that is not an integer fails to decode in the worker, and the
/// update is rejected like a validator's rejection, before anything is recorded.
pub async fn add_points_unchecked(
    client: &Client,
    user_id: &str,
    points: serde_json::Value,
) -> Result<serde_json::Value> {
    let payload = Payload {
        metadata: [("encoding".to_owned(), b"json/plain".to_vec())].into(),
        data: serde_json::to_vec(&serde_json::json!({ "points": points }))?,
        ..Default::default()
    };
    let answer = client
        .get_workflow_handle::<UntypedWorkflow>(workflow_id(user_id))
        .execute_update(
            UntypedUpdate::new("add_points"),
            RawValue::new(vec![payload]),
            WorkflowExecuteUpdateOptions::default(),
        )
        .await
        .map_err(|e| update_error(user_id, e))?;
    let data = answer
        .payloads
        .first()
        .map(|p| p.data.as_slice())
        .unwrap_or(b"null");
    Ok(serde_json::from_slice(data)?)
}

/// Adds points with the `add_points_signal` signal: no answer, no validation.
pub async fn add_points_signal(client: &Client, user_id: &str, points: i64) -> Result<()> {
    account(client, user_id)
        .signal(
            CustomerRewardAccount::add_points_signal,
            AddPointInput { points },
            WorkflowSignalOptions::default(),
        )
        .await
        .map_err(|e| {
            anyhow!(
                "cannot signal the account of {user_id}: {e}; {}",
                hint(user_id)
            )
        })
}

/// Redeems points with the `redeem_points` update; returns the status once the reward is issued.
pub async fn redeem(
    client: &Client,
    user_id: &str,
    points: i64,
) -> Result<CustomerRewardAccountStatus> {
    account(client, user_id)
        .execute_update(
            CustomerRewardAccount::redeem_points,
            RedeemPointsInput { points },
            WorkflowExecuteUpdateOptions::default(),
        )
        .await
        .map_err(|e| update_error(user_id, e))
}

/// The account's status, from the `query_reward_status` query (answered after it closed too).
pub async fn status(client: &Client, user_id: &str) -> Result<CustomerRewardAccountStatus> {
    account(client, user_id)
        .query(
            CustomerRewardAccount::query_reward_status,
            (),
            WorkflowQueryOptions::default(),
        )
        .await
        .map_err(|e| match e {
            WorkflowQueryError::NotFound(_) => anyhow!("{}", hint(user_id)),
            other => anyhow!("cannot query the account of {user_id}: {other}"),
        })
}

/// Cancels the account with the `cancel` update, then waits for the workflow's result: the
/// final status.
pub async fn cancel(client: &Client, user_id: &str) -> Result<CustomerRewardAccountStatus> {
    let handle = account(client, user_id);
    handle
        .execute_update(
            CustomerRewardAccount::cancel,
            (),
            WorkflowExecuteUpdateOptions::default(),
        )
        .await
        .map_err(|e| update_error(user_id, e))?;
    handle
        .get_result(WorkflowGetResultOptions::default())
        .await
        .map_err(|e| anyhow!("the account of {user_id} did not close cleanly: {e}"))
}

/// The run id now holding the account: it changes each time the workflow continues as new.
pub async fn current_run_id(client: &Client, user_id: &str) -> Result<String> {
    let described = account(client, user_id)
        .describe(WorkflowDescribeOptions::default())
        .await
        .map_err(|e| anyhow!("cannot describe the account of {user_id}: {e}"))?;
    Ok(described
        .raw()
        .workflow_execution_info
        .as_ref()
        .and_then(|i| i.execution.as_ref())
        .map(|e| e.run_id.clone())
        .unwrap_or_default())
}

fn hint(user_id: &str) -> String {
    format!(
        "no open account for {user_id}? Open one with `cargo run -p entity open --user-id {user_id}`"
    )
}

/// Turns an update error into a sentence: a validator's rejection reads as its reason.
fn update_error(user_id: &str, e: WorkflowUpdateError) -> anyhow::Error {
    match e {
        WorkflowUpdateError::Failed(failure) => anyhow!("rejected: {}", failure.message),
        WorkflowUpdateError::NotFound(_) => anyhow!("{}", hint(user_id)),
        other => anyhow!("update of the account of {user_id} failed: {other}"),
    }
}
// ANCHOR_END: lesson
