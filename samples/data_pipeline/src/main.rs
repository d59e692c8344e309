//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p data_pipeline worker [--base-url URL] [--hacker-news-url URL]
//! cargo run -p data_pipeline starter
//! cargo run -p data_pipeline hacker-news                         # the tutorial's first version
//! cargo run -p data_pipeline schedule-create | schedule-delete [--hacker-news]
//! cargo run -p data_pipeline fixture-server --listen 127.0.0.1:8099   # offline stand-in
//! ```

use std::{net::SocketAddr, process::ExitCode, time::Duration};

use anyhow::{Result, anyhow};
use clap::Subcommand;
use data_pipeline::{
    COMMUNITY_URL, CommunityActivities, CommunityReport, HACKER_NEWS_SCHEDULE_ID,
    HACKER_NEWS_TASK_QUEUE, HACKER_NEWS_URL, HACKER_NEWS_WORKFLOW_ID, HackerNewsActivities,
    HackerNewsWorkflow, SCHEDULE_ID, TASK_QUEUE, TemporalCommunityWorkflow, WORKFLOW_ID,
    support::fixture::{self, FixtureOptions},
};
use samples_helper::ConnectArgs;
use temporalio_client::{
    schedules::{CreateScheduleOptions, ScheduleAction, ScheduleError, ScheduleSpec},
    tonic::Code,
};

