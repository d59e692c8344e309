//! A small but real bank: accounts and a ledger in SQLite.
//!
//! Nothing here knows about Temporal. What matters for Temporal is one property: every
//! operation is **idempotent by its reference**. Temporal runs activities *at least once* — an
//! activity is retried after a failure, and re-run when a worker dies after doing the work but
//! before reporting it — so the bank must recognise a request it already carried out and answer
//! with the original transaction instead of moving the money again. The check and the write
//! happen in one SQLite transaction, so no crash can fall between them.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

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
    /// The caller's idempotency key, e.g. `12345-withdrawal`.
    pub reference: String,
    /// Withdrawal, deposit or refund.
    pub kind: EntryKind,
    /// The account debited or credited.
    pub account: String,
    /// The amount moved (always positive).
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

    /// Takes `amount` from `account`. Idempotent by `reference`.
    pub fn withdraw(
        &self,
        reference: &str,
        account: &str,
        amount: i64,
    ) -> Result<String, BankError> {
        self.apply(reference, EntryKind::Withdrawal, account, amount)
    }

    /// Adds `amount` to `account`. Idempotent by `reference`.
    pub fn deposit(
        &self,
        reference: &str,
        account: &str,
        amount: i64,
    ) -> Result<String, BankError> {
        self.apply(reference, EntryKind::Deposit, account, amount)
    }

    /// Gives `amount` back to `account` after a failed transfer. Idempotent by `reference`.
    pub fn refund(&self, reference: &str, account: &str, amount: i64) -> Result<String, BankError> {
        self.apply(reference, EntryKind::Refund, account, amount)
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

    fn apply(
        &self,
        reference: &str,
        kind: EntryKind,
        account: &str,
        amount: i64,
    ) -> Result<String, BankError> {
        if amount <= 0 {
            return Err(BankError::InvalidAmount(amount));
        }
        let mut conn = self.lock();
        // IMMEDIATE takes the write lock up front: two workers racing on the same reference are
        // serialised, and the second one sees the first one's ledger row.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT transaction_id FROM ledger WHERE reference = ?1",
                [reference],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(transaction_id) = existing {
            // Already done: a retry or a re-run after a crash. Answer as the first time did.
            return Ok(transaction_id);
        }
        let balance: i64 = tx
            .query_row(
                "SELECT balance FROM accounts WHERE id = ?1",
                [account],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| BankError::InvalidAccount(account.to_owned()))?;
        if kind == EntryKind::Withdrawal && balance < amount {
            return Err(BankError::InsufficientFunds {
                account: account.to_owned(),
                balance,
                requested: amount,
            });
        }
        let transaction_id = format!(
            "{}{}",
            kind.id_prefix(),
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        tx.execute(
            "UPDATE accounts SET balance = balance + ?1 WHERE id = ?2",
            params![kind.sign() * amount, account],
        )?;
        tx.execute(
            "INSERT INTO ledger (transaction_id, reference, kind, account, amount) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![transaction_id, reference, kind.as_str(), account, amount],
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

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_bank() -> (Bank, PathBuf) {
        let path = std::env::temp_dir().join(format!("bank-{}.db", uuid::Uuid::new_v4().simple()));
        (Bank::open(&path).unwrap(), path)
    }

    #[test]
    fn seeds_the_tutorial_accounts() {
        let (bank, _) = temp_bank();
        assert_eq!(
            bank.balances().unwrap(),
            vec![("43-812".into(), 0), ("85-150".into(), 2000)]
        );
    }

    #[test]
    fn the_same_reference_moves_money_once() {
        let (bank, _) = temp_bank();
        let first = bank.withdraw("r1-withdrawal", "85-150", 250).unwrap();
        let again = bank.withdraw("r1-withdrawal", "85-150", 250).unwrap();
        assert_eq!(first, again);
        assert!(first.starts_with('W'));
        assert_eq!(bank.balance("85-150").unwrap(), 1750);
        assert_eq!(bank.ledger().unwrap().len(), 1);
    }

    #[test]
    fn business_errors_change_nothing() {
        let (bank, _) = temp_bank();
        assert!(matches!(
            bank.withdraw("r2-withdrawal", "85-150", 5000),
            Err(BankError::InsufficientFunds {
                balance: 2000,
                requested: 5000,
                ..
            })
        ));
        assert!(
            matches!(bank.deposit("r2-deposit", "00-000", 5), Err(BankError::InvalidAccount(a)) if a == "00-000")
        );
        assert!(matches!(
            bank.deposit("r2-deposit", "43-812", 0),
            Err(BankError::InvalidAmount(0))
        ));
        assert!(bank.ledger().unwrap().is_empty());
        assert_eq!(bank.balance("85-150").unwrap(), 2000);
    }

    #[test]
    fn state_survives_reopening() {
        let (bank, path) = temp_bank();
        bank.withdraw("r3-withdrawal", "85-150", 100).unwrap();
        drop(bank);
        let reopened = Bank::open(&path).unwrap();
        assert_eq!(reopened.balance("85-150").unwrap(), 1900);
        assert_eq!(reopened.entries_for("r3-").unwrap().len(), 1);
    }
}
