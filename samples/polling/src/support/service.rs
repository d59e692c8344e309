//! Not part of the lesson: the stand-in service being polled.
//!
//! The service being polled: it fails until the Nth call (counted per workflow id).

use std::{collections::HashMap, sync::Mutex};

/// A stand-in for an external service that is "not ready yet" for a while.
#[derive(Debug)]
pub struct FlakyService {
    succeed_on: u32,
    calls: Mutex<HashMap<String, u32>>,
}

/// The service's answer when it is not ready.
#[derive(Debug, thiserror::Error)]
#[error("service not ready (call {call} of {needed})")]
pub struct NotReady {
    /// This call's number.
    pub call: u32,
    /// The call that will succeed.
    pub needed: u32,
}

impl FlakyService {
    /// A service that answers on call `succeed_on` (1 = at once).
    pub fn new(succeed_on: u32) -> Self {
        Self {
            succeed_on: succeed_on.max(1),
            calls: Mutex::new(HashMap::new()),
        }
    }

    /// Asks for the greeting; fails with [`NotReady`] before the Nth call for `key`.
    pub fn get(&self, key: &str, greeting: &str, name: &str) -> Result<String, NotReady> {
        let call = {
            let mut calls = self.calls.lock().unwrap_or_else(|p| p.into_inner());
            let count = calls.entry(key.to_owned()).or_default();
            *count += 1;
            *count
        };
        if call < self.succeed_on {
            Err(NotReady {
                call,
                needed: self.succeed_on,
            })
        } else {
            Ok(format!("{greeting}, {name}!"))
        }
    }

    /// How many times `key` has called.
    pub fn calls(&self, key: &str) -> u32 {
        self.calls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .copied()
            .unwrap_or(0)
    }
}
