//! Run with (each in its own terminal, with `temporal server start-dev` running):
//!
//! ```text
//! cargo run -p data_pipeline worker [--source hacker-news] [--base-url URL]
//! cargo run -p data_pipeline starter
//! cargo run -p data_pipeline schedule-create | schedule-delete
//! cargo run -p data_pipeline fixture-server --listen 127.0.0.1:8099   # offline stand-in
//! ```

use std::{net::SocketAddr, process::ExitCode, time::Duration};

use anyhow::{Result, anyhow};
use clap::{Parser, Subcommand, ValueEnum};
use data_pipeline::{
    COMMUNITY_URL, CommunityActivities, CommunityReport, HACKER_NEWS_URL, SCHEDULE_ID, Source,
    TASK_QUEUE, TemporalCommunityWorkflow, WORKFLOW_ID,
    support::fixture::{self, FixtureOptions},
};
use samples_helper::ConnectArgs;
use temporalio_client::{
    schedules::{CreateScheduleOptions, ScheduleAction, ScheduleError, ScheduleSpec},
    tonic::Code,
};

#[derive(Parser)]
#[command(about = "Temporal data pipeline sample: top community posts and title words")]
struct Cli {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum SourceArg {
    /// The Temporal community forum (Discourse).
    Discourse,
    /// Hacker News (the tutorial's first version).
    HackerNews,
}

#[derive(Subcommand)]
enum Command {
    /// Run a worker whose activities read the forum.
    Worker {
        /// Where posts come from.
        #[arg(long, value_enum, default_value = "discourse")]
        source: SourceArg,
        /// Base URL (default: the community forum, or the Hacker News API).
        #[arg(long)]
        base_url: Option<String>,
        /// Most posts fetched at once.
        #[arg(long, default_value_t = 10)]
        concurrency: usize,
        /// Per-request timeout, in seconds.
        #[arg(long, default_value_t = 10)]
        request_timeout_secs: u64,
        /// Task queue to poll.
        #[arg(long, default_value = TASK_QUEUE)]
        task_queue: String,
    },
    /// Run the pipeline once and print the report.
    Starter {
        /// Workflow id.
        #[arg(long, default_value = WORKFLOW_ID)]
        workflow_id: String,
    },
    /// Create the schedule that runs the pipeline periodically.
    ScheduleCreate {
        /// Interval in seconds (default: 10 hours).
        #[arg(long, default_value_t = 36_000)]
        interval_secs: u64,
    },
    /// Delete the schedule.
    ScheduleDelete,
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
    samples_helper::exit_report(app())
}

fn schedule_error(e: ScheduleError) -> anyhow::Error {
    match &e {
        ScheduleError::Rpc(s) if s.code() == Code::AlreadyExists => {
            anyhow!("the schedule {SCHEDULE_ID} already exists (schedule-delete first)")
        }
        ScheduleError::Rpc(s) if s.code() == Code::NotFound => {
            anyhow!("there is no schedule {SCHEDULE_ID}")
        }
        _ => anyhow!("{e}"),
    }
}

#[tokio::main]
async fn app() -> Result<()> {
    samples_helper::init_tracing();
    let cli = Cli::parse();
    if let Command::FixtureServer { listen, latency_ms } = cli.command {
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
    let connected = cli.connect.connect().await?;
    let client = &connected.client;
    match cli.command {
        Command::Worker {
            source,
            base_url,
            concurrency,
            request_timeout_secs,
            task_queue,
        } => {
            let (source, default_url) = match source {
                SourceArg::Discourse => (Source::Discourse, COMMUNITY_URL),
                SourceArg::HackerNews => (Source::HackerNews, HACKER_NEWS_URL),
            };
            let base_url = base_url.unwrap_or_else(|| default_url.to_owned());
            println!("Reading {base_url} ({source:?}), {concurrency} requests at a time");
            let http = data_pipeline::http_client(Duration::from_secs(request_timeout_secs))?;
            let activities = CommunityActivities::new(http, &base_url, source, concurrency);
            samples_helper::run_worker(
                client,
                data_pipeline::worker_options(&task_queue, activities)?,
            )
            .await
        }
        Command::Starter { workflow_id } => {
            let run_id = data_pipeline::client::start(client, TASK_QUEUE, &workflow_id).await?;
            connected.print_started(&workflow_id, &run_id);
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
        Command::ScheduleCreate { interval_secs } => {
            let options = CreateScheduleOptions::builder()
                .action(ScheduleAction::start_workflow(
                    TemporalCommunityWorkflow::run,
                    (),
                    TASK_QUEUE,
                    WORKFLOW_ID,
                ))
                .spec(ScheduleSpec::from_interval(Duration::from_secs(
                    interval_secs,
                )))
                .note("top community posts")
                .build();
            client
                .create_schedule(SCHEDULE_ID, options)
                .await
                .map_err(schedule_error)?;
            println!("Created schedule {SCHEDULE_ID}: every {interval_secs} s");
            Ok(())
        }
        Command::ScheduleDelete => {
            client
                .get_schedule_handle(SCHEDULE_ID)
                .delete(Default::default())
                .await
                .map_err(schedule_error)?;
            println!("Deleted schedule {SCHEDULE_ID}");
            Ok(())
        }
        Command::FixtureServer { .. } => Ok(()),
    }
}
