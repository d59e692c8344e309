//! The bank on its own: idempotency bound to the request, refusals, durability. No server.

use std::path::PathBuf;

use money_transfer::bank::{Bank, BankError, TransferRequest};

fn temp_bank() -> (Bank, PathBuf) {
    let path = std::env::temp_dir().join(format!("bank-{}.db", uuid::Uuid::new_v4().simple()));
    let bank = Bank::open(&path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    (bank, path)
}

#[test]
fn seeds_the_tutorial_accounts() {
    let (bank, _) = temp_bank();
    assert_eq!(
        bank.balances().unwrap(),
        vec![("43-812".into(), 0), ("85-150".into(), 2000)]
    );
}

fn transfer<'a>(reference: &'a str, target: &'a str, amount: i64) -> TransferRequest<'a> {
    TransferRequest {
        reference,
        source: "85-150",
        target,
        amount,
    }
}

#[test]
fn the_same_reference_moves_money_once() {
    let (bank, _) = temp_bank();
    let t = transfer("r1", "43-812", 250);
    let first = bank.withdraw(&t).unwrap();
    let again = bank.withdraw(&t).unwrap();
    assert_eq!(first, again);
    assert!(first.starts_with('W'));
    assert_eq!(bank.balance("85-150").unwrap(), 1750);
    assert_eq!(bank.ledger().unwrap().len(), 1);
}

#[test]
fn a_reference_reused_with_other_details_is_refused() {
    let (bank, _) = temp_bank();
    bank.withdraw(&transfer("r4", "43-812", 250)).unwrap();
    bank.deposit(&transfer("r4", "43-812", 250)).unwrap();
    for other in [transfer("r4", "43-812", 300), transfer("r4", "00-000", 250)] {
        for result in [bank.withdraw(&other), bank.deposit(&other)] {
            let Err(BankError::ReferenceReused { reference, reason }) = result else {
                panic!("expected ReferenceReused, got {result:?}");
            };
            assert_eq!(reference, "r4");
            assert!(reason.contains("(was"), "{reason}");
        }
    }
    assert_eq!(bank.ledger().unwrap().len(), 2);
    assert_eq!(bank.balance("85-150").unwrap(), 1750);
    assert_eq!(bank.balance("43-812").unwrap(), 250);
}

#[test]
fn a_refunded_reference_is_closed() {
    let (bank, _) = temp_bank();
    let t = transfer("r5", "00-000", 100);
    let withdrawal = bank.withdraw(&t).unwrap();
    assert!(matches!(
        bank.deposit(&t),
        Err(BankError::InvalidAccount(_))
    ));
    let refund = bank.refund(&t).unwrap();
    assert_eq!(
        bank.refund(&t).unwrap(),
        refund,
        "a refund replay answers the same"
    );
    assert_ne!(withdrawal, refund);
    assert!(matches!(
        bank.withdraw(&t),
        Err(BankError::ReferenceReused { .. })
    ));
    // The case that used to create money: the same reference, now to a valid target.
    let retarget = transfer("r5", "43-812", 100);
    assert!(matches!(
        bank.withdraw(&retarget),
        Err(BankError::ReferenceReused { .. })
    ));
    assert!(matches!(
        bank.deposit(&retarget),
        Err(BankError::ReferenceReused { .. })
    ));
    assert_eq!(bank.balance("85-150").unwrap(), 2000);
    assert_eq!(bank.balance("43-812").unwrap(), 0);
}

#[test]
fn steps_out_of_order_are_refused() {
    let (bank, _) = temp_bank();
    let t = transfer("r6", "43-812", 100);
    assert!(matches!(
        bank.deposit(&t),
        Err(BankError::OutOfOrder { .. })
    ));
    assert!(matches!(bank.refund(&t), Err(BankError::OutOfOrder { .. })));
    bank.withdraw(&t).unwrap();
    bank.deposit(&t).unwrap();
    assert!(matches!(bank.refund(&t), Err(BankError::OutOfOrder { .. })));
    assert_eq!(bank.balance("85-150").unwrap(), 1900);
    assert_eq!(bank.balance("43-812").unwrap(), 100);
}

#[test]
fn business_errors_change_nothing() {
    let (bank, _) = temp_bank();
    assert!(matches!(
        bank.withdraw(&transfer("r2", "43-812", 5000)),
        Err(BankError::InsufficientFunds {
            balance: 2000,
            requested: 5000,
            ..
        })
    ));
    assert!(matches!(
        bank.withdraw(&transfer("r2b", "43-812", 0)),
        Err(BankError::InvalidAmount(0))
    ));
    assert!(bank.ledger().unwrap().is_empty());
    assert_eq!(bank.balance("85-150").unwrap(), 2000);
    // A refused request binds nothing: the reference is still free.
    bank.withdraw(&transfer("r2", "43-812", 50)).unwrap();
}

#[test]
fn state_survives_reopening() {
    let (bank, path) = temp_bank();
    bank.withdraw(&transfer("r3", "43-812", 100)).unwrap();
    drop(bank);
    let reopened = Bank::open(&path).unwrap();
    assert_eq!(reopened.balance("85-150").unwrap(), 1900);
    assert_eq!(reopened.entries_for("r3-").unwrap().len(), 1);
}
