//! The activity: a stand-in for a remote greeting service that knows every language.

use std::{sync::Arc, time::Duration};

use temporalio_macros::activities;
use temporalio_sdk::activities::{ActivityContext, ActivityError};

use crate::Language;

// ANCHOR: lesson
/// The greeting service, with what the tests vary injected: its simulated network delay (a
/// longer one makes updates overlap) and languages it does not know (a real service's gaps).
#[derive(Debug, Clone)]
pub struct GreetingServiceActivities {
    /// How long a call takes.
    pub latency: Duration,
    /// Languages the service answers `None` for.
    pub unknown: Vec<Language>,
}

impl Default for GreetingServiceActivities {
    fn default() -> Self {
        // The Python sample's 0.2 s, and a service that knows every language.
        Self {
            latency: Duration::from_millis(200),
            unknown: Vec::new(),
        }
    }
}

/// The greeting in `language`, if the service knows it.
pub fn greeting_in(language: Language) -> Option<&'static str> {
    Some(match language {
        Language::Arabic => "مرحبا بالعالم",
        Language::Chinese => "你好，世界",
        Language::English => "Hello, world",
        Language::French => "Bonjour, monde",
        Language::Hindi => "नमस्ते दुनिया",
        Language::Portuguese => "Olá mundo",
        Language::Spanish => "Hola mundo",
    })
}

#[activities]
impl GreetingServiceActivities {
    /// Calls the remote greeting service; `None` when it has no greeting for the language.
    #[activity(name = "call_greeting_service")]
    pub async fn call_greeting_service(
        self: Arc<Self>,
        _ctx: ActivityContext,
        to_language: Language,
    ) -> Result<Option<String>, ActivityError> {
        tokio::time::sleep(self.latency).await;
        if self.unknown.contains(&to_language) {
            return Ok(None);
        }
        Ok(greeting_in(to_language).map(str::to_owned))
    }
}
// ANCHOR_END: lesson
