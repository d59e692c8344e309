//! End-to-end tests against a real Temporal dev server (see `samples_helper::testing`).
//!
//! Each test has its own bank database, task queue and workflow id, so they run in parallel.

use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use money_transfer::{
    Bank, BankActivities, MoneyTransferWorkflow, PaymentDetails,
    activities::{INSUFFICIENT_FUNDS_ERROR, INVALID_ACCOUNT_ERROR, SIMULATED_BUG_ERROR},
    bank::EntryKind,
    workflows::REFUND_FAILED_ERROR,
};
use samples_helper::Workers;
use samples_helper::testing::{self, test_client, unique};
use temporalio_client::{
    Client, WorkflowDescribeOptions, WorkflowStartOptions, errors::WorkflowGetResultError,
};
use temporalio_common::error::IncomingError;

struct Fixture {
    client: Client,
    address: String,
    bank: Bank,
    db: PathBuf,
    task_queue: String,
}

async fn fixture() -> Result<Fixture> {
    let connected = test_client().await?;
    let db = std::env::temp_dir().join(format!("{}.db", unique("bank")));
    Ok(Fixture {
        client: connected.client,
        address: connected.address,
        bank: Bank::open(&db)?,
        db,
        task_queue: unique("money-transfer"),
    })
}

fn details(amount: i64, target: &str) -> PaymentDetails {
    PaymentDetails {
        source_account: "85-150".into(),
        target_account: target.into(),
        amount,
        reference_id: unique("ref"),
        max_attempts: None,
    }
}

impl Fixture {
    fn activities(&self) -> BankActivities {
        BankActivities::new(self.bank.clone())
    }

    fn options(&self, activities: BankActivities) -> Result<temporalio_sdk::WorkerOptions> {
        money_transfer::worker_options(&self.task_queue, activities)
    }

    /// Starts a transfer and returns its workflow id.
    async fn start(&self, details: PaymentDetails) -> Result<String> {
        let id = unique("pay-invoice");
        money_transfer::client::start(&self.client, &self.task_queue, &id, details).await?;
        Ok(id)
    }

    async fn result(&self, workflow_id: &str) -> Result<String, WorkflowGetResultError> {
        money_transfer::client::result(&self.client, workflow_id).await
    }

    /// Starts a transfer and waits for its result.
    async fn transfer(&self, details: PaymentDetails) -> Result<String> {
        let id = self.start(details).await?;
        Ok(self.result(&id).await?)
    }

    /// Saves the workflow's history for the replay tests (when RECORD_HISTORIES is set).
    async fn record(&self, name: &str, workflow_id: &str) -> Result<()> {
        samples_helper::replay::record(
            &self.client,
            env!("CARGO_MANIFEST_DIR"),
            name,
            workflow_id,
            None,
        )
        .await
    }

    /// Starts a transfer that must fail; returns its workflow id and the failure.
    async fn failed_transfer(
        &self,
        details: PaymentDetails,
    ) -> Result<(String, WorkflowGetResultError)> {
        let id = self.start(details).await?;
        match self.result(&id).await {
            Ok(result) => bail!("the transfer should have failed but returned {result:?}"),
            Err(err) => Ok((id, err)),
        }
    }

    fn kinds(&self, reference: &str) -> Result<Vec<EntryKind>> {
        Ok(self
            .bank
            .entries_for(&format!("{reference}-"))?
            .into_iter()
            .map(|e| e.kind)
            .collect())
    }

    /// Spawns the sample's real worker binary, as a user would run it.
    fn spawn_worker(&self, extra: &[&str]) -> Result<WorkerProcess> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_money_transfer"))
            .args([
                "--address",
                &self.address,
                "worker",
                "--task-queue",
                &self.task_queue,
            ])
            .arg("--db")
            .arg(&self.db)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("cannot spawn the worker binary")?;
        let stdout = child.stdout.take().context("worker stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("[worker] {line}");
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut worker = WorkerProcess { child, lines: rx };
        worker.wait_for_line(samples_helper::WORKER_READY_MARKER)?;
        Ok(worker)
    }
}

