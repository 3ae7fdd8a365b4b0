//! The invariants of §1.7, checked after every step of random call sequences from several
//! accounts (the testkit's property-test driver, on `proptest`), and at the end of each
//! sequence the whole state against its rebuild from the events.
//!
//! `model` holds the operations and the invariant checker. Runs are reproducible:
//! `KEXIN_PROPTEST_CASES` (default 64), `KEXIN_PROPTEST_STEPS` (default 30) and
//! `KEXIN_PROPTEST_SEED` (default 0) choose how many sequences, how long, and which ones. A
//! failure prints the shrunk sequence as a ready-to-paste test.

#[path = "../common/mod.rs"]
mod common;
mod model;

use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};

#[test]
fn invariants_hold_after_every_step_of_random_call_sequences() {
    kexin_testkit::check_invariants!(
        model::setup,
        model::apply,
        model::invariants,
        model::ops(),
        at_end = model::rebuilds_from_events,
        cases = 64,
        max_steps = 30,
    );
}

/// The random sequences are not vacuous: across a run they reach every kind of record and
/// the states the invariants are about.
#[test]
fn random_sequences_reach_every_kind_of_record_and_state() {
    use dci_copyright::*;
    use proptest::strategy::{Strategy, ValueTree};
    use std::collections::BTreeSet;

    let mut runner = TestRunner::new_with_rng(
        proptest::test_runner::Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let sequences = proptest::collection::vec(model::ops(), 100..=100);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut outcomes: std::collections::BTreeMap<String, usize> = Default::default();
    for _ in 0..24 {
        let sequence = sequences.new_tree(&mut runner).unwrap().current();
        let mut m = model::setup();
        for op in &sequence {
            model::apply(&mut m, op);
            sample(&m, &mut seen);
        }
        assert!(m.bugs.is_empty(), "{:?}", m.bugs);
        for (k, v) in &m.outcomes {
            *outcomes.entry(k.clone()).or_default() += v;
        }
    }
    if std::env::var("DCI_PRINT_OUTCOMES").is_ok() {
        for (k, v) in &outcomes {
            eprintln!("{v:6} {k}");
        }
    }
    fn sample(m: &model::Model, seen: &mut BTreeSet<String>) {
        let w = &m.w;
        let c = w.dci.info().counts;
        for id in 1..=c.works {
            seen.insert(format!("work {:?}", w.work_of(id).status));
        }
        for id in 1..=c.licenses {
            let l = w.license_of(id);
            seen.insert(format!("licence {:?}", l.status));
            if l.exclusive && matches!(l.status, LicenseStatus::Active | LicenseStatus::Scheduled) {
                seen.insert("exclusive licence in force".into());
            }
        }
        for id in 1..=c.reports {
            seen.insert(format!("report {:?}", w.dci.get_report(id).unwrap().status));
        }
        for id in 1..=c.settlements {
            seen.insert(format!(
                "settlement {:?}",
                w.dci.get_settlement(id).unwrap().status
            ));
        }
        for id in 1..=c.evidences {
            seen.insert(format!(
                "evidence {:?}",
                w.dci.get_evidence(id).unwrap().status
            ));
        }
        for id in 1..=c.cases {
            seen.insert(format!("case {:?}", w.dci.get_case(id).unwrap().status));
        }
        if c.assignments > 0 {
            for id in 1..=c.assignments {
                seen.insert(format!(
                    "assignment {:?}",
                    w.dci.get_assignment(id).unwrap().status
                ));
            }
        }
    }
    let expected = [
        "work Applied",
        "work Registered",
        "work Rejected",
        "work Withdrawn",
        "work Suspended",
        "work Revoked",
        "licence Proposed",
        "licence Offered",
        "licence Active",
        "licence Scheduled",
        "licence Cancelled",
        "licence Lapsed",
        "licence Terminated",
        "licence Expired",
        "exclusive licence in force",
        "report Reported",
        "report Accepted",
        "report Disputed",
        "settlement Pending",
        "settlement Paid",
        "settlement Failed",
        "evidence Recorded",
        "evidence Attested",
        "evidence Rejected",
        "case Open",
        "assignment Pending",
    ];
    let missing: Vec<_> = expected.iter().filter(|e| !seen.contains(**e)).collect();
    assert!(
        missing.is_empty(),
        "never reached: {missing:?}\nreached: {seen:?}"
    );
}
