//! A small but real bank: accounts and a ledger in SQLite.
//!
//! Nothing here knows about Temporal. What matters for Temporal is one property: every
//! operation is **idempotent by its reference**. Temporal runs activities *at least once* — an
//! activity is retried after a failure, and re-run when a worker dies after doing the work but
//! before reporting it — so the bank must recognise a request it already carried out and answer
//! with the original transaction instead of moving the money again. The check and the write
//! happen in one SQLite transaction, so no crash can fall between them.
//!
//! An idempotency key is only safe when it is **bound to the request's contents**. The first
//! operation under a reference records what the transfer is (source, target, amount); a later
//! operation under the same reference with the same details is a replay and gets the original
//! answer, but one with *other* details is refused with [`BankError::ReferenceReused`] and moves
//! nothing. Without that rule a reused reference either creates money (a deposit to a new target
//! answered by the old transfer's withdrawal) or reports transaction ids of a transfer that never
//! happened. A transfer that was refunded is closed: its reference cannot be used again. And the
//! steps must come in order: no deposit or refund without the withdrawal, no refund after the
//! deposit ([`BankError::OutOfOrder`]).

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

// ANCHOR: lesson
/// Accounts created in a new database, as in the Temporal tutorial.
pub const SEED_ACCOUNTS: &[(&str, i64)] = &[("85-150", 2000), ("43-812", 0)];

/// What can go wrong at the bank.
#[derive(Debug, thiserror::Error)]
pub enum BankError {
    /// The account number is not known to the bank. Retrying will not help.
    #[error("account `{0}` does not exist")]
    InvalidAccount(String),
    /// The account holds less than the requested amount. Retrying will not help.
    #[error("account `{account}` has {balance}, which is less than the {requested} requested")]
    InsufficientFunds {
        /// The account that was debited.
        account: String,
        /// Its balance.
        balance: i64,
        /// The amount asked for.
        requested: i64,
    },
    /// Amounts must be positive.
    #[error("invalid amount {0}: amounts must be positive")]
    InvalidAmount(i64),
    /// The reference was already used for another transfer, or for one that was refunded.
    /// Retrying will not help: the caller must pick a new reference.
    #[error(
        "reference `{reference}` cannot be used for this request: {reason}; nothing was moved, use a new reference"
    )]
    ReferenceReused {
        /// The transfer's reference.
        reference: String,
        /// What differs from the first use, or that the transfer was refunded.
        reason: String,
    },
    /// A step came without the one it depends on (a deposit with no withdrawal, a refund after
    /// the deposit). Carrying it out would create money. Retrying will not help.
    #[error("reference `{reference}`: {reason}; nothing was moved")]
    OutOfOrder {
        /// The transfer's reference.
        reference: String,
        /// Which step is missing or already done.
        reason: String,
    },
    /// The database failed (locked, disk full, …). Usually worth retrying.
    #[error("bank database error: {0}")]
    Storage(#[from] rusqlite::Error),
}

/// The kind of a ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EntryKind {
    /// Money leaves an account.
    Withdrawal,
    /// Money enters an account.
    Deposit,
    /// Money returns to the account it was withdrawn from.
    Refund,
}

impl EntryKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Withdrawal => "withdrawal",
            Self::Deposit => "deposit",
            Self::Refund => "refund",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "withdrawal" => Self::Withdrawal,
            "deposit" => Self::Deposit,
            "refund" => Self::Refund,
            _ => return None,
        })
    }

    /// Transaction ids start with W, D or R, like the tutorial's.
    fn id_prefix(self) -> char {
        match self {
            Self::Withdrawal => 'W',
            Self::Deposit => 'D',
            Self::Refund => 'R',
        }
    }

    fn sign(self) -> i64 {
        match self {
            Self::Withdrawal => -1,
            Self::Deposit | Self::Refund => 1,
        }
    }
}

/// One row of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// The bank's transaction id.
    pub transaction_id: String,
    /// The operation's key: the transfer's reference and the step, e.g. `12345-withdrawal`.
    pub reference: String,
    /// Withdrawal, deposit or refund.
    pub kind: EntryKind,
    /// The account debited or credited.
    pub account: String,
    /// The amount moved (always positive).
    pub amount: i64,
}