/// A worker process that is SIGKILLed when dropped, so a failing test leaves none behind.
struct WorkerProcess {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl WorkerProcess {
    fn wait_for_line(&mut self, needle: &str) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return Ok(line),
                Ok(_) => {}
                Err(_) => bail!("the worker never printed `{needle}`"),
            }
        }
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The chain of (`kind:type`, message) under a workflow failure, outermost first.
fn chain(err: &WorkflowGetResultError) -> Vec<(String, String)> {
    let WorkflowGetResultError::Failed(failure) = err else {
        return vec![("not a failure".into(), err.to_string())];
    };
    samples_helper::failure_chain(failure)
        .into_iter()
        .map(|link| (format!("{}:{}", link.kind, link.type_name), link.message))
        .collect()
}

#[tokio::test]
async fn transfer_moves_money_and_records_both_transactions() -> Result<()> {
    let f = fixture().await?;
    let d = details(250, "43-812");
    let reference = d.reference_id.clone();
    let (id, result) = Workers::new(&f.client, f.options(f.activities())?)
        .run_while(async {
            let id = f.start(d).await?;
            let result = f.result(&id).await?;
            anyhow::Ok((id, result))
        })
        .await??;
    f.record("transfer-complete", &id).await?;

    let entries = f.bank.entries_for(&format!("{reference}-"))?;
    assert_eq!(
        result,
        format!(
            "Transfer complete (transaction IDs: {}, {})",
            entries[0].transaction_id, entries[1].transaction_id
        )
    );
    assert_eq!(
        f.kinds(&reference)?,
        [EntryKind::Withdrawal, EntryKind::Deposit]
    );
    assert_eq!(f.bank.balance("85-150")?, 1750);
    assert_eq!(f.bank.balance("43-812")?, 250);
    Ok(())
}

#[tokio::test]
async fn insufficient_funds_fails_at_once_and_moves_nothing() -> Result<()> {
    let f = fixture().await?;
    let d = details(5000, "43-812");
    let reference = d.reference_id.clone();
    let (id, err) = Workers::new(&f.client, f.options(f.activities())?)
        .run_while(f.failed_transfer(d))
        .await??;

    let chain = chain(&err);
    assert_eq!(chain[0].0, "ActivityFailure:withdraw");
    assert_eq!(
        chain[1].0,
        format!("ApplicationFailure:{INSUFFICIENT_FUNDS_ERROR}")
    );
    assert!(
        chain[1].1.contains("less than the 5000 requested"),
        "{chain:?}"
    );
    f.record("insufficient-funds", &id).await?;
    // Non-retryable: one attempt, then straight to failure.
    assert_eq!(
        testing::activity_attempts(&f.client, &id).await?,
        [("withdraw".to_owned(), 1)]
    );
    assert!(f.kinds(&reference)?.is_empty());
    assert_eq!(f.bank.balance("85-150")?, 2000);
    Ok(())
}

#[tokio::test]
async fn invalid_target_refunds_and_fails_with_the_deposit_error() -> Result<()> {
    let f = fixture().await?;
    let d = details(300, "00-000");
    let reference = d.reference_id.clone();
    let (id, err) = Workers::new(&f.client, f.options(f.activities())?)
        .run_while(f.failed_transfer(d))
        .await??;

    let chain = chain(&err);
    assert_eq!(chain[0].0, "ActivityFailure:deposit", "{chain:?}");
    assert_eq!(
        chain[1].0,
        format!("ApplicationFailure:{INVALID_ACCOUNT_ERROR}")
    );
    f.record("refund-after-invalid-target", &id).await?;
    assert!(chain[1].1.contains("`00-000` does not exist"));
    assert_eq!(
        testing::activity_attempts(&f.client, &id).await?,
        [
            ("withdraw".to_owned(), 1),
            ("deposit".to_owned(), 1),
            ("refund".to_owned(), 1)
        ]
    );
    assert_eq!(
        f.kinds(&reference)?,
        [EntryKind::Withdrawal, EntryKind::Refund]
    );
    assert_eq!(f.bank.balance("85-150")?, 2000);
    Ok(())
}

