//! Idempotency (§0.1): every call that creates a record carries a request id, unique per
//! caller; a repeat is `Duplicate` and has no second effect.

use dci_copyright::*;
use kexin::Addr;

use crate::common::*;
use crate::roles::Call;

/// The calls that take a request id.
pub const REQUEST_CALLS: [Call; 7] = [
    Call::ApplyRegistration,
    Call::RequestAssignment,
    Call::OfferLicense,
    Call::ReportUsage,
    Call::CreateSettlement,
    Call::RecordEvidence,
    Call::OpenCase,
];

/// Makes the call as `by` with a request id.
type Run = Box<dyn Fn(&World, &Addr, &str) -> CallResult<u64>>;

/// A world ready for `call`, and the call made as `by` with `request_id`.
struct Setup {
    w: World,
    run: Run,
    caller: Addr,
    other_caller: Addr,
}

fn setup(call: Call) -> Setup {
    let w = world();
    let work = w.alices_work();
    let licence = w.license(work, &w.alice, &w.terms());
    w.chain.advance_time(DAY);
    let now = w.now();
    let r = w.report(licence, now - 100, now - 50, 3, 0);
    w.dci.by(&w.alice).accept_usage(r);
    let evidence = w.attested_evidence(work);
    let (caller, other_caller) = match call {
        Call::ApplyRegistration => (w.platform, w.platform2),
        Call::ReportUsage => (w.licensee, w.platform),
        Call::CreateSettlement => (w.agent, w.agent),
        Call::RecordEvidence => (w.monitor, w.alice),
        _ => (w.alice, w.alice),
    };
    let app = w.application(&[(w.alice, 10_000)]);
    let run: Run = match call {
        Call::ApplyRegistration => Box::new(move |w, by, rid| {
            // The same request id with a new file: only the id repeats.
            let mut a = app.clone();
            a.request_id = rid.into();
            a.content.extend_from_slice(w.rid().as_bytes());
            a.submit(w, by)
        }),
        Call::RequestAssignment => Box::new(move |w, by, rid| {
            w.dci
                .by(by)
                .try_request_assignment(&rid.into(), work, &vec![(w.bob, 10_000)], &h("c"))
        }),
        Call::OfferLicense => Box::new(move |w, by, rid| {
            let mut t = w.terms();
            t.request_id = rid.into();
            w.try_offer(work, by, &t)
        }),
        Call::ReportUsage => Box::new(move |w, by, rid| {
            let now = w.now();
            w.dci
                .by(by)
                .try_report_usage(&rid.into(), licence, now - 50, now, 1, 0, &h("r"))
        }),
        Call::CreateSettlement => Box::new(move |w, by, rid| {
            w.dci
                .by(by)
                .try_create_settlement(&rid.into(), licence, &vec![r])
        }),
        Call::RecordEvidence => Box::new(move |w, by, rid| {
            w.dci
                .by(by)
                .try_record_evidence(&rid.into(), work, &h("u"), w.now(), &h("p"))
        }),
        Call::OpenCase => Box::new(move |w, by, rid| {
            w.dci
                .by(by)
                .try_open_case(&rid.into(), work, &vec![evidence], &h("r"))
        }),
        other => panic!("{other:?} takes no request id"),
    };
    Setup {
        w,
        run,
        caller,
        other_caller,
    }
}

/// Makes `call` twice with one request id; the second result, with the world. Checks that
/// the repeat changed nothing.
pub fn call_twice(call: Call) -> (World, Result<(), DciError>) {
    let s = setup(call);
    (s.run)(&s.w, &s.caller, "REQ-2024-0001").unwrap_or_else(|e| panic!("{call:?}: {e}"));
    let before = s.w.storage();
    let counts = s.w.dci.info().counts;
    let second = (s.run)(&s.w, &s.caller, "REQ-2024-0001")
        .map(drop)
        .map_err(|e| err::<()>(Err(e)));
    assert_eq!(s.w.storage(), before, "{call:?}: no second effect");
    assert_eq!(s.w.dci.info().counts, counts);
    (s.w, second)
}

#[test]
fn each_request_id_call_repeated_is_a_duplicate_with_no_second_effect() {
    for call in REQUEST_CALLS {
        assert_eq!(call_twice(call).1, Err(DciError::Duplicate), "{call:?}");
    }
}

#[test]
fn request_ids_are_unique_per_caller() {
    for call in [
        Call::ApplyRegistration,
        Call::ReportUsage,
        Call::RecordEvidence,
    ] {
        let s = setup(call);
        (s.run)(&s.w, &s.caller, "REQ-1").unwrap();
        s.w.chain.advance_time(60);
        (s.run)(&s.w, &s.other_caller, "REQ-1")
            .unwrap_or_else(|e| panic!("{call:?}: another caller may use the same id: {e}"));
    }
}

#[test]
fn a_failed_call_does_not_use_up_its_request_id() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.request_id = "REQ-9".into();
    t.rights = 0;
    assert_eq!(err(w.try_offer(work, &w.alice, &t)), bad(Field::Rights));
    t.rights = NETWORK;
    let id = w.offer(work, &w.alice, &t);
    assert_eq!(w.license_of(id).rights, NETWORK);
}