/// What a transfer is: the contents its reference is bound to. Every step of the transfer
/// (withdrawal, deposit, refund) passes all of it, so the bank can tell a replay from a reuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferRequest<'a> {
    /// The caller's idempotency key for the whole transfer, e.g. `12345`.
    pub reference: &'a str,
    /// The account debited by the withdrawal and credited by a refund.
    pub source: &'a str,
    /// The account credited by the deposit.
    pub target: &'a str,
    /// The amount moved (must be positive).
    pub amount: i64,
}

/// A handle to the bank's database. Cheap to clone; safe to share between activities.
#[derive(Clone)]
pub struct Bank {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl Bank {
    /// Opens the bank at `path`, creating and seeding it on first use.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, BankError> {
        let path = path.as_ref().to_path_buf();
        let conn = Connection::open(&path)?;
        // Several processes (two workers, the `balances` command) may use the file at once.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS accounts (
                 id      TEXT PRIMARY KEY,
                 balance INTEGER NOT NULL CHECK (balance >= 0)
             );
             CREATE TABLE IF NOT EXISTS ledger (
                 seq            INTEGER PRIMARY KEY AUTOINCREMENT,
                 transaction_id TEXT NOT NULL UNIQUE,
                 reference      TEXT NOT NULL UNIQUE,
                 kind           TEXT NOT NULL,
                 account        TEXT NOT NULL REFERENCES accounts(id),
                 amount         INTEGER NOT NULL CHECK (amount > 0),
                 created_at     TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
             );
             -- What each reference was first used for: the key bound to the request's contents.
             CREATE TABLE IF NOT EXISTS transfers (
                 reference TEXT PRIMARY KEY,
                 source    TEXT NOT NULL,
                 target    TEXT NOT NULL,
                 amount    INTEGER NOT NULL
             );",
        )?;
        for (id, balance) in SEED_ACCOUNTS {
            conn.execute(
                "INSERT OR IGNORE INTO accounts (id, balance) VALUES (?1, ?2)",
                params![id, balance],
            )?;
        }
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            path,
        })
    }

    /// Where the database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the amount from the source account. Idempotent by the transfer's reference.
    pub fn withdraw(&self, transfer: &TransferRequest<'_>) -> Result<String, BankError> {
        self.apply(EntryKind::Withdrawal, transfer)
    }

    /// Adds the amount to the target account, after the withdrawal. Idempotent by reference.
    pub fn deposit(&self, transfer: &TransferRequest<'_>) -> Result<String, BankError> {
        self.apply(EntryKind::Deposit, transfer)
    }

    /// Gives the amount back to the source account after a failed deposit. Idempotent by
    /// reference; closes the reference for good.
    pub fn refund(&self, transfer: &TransferRequest<'_>) -> Result<String, BankError> {
        self.apply(EntryKind::Refund, transfer)
    }

    /// The balance of one account.
    pub fn balance(&self, account: &str) -> Result<i64, BankError> {
        let conn = self.lock();
        conn.query_row(
            "SELECT balance FROM accounts WHERE id = ?1",
            [account],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| BankError::InvalidAccount(account.to_owned()))
    }

    /// Every account and its balance, by account id.
    pub fn balances(&self) -> Result<Vec<(String, i64)>, BankError> {
        let conn = self.lock();
        let mut stmt = conn.prepare("SELECT id, balance FROM accounts ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The ledger, oldest entry first.
    pub fn ledger(&self) -> Result<Vec<LedgerEntry>, BankError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT transaction_id, reference, kind, account, amount FROM ledger ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(2)?;
            Ok(LedgerEntry {
                transaction_id: r.get(0)?,
                reference: r.get(1)?,
                kind: EntryKind::parse(&kind).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        kind.into(),
                    )
                })?,
                account: r.get(3)?,
                amount: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Ledger entries whose reference starts with `prefix` (one transfer's entries).
    pub fn entries_for(&self, reference_prefix: &str) -> Result<Vec<LedgerEntry>, BankError> {
        Ok(self
            .ledger()?
            .into_iter()
            .filter(|e| e.reference.starts_with(reference_prefix))
            .collect())
    }

    fn apply(&self, kind: EntryKind, t: &TransferRequest<'_>) -> Result<String, BankError> {
        if t.amount <= 0 {
            return Err(BankError::InvalidAmount(t.amount));
        }
        let mut conn = self.lock();
        // IMMEDIATE takes the write lock up front: two workers racing on the same reference are
        // serialised, and the second one sees the first one's rows. Any error returned below
        // drops `tx`, which rolls back: a refused or failed operation leaves nothing behind.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let reused = |reason: String| BankError::ReferenceReused {
            reference: t.reference.to_owned(),
            reason,
        };
        let out_of_order = |reason: &str| BankError::OutOfOrder {
            reference: t.reference.to_owned(),
            reason: reason.to_owned(),
        };

        // 1. The key is bound to the contents: same reference, other details → refused.
        let bound: Option<(String, String, i64)> = tx
            .query_row(
                "SELECT source, target, amount FROM transfers WHERE reference = ?1",
                [t.reference],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match bound {
            Some((source, target, amount)) => {
                let mut differs = Vec::new();
                if source != t.source {
                    differs.push(format!("source account `{}` (was `{source}`)", t.source));
                }
                if target != t.target {
                    differs.push(format!("target account `{}` (was `{target}`)", t.target));
                }
                if amount != t.amount {
                    differs.push(format!("amount {} (was {amount})", t.amount));
                }
                if !differs.is_empty() {
                    return Err(reused(format!(
                        "it was first used for another transfer; this request has {}",
                        differs.join(", ")
                    )));
                }
            }
            None => {
                tx.execute(
                    "INSERT INTO transfers (reference, source, target, amount) VALUES (?1, ?2, ?3, ?4)",
                    params![t.reference, t.source, t.target, t.amount],
                )?;
            }
        }

        // 2. What this transfer has done so far.
        let done = |k: EntryKind| -> Result<Option<String>, BankError> {
            Ok(tx
                .query_row(
                    "SELECT transaction_id FROM ledger WHERE reference = ?1",
                    [operation_key(t.reference, k)],
                    |r| r.get(0),
                )
                .optional()?)
        };
        let (withdrawn, deposited, refunded) = (
            done(EntryKind::Withdrawal)?,
            done(EntryKind::Deposit)?,
            done(EntryKind::Refund)?,
        );
        if let Some(refund) = refunded {
            // A replay of the refund itself is answered like any replay; anything else under a
            // refunded reference would reopen a closed transfer.
            return match kind {
                EntryKind::Refund => Ok(refund),
                _ => Err(reused(
                    "its transfer was refunded, which closes the reference".to_owned(),
                )),
            };
        }
        match kind {
            EntryKind::Withdrawal => {
                if let Some(id) = withdrawn {
                    // A retry or a re-run after a crash: answer as the first time did.
                    return Ok(id);
                }
            }
            EntryKind::Deposit => {
                if let Some(id) = deposited {
                    return Ok(id);
                }
                if withdrawn.is_none() {
                    return Err(out_of_order("no withdrawal precedes this deposit"));
                }
            }
            EntryKind::Refund => {
                if deposited.is_some() {
                    return Err(out_of_order(
                        "the deposit was made, so there is nothing to refund",
                    ));
                }
                if withdrawn.is_none() {
                    return Err(out_of_order("no withdrawal precedes this refund"));
                }
            }
        }

        // 3. Carry it out.
        let account = match kind {
            EntryKind::Deposit => t.target,
            EntryKind::Withdrawal | EntryKind::Refund => t.source,
        };
        let balance: i64 = tx
            .query_row(
                "SELECT balance FROM accounts WHERE id = ?1",
                [account],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| BankError::InvalidAccount(account.to_owned()))?;
        if kind == EntryKind::Withdrawal && balance < t.amount {
            return Err(BankError::InsufficientFunds {
                account: account.to_owned(),
                balance,
                requested: t.amount,
            });
        }
        let transaction_id = format!(
            "{}{}",
            kind.id_prefix(),
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        tx.execute(
            "UPDATE accounts SET balance = balance + ?1 WHERE id = ?2",
            params![kind.sign() * t.amount, account],
        )?;
        tx.execute(
            "INSERT INTO ledger (transaction_id, reference, kind, account, amount) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                transaction_id,
                operation_key(t.reference, kind),
                kind.as_str(),
                account,
                t.amount
            ],
        )?;
        tx.commit()?;
        Ok(transaction_id)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (the transaction rolls
        // back on drop), so a poisoned lock is safe to keep using.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The ledger key of one step of a transfer: `{reference}-withdrawal`, `-deposit`, `-refund`.
fn operation_key(reference: &str, kind: EntryKind) -> String {
    format!("{reference}-{}", kind.as_str())
}
// ANCHOR_END: lesson