#[tokio::test]
async fn when_the_refund_fails_too_the_failure_carries_both_errors() -> Result<()> {
    let f = fixture().await?;
    let mut d = details(100, "43-812");
    d.max_attempts = Some(1);
    let activities = f
        .activities()
        .with_failing_deposits(true)
        .with_failing_refunds(true);
    let (id, err) = Workers::new(&f.client, f.options(activities)?)
        .run_while(f.failed_transfer(d))
        .await??;
    f.record("refund-failed-too", &id).await?;

    let chain = chain(&err);
    assert_eq!(
        chain[0].0,
        format!("ApplicationFailure:{REFUND_FAILED_ERROR}"),
        "{chain:?}"
    );
    assert!(chain[0].1.contains("refunds are failing"), "{chain:?}");
    assert_eq!(chain[1].0, "ActivityFailure:deposit");
    assert_eq!(
        chain[2].0,
        format!("ApplicationFailure:{SIMULATED_BUG_ERROR}")
    );
    assert!(chain[2].1.contains("deposits are failing"));
    let WorkflowGetResultError::Failed(failure) = &err else {
        unreachable!()
    };
    let IncomingError::Application(app) = failure.as_ref() else {
        bail!("expected an application failure")
    };
    let details: Vec<String> = app.details()?.context("details")?;
    assert_eq!(details.len(), 2);
    assert!(
        details[0].contains("deposits are failing") && details[1].contains("refunds are failing")
    );
    // The withdrawal stands (it is what needs manual repair), and nothing else moved.
    assert_eq!(f.bank.balance("85-150")?, 1900);
    assert_eq!(f.bank.balance("43-812")?, 0);
    Ok(())
}

