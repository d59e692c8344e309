//! The client half of the lesson: starting the workflow, then querying, updating and signalling
//! it. `main.rs` (the starter) and the tests call these same functions.

use anyhow::{Context, Result};
use samples_helper::Connected;
use temporalio_client::{
    Client, WorkflowExecuteUpdateOptions, WorkflowGetResultOptions, WorkflowHandle,
    WorkflowQueryOptions, WorkflowSignalOptions, WorkflowStartOptions, WorkflowStartUpdateOptions,
    errors::WorkflowUpdateError,
};

use crate::{ApproveInput, GetLanguagesInput, GreetingWorkflow, Language, SetLanguageInput};

// ANCHOR: lesson
/// Why an update did not return a value.
#[derive(Debug, thiserror::Error)]
pub enum UpdateRefused {
    /// The validator rejected it (nothing in history), or the handler failed after accepting it
    /// (recorded in history). The message is the workflow's.
    #[error("the workflow refused the update: {0}")]
    Refused(String),
    /// Anything else: the workflow does not exist, the server is unreachable, …
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

fn refused(err: WorkflowUpdateError) -> UpdateRefused {
    match err {
        WorkflowUpdateError::Failed(failure) => UpdateRefused::Refused(failure.message),
        other => UpdateRefused::Other(other.into()),
    }
}

/// Starts `GreetingWorkflow` (no input, as in Python); returns its handle.
pub async fn start(
    client: &Client,
    task_queue: &str,
    workflow_id: &str,
) -> Result<WorkflowHandle<Client, GreetingWorkflow>> {
    let options = WorkflowStartOptions::new(task_queue, workflow_id).build();
    let handle = client
        .start_workflow(GreetingWorkflow::run, (), options)
        .await
        .with_context(|| format!("cannot start workflow `{workflow_id}`"))?;
    // `start_workflow` types its handle by the run method; this one names the workflow type.
    Ok(WorkflowHandle::new(client.clone(), handle.info().clone()))
}

/// Query: the languages the workflow can greet in (or all languages).
pub async fn languages(
    client: &Client,
    workflow_id: &str,
    include_unsupported: bool,
) -> Result<Vec<Language>> {
    Ok(client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .query(
            GreetingWorkflow::get_languages,
            GetLanguagesInput {
                include_unsupported,
            },
            WorkflowQueryOptions::default(),
        )
        .await?)
}

/// Query: the current language.
pub async fn language(client: &Client, workflow_id: &str) -> Result<Language> {
    Ok(client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .query(
            GreetingWorkflow::get_language,
            (),
            WorkflowQueryOptions::default(),
        )
        .await?)
}

/// Update (executed: sent and awaited in one call): switch to a language the workflow knows;
/// returns the previous language.
pub async fn set_language(
    client: &Client,
    workflow_id: &str,
    language: Language,
) -> Result<Language, UpdateRefused> {
    client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .execute_update(
            GreetingWorkflow::set_language,
            SetLanguageInput { language },
            WorkflowExecuteUpdateOptions::default(),
        )
        .await
        .map_err(refused)
}

/// Update (started, then awaited): switch to any language through the greeting service. The
/// start returns once the workflow has *accepted* the update; the result comes when its
/// activity is done.
pub async fn set_language_using_activity(
    client: &Client,
    workflow_id: &str,
    language: Language,
) -> Result<Language, UpdateRefused> {
    let update = client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .start_update(
            GreetingWorkflow::set_language_using_activity,
            SetLanguageInput { language },
            WorkflowStartUpdateOptions::default(),
        )
        .await
        .map_err(refused)?;
    update.get_result(Default::default()).await.map_err(refused)
}

/// Signal: approve the workflow, which lets it return.
pub async fn approve(client: &Client, workflow_id: &str, name: &str) -> Result<()> {
    client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .signal(
            GreetingWorkflow::approve,
            ApproveInput {
                name: name.to_owned(),
            },
            WorkflowSignalOptions::default(),
        )
        .await
        .with_context(|| format!("cannot signal workflow `{workflow_id}`"))
}

/// Waits for the workflow's greeting.
pub async fn greeting(client: &Client, workflow_id: &str) -> Result<String> {
    Ok(client
        .get_workflow_handle::<GreetingWorkflow>(workflow_id)
        .get_result(WorkflowGetResultOptions::default())
        .await?)
}

/// The Python sample's starter, step by step: start; query the supported languages; execute
/// `set_language(direct)` (CHINESE in Python); start `set_language_using_activity(via_service)`
/// (ARABIC in Python) and await it; signal `approve`; print the greeting. When the workflow
/// refuses an update the starter says so and goes on, then fails at the end (after approving,
/// so the workflow still completes).
pub async fn starter(
    connected: &Connected,
    task_queue: &str,
    workflow_id: &str,
    direct: Language,
    via_service: Language,
) -> Result<String> {
    let client = &connected.client;
    let handle = start(client, task_queue, workflow_id).await?;
    connected.print_handle(&handle);

    let supported = languages(client, workflow_id, false).await?;
    println!("supported languages: {}", names(&supported));

    let mut refusals = Vec::new();
    for (language, outcome) in [
        (direct, set_language(client, workflow_id, direct).await),
        (
            via_service,
            set_language_using_activity(client, workflow_id, via_service).await,
        ),
    ] {
        match outcome {
            Ok(previous) => println!("language changed: {previous} -> {language}"),
            Err(UpdateRefused::Refused(reason)) => {
                println!("update refused: {reason}");
                refusals.push(reason);
            }
            Err(UpdateRefused::Other(err)) => return Err(err),
        }
    }

    approve(client, workflow_id, "").await?;
    let greeting = greeting(client, workflow_id).await?;
    println!("{greeting}");
    anyhow::ensure!(
        refusals.is_empty(),
        "the workflow refused {} update(s): {}",
        refusals.len(),
        refusals.join("; ")
    );
    Ok(greeting)
}

/// `[CHINESE, ENGLISH]`, as Python prints a list of enum members' names.
pub fn names(languages: &[Language]) -> String {
    let names: Vec<_> = languages.iter().map(|l| l.name()).collect();
    format!("[{}]", names.join(", "))
}
// ANCHOR_END: lesson
