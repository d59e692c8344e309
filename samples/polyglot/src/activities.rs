//! The activity, twice: declared (for the Rust workflow, implemented in Python) and implemented
//! (for the Python workflow, served by Rust).

use temporalio_macros::{activities, activity_definitions};
use temporalio_sdk::activities::{ActivityContext, ActivityError};

// ANCHOR: lesson
/// `say-hello-activity` as the Python worker implements it: a name, an input type and an output
/// type, and no body. The macro generates what `execute_activity` needs; calling it from Rust
/// code would be a bug, so the body is `unimplemented!()`, as the macro requires.
pub struct PythonActivities;

#[activity_definitions]
impl PythonActivities {
    /// Python's `say_hello_activity(name: str) -> str`.
    #[activity(name = "say-hello-activity")]
    pub async fn say_hello(name: String) -> Result<String, ActivityError> {
        unimplemented!()
    }
}

/// `say-hello-activity` implemented in Rust, for the Python workflow. Same name, same payloads
/// (a JSON string in, a JSON string out): the Python workflow cannot tell which language ran it.
#[derive(Debug, Default, Clone, Copy)]
pub struct SayHelloActivities;

#[activities]
impl SayHelloActivities {
    /// Returns `Hello, {name}!`.
    #[activity(name = "say-hello-activity")]
    pub async fn say_hello(_ctx: ActivityContext, name: String) -> Result<String, ActivityError> {
        Ok(format!("Hello, {name}!"))
    }
}
// ANCHOR_END: lesson
