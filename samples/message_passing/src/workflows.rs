//! The workflow and its message handlers.

use std::{collections::BTreeMap, time::Duration};

use temporalio_macros::{workflow, workflow_methods};
use temporalio_sdk::{
    ActivityOptions, ApplicationFailure, SyncWorkflowContext, WorkflowContext, WorkflowContextView,
    WorkflowResult,
};

use crate::{
    ApproveInput, GetLanguagesInput, Language, SetLanguageInput,
    activities::GreetingServiceActivities,
};

// ANCHOR: lesson
/// A validator's answer: `Err` rejects the update before anything is written to history.
type Validation = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Returns a greeting in one of several languages once approved.
#[workflow]
pub struct GreetingWorkflow {
    approved_for_release: bool,
    approver_name: Option<String>,
    greetings: BTreeMap<Language, String>,
    language: Language,
    /// The workflow lock of `set_language_using_activity`: held while its activity runs.
    service_call_in_progress: bool,
}

impl Default for GreetingWorkflow {
    fn default() -> Self {
        Self {
            approved_for_release: false,
            approver_name: None,
            greetings: BTreeMap::from([
                (Language::Chinese, "你好，世界".to_owned()),
                (Language::English, "Hello, world".to_owned()),
            ]),
            language: Language::English,
            service_call_in_progress: false,
        }
    }
}

#[workflow_methods]
impl GreetingWorkflow {
    /// Waits for approval, then returns the greeting in the current language.
    #[run(name = "GreetingWorkflow")]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<String> {
        // Besides the approval, wait for every handler to finish: otherwise the workflow could
        // complete while a `set_language_using_activity` update is still running, and that
        // update's caller would get an error instead of its answer.
        let handlers = ctx.clone();
        ctx.wait_condition(move |s| s.approved_for_release && handlers.all_handlers_finished())
            .await?;
        Ok(ctx.state(|s| s.greetings.get(&s.language).cloned().unwrap_or_default()))
    }

    /// Query: the languages with a greeting (or all of them). Reads, never writes.
    #[query(name = "get_languages")]
    pub fn get_languages(
        &self,
        _ctx: &WorkflowContextView,
        input: GetLanguagesInput,
    ) -> Vec<Language> {
        if input.include_unsupported {
            Language::ALL.to_vec()
        } else {
            // A BTreeMap keeps its keys sorted, as Python's `sorted` does.
            self.greetings.keys().copied().collect()
        }
    }

    /// Query: the current language.
    #[query(name = "get_language")]
    pub fn get_language(&self, _ctx: &WorkflowContextView) -> Language {
        self.language
    }

    /// Signal: approve the workflow, which lets it return. Changes state, returns nothing.
    #[signal(name = "approve")]
    pub fn approve(&mut self, _ctx: &mut SyncWorkflowContext<Self>, input: ApproveInput) {
        self.approved_for_release = true;
        self.approver_name = Some(input.name);
    }

    /// Rejects a language the workflow has no greeting for. A rejected update leaves no trace in
    /// history; the caller gets the message.
    #[update_validator(set_language)]
    fn validate_language(
        &self,
        _ctx: &WorkflowContextView,
        input: &SetLanguageInput,
    ) -> Validation {
        if self.greetings.contains_key(&input.language) {
            Ok(())
        } else {
            Err(format!("{} is not supported", input.language).into())
        }
    }

    /// Update: switch to a language the workflow knows; returns the previous one.
    #[update(name = "set_language")]
    pub fn set_language(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        input: SetLanguageInput,
    ) -> Language {
        std::mem::replace(&mut self.language, input.language)
    }

    /// Update (async): switch to any language, asking the greeting service (an activity) for
    /// greetings the workflow does not have yet; returns the previous language. Fails — after
    /// being accepted, so the failure is in history — when the service has no greeting.
    #[update(name = "set_language_using_activity")]
    pub async fn set_language_using_activity(
        ctx: &mut WorkflowContext<Self>,
        input: SetLanguageInput,
    ) -> Result<Language, Box<dyn std::error::Error + Send + Sync>> {
        let language = input.language;
        if !ctx.state(|s| s.greetings.contains_key(&language)) {
            // The workflow lock: while one call's activity runs, another call of this handler
            // waits here, so calls are served one at a time and in order. Workflow code is
            // single-threaded and only yields at `.await`, so taking the lock right after the
            // condition holds cannot race.
            ctx.wait_condition(|s| !s.service_call_in_progress).await?;
            ctx.state_mut(|s| s.service_call_in_progress = true);
            let options = ActivityOptions::start_to_close_timeout(Duration::from_secs(10));
            let greeting = ctx
                .execute_activity(
                    GreetingServiceActivities::call_greeting_service,
                    language,
                    options,
                )
                .await;
            // Release the lock whatever the outcome.
            ctx.state_mut(|s| s.service_call_in_progress = false);
            match greeting? {
                Some(greeting) => ctx.state_mut(|s| s.greetings.insert(language, greeting)),
                // An update validator could reject this before history, but validators cannot
                // run activities: the update is accepted, then fails with this message.
                None => {
                    return Err(Box::new(ApplicationFailure::non_retryable(
                        anyhow::anyhow!("Greeting service does not support {language}"),
                    )));
                }
            };
        }
        Ok(ctx.state_mut(|s| std::mem::replace(&mut s.language, language)))
    }
}
// ANCHOR_END: lesson