#[derive(Subcommand)]
enum Command {
    /// Run a worker whose activities read the forum.
    Worker {
        /// Base URL of the community forum.
        #[arg(long, default_value = COMMUNITY_URL)]
        base_url: String,
        /// Base URL of the Hacker News API (the fixture server serves both).
        #[arg(long, default_value = HACKER_NEWS_URL)]
        hacker_news_url: String,
        /// Most posts fetched at once.
        #[arg(long, default_value_t = 10)]
        concurrency: usize,
        /// Per-request timeout, in seconds.
        #[arg(long, default_value_t = 10)]
        request_timeout_secs: u64,
    },
    /// Run the pipeline once and print the report.
    Starter {
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Run the tutorial's Hacker News version once and print its stories.
    HackerNews {
        /// Workflow id.
        #[arg(long, default_value = HACKER_NEWS_WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Create the schedule that runs the pipeline periodically.
    ScheduleCreate {
        /// Interval in seconds (default: 10 hours; the tutorial's tip: 60).
        #[arg(long, default_value_t = 36_000)]
        interval_secs: u64,
        /// Schedule the Hacker News version (`workflow-schedule-id`) instead.
        #[arg(long)]
        hacker_news: bool,
    },
    /// Delete the schedule.
    ScheduleDelete {
        /// Delete the Hacker News version's schedule instead.
        #[arg(long)]
        hacker_news: bool,
    },
    /// Serve fixture data shaped like the forum's (and Hacker News') JSON, for offline runs.
    FixtureServer {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8099")]
        listen: SocketAddr,
        /// Latency added to every request, in ms.
        #[arg(long, default_value_t = 100)]
        latency_ms: u64,
    },
}

fn main() -> ExitCode {
    samples_helper::run_cli(
        "Temporal data pipeline sample: top community posts and title words",
        app,
    )
}

fn schedule_error(schedule_id: &str, e: ScheduleError) -> anyhow::Error {
    match &e {
        ScheduleError::Rpc(s) if s.code() == Code::AlreadyExists => {
            anyhow!("the schedule {schedule_id} already exists (schedule-delete first)")
        }
        ScheduleError::Rpc(s) if s.code() == Code::NotFound => {
            anyhow!("there is no schedule {schedule_id}")
        }
        _ => anyhow!("{e}"),
    }
}

async fn app(connect: ConnectArgs, command: Command) -> Result<()> {
    if let Command::FixtureServer { listen, latency_ms } = command {
        let options = FixtureOptions {
            latency: Duration::from_millis(latency_ms),
            ..FixtureOptions::default()
        };
        let server = fixture::start(listen, options).await?;
        println!(
            "Fixture server ready on {} (30 topics, {latency_ms} ms latency). Ctrl-C to stop.",
            server.url()
        );
        tokio::signal::ctrl_c().await?;
        return Ok(());
    }
    let connected = connect.connect().await?;
    let client = &connected.client;
    match command {
        Command::Worker {
            base_url,
            hacker_news_url,
            concurrency,
            request_timeout_secs,
        } => {
            println!(
                "Reading {base_url}, {concurrency} requests at a time; Hacker News at {hacker_news_url}"
            );
            let http = data_pipeline::http_client(Duration::from_secs(request_timeout_secs))?;
            let community = CommunityActivities::new(http.clone(), &base_url, concurrency);
            let hacker_news = HackerNewsActivities::new(http, &hacker_news_url);
            samples_helper::Workers::all(
                client,
                vec![
                    data_pipeline::worker_options(TASK_QUEUE, community)?,
                    data_pipeline::hacker_news_worker_options(HACKER_NEWS_TASK_QUEUE, hacker_news)?,
                ],
            )
            .run()
            .await
        }
        Command::Starter { workflow_id } => {
            let handle = data_pipeline::client::start(client, TASK_QUEUE, &workflow_id).await?;
            connected.print_handle(&handle);
            let posts = data_pipeline::client::top_posts(client, &workflow_id).await?;
            let (top_words, queried) =
                data_pipeline::client::top_words(client, &workflow_id, &posts).await?;
            if !queried {
                println!(
                    "(the worker has no `top_words` query, as the tutorial's Python workflow has none: words counted by this starter)"
                );
            }
            let report = CommunityReport { posts, top_words };
            print!("{}", data_pipeline::format_report(&report));
            Ok(())
        }
        Command::HackerNews { workflow_id } => {
            let handle = data_pipeline::client::start_hacker_news(
                client,
                HACKER_NEWS_TASK_QUEUE,
                &workflow_id,
            )
            .await?;
            connected.print_handle(&handle);
            let stories = data_pipeline::client::top_stories(client, &workflow_id).await?;
            print!("{}", data_pipeline::format_stories(&stories));
            Ok(())
        }
        Command::ScheduleCreate {
            interval_secs,
            hacker_news,
        } => {
            let every = Duration::from_secs(interval_secs);
            let (schedule_id, options) = if hacker_news {
                let action = ScheduleAction::start_workflow(
                    HackerNewsWorkflow::run,
                    (),
                    HACKER_NEWS_TASK_QUEUE,
                    HACKER_NEWS_WORKFLOW_ID,
                );
                let options = CreateScheduleOptions::builder()
                    .action(action)
                    .spec(ScheduleSpec::from_interval(every))
                    .note("Getting top stories every 10 hours.")
                    .build();
                (HACKER_NEWS_SCHEDULE_ID, options)
            } else {
                let action = ScheduleAction::start_workflow(
                    TemporalCommunityWorkflow::run,
                    (),
                    TASK_QUEUE,
                    WORKFLOW_ID,
                );
                let options = CreateScheduleOptions::builder()
                    .action(action)
                    .spec(ScheduleSpec::from_interval(every))
                    .note("top community posts")
                    .build();
                (SCHEDULE_ID, options)
            };
            client
                .create_schedule(schedule_id, options)
                .await
                .map_err(|e| schedule_error(schedule_id, e))?;
            println!("Created schedule {schedule_id}: every {interval_secs} s");
            Ok(())
        }
        Command::ScheduleDelete { hacker_news } => {
            let schedule_id = if hacker_news {
                HACKER_NEWS_SCHEDULE_ID
            } else {
                SCHEDULE_ID
            };
            client
                .get_schedule_handle(schedule_id)
                .delete(Default::default())
                .await
                .map_err(|e| schedule_error(schedule_id, e))?;
            println!("Deleted schedule {schedule_id}");
            Ok(())
        }
        Command::FixtureServer { .. } => Ok(()),
    }
}