#[tokio::test]
async fn failing_deposits_retry_until_a_fixed_worker_completes_them() -> Result<()> {
    let f = fixture().await?;
    let mut d = details(250, "43-812");
    d.max_attempts = Some(0); // retry until fixed, as in the tutorial's bug demo
    let reference = d.reference_id.clone();
    let id = f.start(d).await?;

    // The buggy worker: wait until the deposit has failed at least twice.
    let handle = f.client.get_workflow_handle::<MoneyTransferWorkflow>(&id);
    let buggy = f.activities().with_failing_deposits(true);
    Workers::new(&f.client, f.options(buggy)?)
        .run_while(async {
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                let description = handle.describe(WorkflowDescribeOptions::default()).await?;
                let deposit = description.raw().pending_activities.iter().find(|a| {
                    a.activity_type
                        .as_ref()
                        .is_some_and(|t| t.name == "deposit")
                });
                if let Some(pending) = deposit
                    && pending.attempt >= 2
                {
                    assert!(
                        pending
                            .last_failure
                            .as_ref()
                            .is_some_and(|f| f.message.contains("simulated bug"))
                    );
                    return anyhow::Ok(());
                }
                if Instant::now() > deadline {
                    bail!("the deposit never failed twice");
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
        .await??;
    assert_eq!(f.kinds(&reference)?, [EntryKind::Withdrawal]);

    // "Deploy the fix": a worker without the bug picks up the next retry.
    let result = Workers::new(&f.client, f.options(f.activities())?)
        .run_while(f.result(&id))
        .await??;
    assert!(result.starts_with("Transfer complete"));
    assert_eq!(
        f.kinds(&reference)?,
        [EntryKind::Withdrawal, EntryKind::Deposit]
    );
    assert_eq!(f.bank.balance("43-812")?, 250);
    Ok(())
}

#[tokio::test]
async fn a_worker_killed_after_withdrawing_never_withdraws_twice() -> Result<()> {
    let f = fixture().await?;
    let d = details(250, "43-812");
    let reference = d.reference_id.clone();

    let mut doomed = f.spawn_worker(&["--pause-after-withdraw", "60"])?;
    let id = f.start(d).await?;
    doomed.wait_for_line("committed")?;
    // SIGKILL: no graceful shutdown, no chance to report the completed withdrawal.
    doomed.child.kill()?;
    doomed.child.wait()?;
    assert_eq!(f.kinds(&reference)?, [EntryKind::Withdrawal]);

    // The withdraw activity times out (start-to-close 5 s) and is retried on the new worker.
    let _replacement = f.spawn_worker(&[])?;
    let result = f.result(&id).await?;
    assert!(result.starts_with("Transfer complete"));
    assert_eq!(
        f.kinds(&reference)?,
        [EntryKind::Withdrawal, EntryKind::Deposit]
    );
    assert_eq!(f.bank.balance("85-150")?, 1750);
    // History shows the retry: the withdrawal that completed is attempt 2.
    assert_eq!(
        testing::activity_attempts(&f.client, &id).await?,
        [("withdraw".to_owned(), 2), ("deposit".to_owned(), 1)]
    );
    Ok(())
}

#[tokio::test]
async fn the_same_reference_transferred_twice_moves_money_once() -> Result<()> {
    let f = fixture().await?;
    let d = details(400, "43-812");
    let (first, second) = Workers::new(&f.client, f.options(f.activities())?)
        .run_while(async {
            let first = f.transfer(d.clone()).await?;
            let second = f.transfer(d.clone()).await?;
            anyhow::Ok((first, second))
        })
        .await??;
    assert_eq!(
        first, second,
        "the bank answers a repeated reference with the original transactions"
    );
    assert_eq!(f.bank.balance("85-150")?, 1600);
    assert_eq!(f.bank.balance("43-812")?, 400);
    assert_eq!(f.kinds(&d.reference_id)?.len(), 2);
    Ok(())
}

/// The bank's books balance: no money created or destroyed (the balances plus the money in
/// flight — withdrawn, neither deposited nor refunded yet — equal the seed, and the money in
/// flight is what the caller expects), every balance is its seed plus the ledger entries on that
/// account, every deposit and refund answers one withdrawal of the same amount, and no transfer
/// has both.
fn assert_books_balance(bank: &Bank, after: &str, expected_in_flight: i64) -> Result<()> {
    let balances = bank.balances()?;
    let ledger = bank.ledger()?;
    let seed_total: i64 = money_transfer::bank::SEED_ACCOUNTS
        .iter()
        .map(|(_, b)| b)
        .sum();
    let total: i64 = balances.iter().map(|(_, b)| b).sum();
    let in_flight: i64 = ledger
        .iter()
        .filter(|e| e.kind == EntryKind::Withdrawal)
        .filter(|w| {
            let transfer = w.reference.trim_end_matches("-withdrawal");
            !ledger.iter().any(|e| {
                e.reference == format!("{transfer}-deposit")
                    || e.reference == format!("{transfer}-refund")
            })
        })
        .map(|w| w.amount)
        .sum();
    assert_eq!(
        in_flight, expected_in_flight,
        "after {after}: unexpected money in flight"
    );
    assert_eq!(
        total + in_flight,
        seed_total,
        "after {after}: money was created or destroyed: {balances:?}"
    );
    for (account, balance) in &balances {
        let seed = money_transfer::bank::SEED_ACCOUNTS
            .iter()
            .find(|(id, _)| id == account)
            .map_or(0, |(_, b)| *b);
        let moved: i64 = ledger
            .iter()
            .filter(|e| &e.account == account)
            .map(|e| match e.kind {
                EntryKind::Withdrawal => -e.amount,
                EntryKind::Deposit | EntryKind::Refund => e.amount,
            })
            .sum();
        assert_eq!(
            seed + moved,
            *balance,
            "after {after}: the ledger does not explain account {account}"
        );
    }
    for entry in &ledger {
        let Some(transfer) = entry.reference.rsplit_once('-').map(|(t, _)| t) else {
            bail!("after {after}: malformed reference {}", entry.reference);
        };
        let key = |kind: &str| format!("{transfer}-{kind}");
        let find = |kind: &str| ledger.iter().find(|e| e.reference == key(kind));
        if entry.kind != EntryKind::Withdrawal {
            let withdrawal = find("withdrawal")
                .with_context(|| format!("after {after}: {} has no withdrawal", entry.reference))?;
            assert_eq!(withdrawal.amount, entry.amount, "after {after}: {entry:?}");
        }
        assert!(
            !(find("deposit").is_some() && find("refund").is_some()),
            "after {after}: transfer {transfer} was both deposited and refunded"
        );
    }
    Ok(())
}

/// Drives every kind of transfer through one bank and checks after each that the books balance.
#[tokio::test]
async fn money_is_conserved_whatever_the_callers_do() -> Result<()> {
    let f = fixture().await?;
    let check = |after: &str| assert_books_balance(&f.bank, after, 0);
    let check_in_flight = |after: &str, amount: i64| assert_books_balance(&f.bank, after, amount);
    let failure_type = |err: &WorkflowGetResultError| {
        chain(err)
            .into_iter()
            .find(|(kind, _)| kind.starts_with("ApplicationFailure:"))
            .map(|(kind, message)| (kind["ApplicationFailure:".len()..].to_owned(), message))
            .unwrap_or_default()
    };

    Workers::new(&f.client, f.options(f.activities())?)
        .run_while(async {
            // A transfer that succeeds, and the same request again: answered as the first time.
            let ok = details(300, "43-812");
            let first = f.transfer(ok.clone()).await?;
            check("a successful transfer")?;
            assert_eq!(f.transfer(ok.clone()).await?, first);
            check("the same request replayed")?;

            // The same reference with another amount, or another target: refused, nothing moves.
            for (what, mut reused) in [("amount", ok.clone()), ("target", ok.clone())] {
                match what {
                    "amount" => reused.amount = 301,
                    _ => reused.target_account = "85-150".into(),
                }
                let (_, err) = f.failed_transfer(reused).await?;
                let (kind, message) = failure_type(&err);
                assert_eq!(kind, money_transfer::activities::REFERENCE_REUSED_ERROR);
                assert!(message.contains(&ok.reference_id), "{message}");
                check(&format!("a reference reused with another {what}"))?;
            }

            // Insufficient funds: nothing moves, and the reference stays free.
            let too_much = details(1_000_000, "43-812");
            let (_, err) = f.failed_transfer(too_much).await?;
            assert_eq!(failure_type(&err).0, INSUFFICIENT_FUNDS_ERROR);
            check("insufficient funds")?;

            // An invalid target: withdrawn, refunded. Reusing that reference, even with a valid
            // target (which once created money), is refused.
            let invalid = details(200, "00-000");
            let (_, err) = f.failed_transfer(invalid.clone()).await?;
            assert_eq!(failure_type(&err).0, INVALID_ACCOUNT_ERROR);
            check("a refunded transfer")?;
            for target in ["00-000", "43-812"] {
                let mut again = invalid.clone();
                again.target_account = target.into();
                let (_, err) = f.failed_transfer(again).await?;
                let (kind, message) = failure_type(&err);
                assert_eq!(kind, money_transfer::activities::REFERENCE_REUSED_ERROR);
                assert!(
                    target != "00-000" || message.contains("refunded"),
                    "{message}"
                );
                check(&format!("a refunded reference reused towards {target}"))?;
            }

            // A duplicate start (same workflow id while it runs) is refused by Temporal itself.
            let dup = details(50, "43-812");
            let id = unique("pay-invoice");
            let options = WorkflowStartOptions::new(&f.task_queue, &id).build();
            f.client
                .start_workflow(MoneyTransferWorkflow::run, dup.clone(), options.clone())
                .await?;
            let second = f
                .client
                .start_workflow(MoneyTransferWorkflow::run, dup.clone(), options)
                .await;
            assert!(
                second.is_err(),
                "a second start with the same workflow id was accepted"
            );
            f.result(&id).await?;
            check("a duplicate start")?;
            anyhow::Ok(())
        })
        .await??;

    // Deposits failing on a buggy worker, then fixed: the deposit is retried, never doubled.
    let mut buggy = details(150, "43-812");
    buggy.max_attempts = Some(0);
    let id = f.start(buggy.clone()).await?;
    Workers::new(
        &f.client,
        f.options(f.activities().with_failing_deposits(true))?,
    )
    .run_while(async {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !f
            .kinds(&buggy.reference_id)?
            .contains(&EntryKind::Withdrawal)
        {
            if Instant::now() > deadline {
                bail!("the withdrawal never happened");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Wait until the deposit has failed at least once: the server shows it as a pending
        // activity with a last failure (retries are not history events until the last).
        let handle = f
            .client
            .get_workflow_handle::<MoneyTransferWorkflow>(id.clone());
        loop {
            let described = handle.describe(Default::default()).await?.into_raw();
            let failed_deposit = described.pending_activities.iter().any(|a| {
                a.activity_type
                    .as_ref()
                    .is_some_and(|t| t.name == "deposit")
                    && a.last_failure.is_some()
            });
            if failed_deposit {
                break;
            }
            if Instant::now() > deadline {
                bail!("the deposit never failed on the buggy worker");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        anyhow::Ok(())
    })
    .await??;
    check_in_flight("a withdrawal whose deposit keeps failing", buggy.amount)?;
    Workers::new(&f.client, f.options(f.activities())?)
        .run_while(f.result(&id))
        .await??;
    check("the fixed deposit")?;

    // A worker SIGKILLed after the withdrawal committed, before reporting it.
    let killed = details(75, "43-812");
    let mut doomed = f.spawn_worker(&["--pause-after-withdraw", "60"])?;
    let id = f.start(killed.clone()).await?;
    doomed.wait_for_line("committed")?;
    doomed.child.kill()?;
    doomed.child.wait()?;
    check_in_flight("a worker killed after the withdrawal", killed.amount)?;
    let _replacement = f.spawn_worker(&[])?;
    f.result(&id).await?;
    check("the retried withdrawal")?;
    assert_eq!(
        f.kinds(&killed.reference_id)?,
        [EntryKind::Withdrawal, EntryKind::Deposit]
    );
    Ok(())
}
