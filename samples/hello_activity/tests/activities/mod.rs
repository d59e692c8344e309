//! Both implementations of the activity alone, in the SDK's `ActivityEnvironment`: no server,
//! no worker.

use anyhow::Result;
use hello_activity::{AsyncGreetingActivities, ComposeGreetingInput, GreetingActivities};
use temporalio_sdk::testing::ActivityEnvironment;

fn input(name: &str) -> ComposeGreetingInput {
    ComposeGreetingInput {
        greeting: "Hello".to_owned(),
        name: name.to_owned(),
    }
}

#[tokio::test]
async fn the_plain_fn_and_the_async_fn_compose_the_same_greeting() -> Result<()> {
    let env = ActivityEnvironment::builder_with_default().build();
    let blocking = env
        .run(GreetingActivities::compose_greeting, input("World"))
        .await?;
    let non_blocking = env
        .run(AsyncGreetingActivities::compose_greeting, input("World"))
        .await?;
    assert_eq!(blocking, "Hello, World!");
    assert_eq!(non_blocking, blocking);
    Ok(())
}
