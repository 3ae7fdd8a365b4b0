//! Who may call what (the role matrix), what a pause stops, the admin handover, and the
//! holding and trade state machines: every transition allowed or refused with `InvalidState`.

mod common;

use common::*;
use green_power::{
    Action, Config, GreenPowerClient, GreenPowerError, GreenPowerError::*, HoldingState,
    HoldingStatus, ProjectStatus, Purpose, ReadingSource, Role, Status,
};
use kexin::client::CallError;
use kexin::Addr;
use kexin_testkit::Chain;

/// The accounts of the matrix: one per role, the project's generator (a holder), another
/// holder, and an account with no role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Admin,
    Authority,
    Provider,
    Exchange,
    Regulator,
    Auditor,
    Generator,
    Consumer,
    Stranger,
}

use Who::*;

const EVERYONE: [Who; 9] = [
    Admin, Authority, Provider, Exchange, Regulator, Auditor, Generator, Consumer, Stranger,
];

fn addr(w: &World, who: Who) -> Addr {
    match who {
        Admin => w.admin,
        Authority => w.authority,
        Provider => w.provider,
        Exchange => w.exchange,
        Regulator => w.regulator,
        Auditor => w.auditor,
        Generator => w.generator,
        Consumer => w.consumer,
        Stranger => w.stranger,
    }
}

type Client = GreenPowerClient<Chain>;
type Call = Box<dyn Fn(&Client) -> Result<(), GreenPowerError>>;

fn contract<T>(result: Result<T, CallError<GreenPowerError>>) -> Result<(), GreenPowerError> {
    match result {
        Ok(_) => Ok(()),
        Err(CallError::Contract(e)) => Err(e),
        Err(other) => panic!("not a contract error: {other:?}"),
    }
}

/// One state-changing call: who may make it, and how to prepare a world where it succeeds.
struct Case {
    call: &'static str,
    allowed: &'static [Who],
    /// Allowed while the contract is paused (role management, emergency calls).
    while_paused: bool,
    setup: fn(&World) -> Call,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            call: "grant_role",
            allowed: &[Admin],
            while_paused: true,
            setup: |w| {
                let who = w.stranger;
                Box::new(move |c| contract(c.try_grant_role(&Role::Auditor, &who)))
            },
        },
        Case {
            call: "revoke_role",
            allowed: &[Admin],
            while_paused: true,
            setup: |w| {
                let who = w.auditor;
                Box::new(move |c| contract(c.try_revoke_role(&Role::Auditor, &who)))
            },
        },
        Case {
            call: "propose_admin",
            allowed: &[Admin],
            while_paused: true,
            setup: |w| {
                let who = w.consumer;
                Box::new(move |c| contract(c.try_propose_admin(&who)))
            },
        },
        Case {
            call: "accept_admin",
            allowed: &[Consumer],
            while_paused: true,
            setup: |w| {
                w.gp.propose_admin(&w.consumer);
                Box::new(|c| contract(c.try_accept_admin()))
            },
        },
        Case {
            call: "pause",
            allowed: &[Admin, Regulator],
            while_paused: false,
            setup: |_| Box::new(|c| contract(c.try_pause())),
        },
        Case {
            call: "unpause",
            allowed: &[Admin, Regulator],
            while_paused: true,
            setup: |w| {
                w.gp.pause();
                Box::new(|c| contract(c.try_unpause()))
            },
        },
        Case {
            call: "set_config",
            allowed: &[Authority],
            while_paused: false,
            setup: |_| {
                Box::new(|c| {
                    contract(c.try_set_config(&Config {
                        max_trades: 2,
                        ..Config::GEC_2024
                    }))
                })
            },
        },
        Case {
            call: "register_project",
            allowed: &[Authority],
            while_paused: false,
            setup: |w| {
                let owner = w.generator;
                Box::new(move |c| {
                    contract(c.try_register_project(
                        &"S0000000000000001".into(),
                        &owner,
                        &green_power::Energy::Solar,
                        10,
                        true,
                    ))
                })
            },
        },
        Case {
            call: "set_project_status",
            allowed: &[Authority],
            while_paused: false,
            setup: |w| {
                let p = w.project;
                Box::new(move |c| contract(c.try_set_project_status(p, &ProjectStatus::Suspended)))
            },
        },
        Case {
            call: "submit_reading (grid)",
            allowed: &[Provider],
            while_paused: false,
            setup: |w| {
                w.at(end_of(202401));
                let (p, data) = (w.project, w.fresh());
                Box::new(move |c| {
                    contract(c.try_submit_reading(p, 202401, 1, &ReadingSource::Grid, &data))
                })
            },
        },
        Case {
            call: "submit_reading (self-reported)",
            allowed: &[Generator],
            while_paused: false,
            setup: |w| {
                w.at(end_of(202401));
                let (p, data) = (w.project, w.fresh());
                Box::new(move |c| {
                    contract(c.try_submit_reading(
                        p,
                        202401,
                        1,
                        &ReadingSource::SelfReported,
                        &data,
                    ))
                })
            },
        },
        Case {
            call: "verify_reading",
            allowed: &[Authority],
            while_paused: false,
            setup: |w| {
                let r = submitted(w);
                Box::new(move |c| contract(c.try_verify_reading(r)))
            },
        },
        Case {
            call: "dispute_reading",
            allowed: &[Authority],
            while_paused: false,
            setup: |w| {
                let r = submitted(w);
                Box::new(move |c| contract(c.try_dispute_reading(r, &sm3("why"))))
            },
        },
        Case {
            call: "issue_lot",
            allowed: &[Authority],
            while_paused: false,
            setup: |w| {
                w.verified(w.project, 202401, 5_000);
                let p = w.project;
                Box::new(move |c| contract(c.try_issue_lot(p, 202401, true)))
            },
        },
        Case {
            call: "transfer",
            allowed: &[Exchange],
            while_paused: false,
            setup: |w| {
                let (_, h) = w.issue(202401, 10_000, true);
                let (to, r) = (w.consumer, w.fresh());
                Box::new(move |c| contract(c.try_transfer(h, &to, 1, &r)))
            },
        },
        Case {
            call: "list",
            allowed: &[Generator],
            while_paused: false,
            setup: |w| {
                let (_, h) = w.issue(202401, 10_000, true);
                let (ex, request) = (w.exchange, w.req());
                Box::new(move |c| contract(c.try_list(h, 1, 100, &ex, &request)))
            },
        },
        Case {
            call: "delist",
            allowed: &[Generator, Exchange],
            while_paused: false,
            setup: |w| {
                let (_, h) = w.issue(202401, 10_000, true);
                let listed = w.gp.by(&w.generator).list(h, 1, 100, &w.exchange, &w.req());
                Box::new(move |c| contract(c.try_delist(listed)))
            },
        },
        Case {
            call: "settle_listing",
            allowed: &[Exchange],
            while_paused: false,
            setup: |w| {
                let (_, h) = w.issue(202401, 10_000, true);
                let listed = w.gp.by(&w.generator).list(h, 1, 100, &w.exchange, &w.req());
                let (to, r) = (w.consumer2, w.fresh());
                Box::new(move |c| contract(c.try_settle_listing(listed, &to, 1, &r)))
            },
        },
        Case {
            call: "record_green_trade",
            allowed: &[Exchange],
            while_paused: false,
            setup: |w| {
                let (g, consumer, p, k) = (w.generator, w.consumer2, w.project, w.fresh());
                Box::new(move |c| {
                    contract(c.try_record_green_trade(
                        &g,
                        &consumer,
                        p,
                        &(202401, 202401),
                        1_000,
                        &sm3("route"),
                        &k,
                    ))
                })
            },
        },
        Case {
            call: "settle_green_trade",
            allowed: &[Exchange],
            while_paused: false,
            setup: |w| {
                let (t, h) = green_trade(w);
                let s = w.fresh();
                Box::new(move |c| contract(c.try_settle_green_trade(t, 202401, 2_000, &s, h)))
            },
        },
        Case {
            call: "close_green_trade",
            allowed: &[Exchange],
            while_paused: false,
            setup: |w| {
                let (t, _) = green_trade(w);
                Box::new(move |c| contract(c.try_close_green_trade(t)))
            },
        },
        Case {
            call: "retire",
            allowed: &[Generator],
            while_paused: false,
            setup: |w| {
                let (_, h) = w.issue(202401, 10_000, true);
                Box::new(move |c| {
                    contract(c.try_retire(
                        &vec![h],
                        &vec![1],
                        &sm3("beneficiary"),
                        &Purpose::Voluntary,
                        &(202401, 202401),
                        &"R-1".into(),
                    ))
                })
            },
        },
        Case {
            call: "expire",
            allowed: &EVERYONE,
            while_paused: false,
            setup: |w| {
                let (_, h) = w.issue(202401, 10_000, true);
                w.at(expiry_of(202401, 24));
                Box::new(move |c| contract(c.try_expire(&vec![h])))
            },
        },
        Case {
            call: "cancel_holdings",
            allowed: &EVERYONE,
            while_paused: false,
            setup: |w| {
                let (lot, h) = w.issue(202401, 10_000, true);
                let auth = w.gp.by(&w.authority);
                auth.freeze_lot(lot, &sm3("case"));
                auth.revoke_lot(lot, &sm3("decision"));
                Box::new(move |c| contract(c.try_cancel_holdings(&vec![h])))
            },
        },
        Case {
            call: "freeze_lot",
            allowed: &[Authority, Regulator],
            while_paused: true,
            setup: |w| {
                let (lot, _) = w.issue(202401, 10_000, true);
                Box::new(move |c| contract(c.try_freeze_lot(lot, &sm3("case"))))
            },
        },
        Case {
            call: "unfreeze_lot",
            allowed: &[Authority, Regulator],
            while_paused: true,
            setup: |w| {
                let (lot, _) = w.issue(202401, 10_000, true);
                w.gp.by(&w.regulator).freeze_lot(lot, &sm3("case"));
                Box::new(move |c| contract(c.try_unfreeze_lot(lot, &sm3("resolved"))))
            },
        },
        Case {
            call: "revoke_lot",
            allowed: &[Authority],
            while_paused: false,
            setup: |w| {
                let (lot, _) = w.issue(202401, 10_000, true);
                w.gp.by(&w.regulator).freeze_lot(lot, &sm3("case"));
                Box::new(move |c| contract(c.try_revoke_lot(lot, &sm3("decision"))))
            },
        },
    ]
}

fn submitted(w: &World) -> u64 {
    w.at(end_of(202401));
    w.gp.by(&w.provider)
        .submit_reading(w.project, 202401, 5_000, &ReadingSource::Grid, &w.fresh())
}

/// A green-power trade recorded by `exchange`, with a January holding to settle from.
fn green_trade(w: &World) -> (u64, u64) {
    let (_, h) = w.issue(202401, 10_000, true);
    let t = w.gp.by(&w.exchange).record_green_trade(
        &w.generator,
        &w.consumer2,
        w.project,
        &(202401, 202401),
        5_000,
        &sm3("route"),
        &w.fresh(),
    );
    (t, h)
}

#[test]
fn role_matrix_every_call_by_every_role() {
    let mut matrix = String::new();
    for case in cases() {
        let w = world();
        let call = (case.setup)(&w);
        let mut row = format!("{:32}", case.call);
        // Everyone outside the allowed set is refused with `Unauthorized`, leaving no trace.
        for who in EVERYONE {
            if case.allowed.contains(&who) {
                continue;
            }
            let before = w.storage();
            assert_eq!(
                call(&w.gp.by(&addr(&w, who))),
                Err(Unauthorized),
                "{} by {who:?}",
                case.call
            );
            assert_eq!(w.storage(), before, "{} by {who:?}", case.call);
        }
        // Each allowed account succeeds (on its own fresh world).
        for who in EVERYONE {
            let ok = case.allowed.contains(&who);
            if ok {
                let w = world();
                let call = (case.setup)(&w);
                assert_eq!(
                    call(&w.gp.by(&addr(&w, who))),
                    Ok(()),
                    "{} by {who:?}",
                    case.call
                );
            }
            row.push_str(if ok { " ✓" } else { " ·" });
        }
        matrix.push_str(&row);
        matrix.push('\n');
    }
    println!("{matrix}");
}

#[test]
fn a_pause_stops_every_state_change_but_role_management_and_freezing() {
    for case in cases() {
        let w = world();
        let call = (case.setup)(&w);
        if case.call != "unpause" {
            w.gp.by(&w.regulator).pause();
        }
        let caller = w.gp.by(&addr(&w, case.allowed[0]));
        if case.while_paused {
            assert_eq!(call(&caller), Ok(()), "{} while paused", case.call);
        } else {
            let before = w.storage();
            let expected = if case.call == "pause" {
                InvalidState {
                    from: Status::Paused,
                    action: Action::Pause,
                }
            } else {
                Paused
            };
            assert_eq!(call(&caller), Err(expected), "{} while paused", case.call);
            assert_eq!(w.storage(), before);
        }
    }
}

#[test]
fn views_work_while_paused_and_a_pause_is_undone_by_unpause() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    w.gp.pause();
    assert!(w.gp.is_paused());
    assert_eq!(w.holding(h).count, 10);
    assert_eq!(w.gp.balance(&w.generator).available, 10);
    assert_eq!(
        err(w.gp.try_pause()),
        InvalidState {
            from: Status::Paused,
            action: Action::Pause
        }
    );
    w.gp.by(&w.regulator).unpause();
    assert_eq!(
        err(w.gp.try_unpause()),
        InvalidState {
            from: Status::Running,
            action: Action::Unpause
        }
    );
    w.give(h, &w.consumer, 1);
}

#[test]
fn the_admin_hands_over_in_two_steps() {
    let w = world();
    w.gp.propose_admin(&w.consumer);
    assert_eq!(err(w.gp.by(&w.stranger).try_accept_admin()), Unauthorized);
    // Until accepted, the old admin is in charge.
    assert_eq!(w.gp.admin(), w.admin);
    w.gp.by(&w.consumer).accept_admin();
    assert_eq!(w.gp.admin(), w.consumer);
    assert_eq!(
        err(w.gp.try_grant_role(&Role::Auditor, &w.stranger)),
        Unauthorized
    );
    w.gp.by(&w.consumer).grant_role(&Role::Auditor, &w.stranger);
    // The handover is complete: accepting again is refused.
    assert_eq!(err(w.gp.by(&w.consumer).try_accept_admin()), Unauthorized);
}

#[test]
fn roles_are_granted_and_revoked_once_with_events() {
    let w = world();
    assert_eq!(
        err(w.gp.try_grant_role(&Role::Exchange, &w.exchange)),
        GreenPowerError::Duplicate {
            what: green_power::Unique::Role
        }
    );
    assert_eq!(
        err(w.gp.try_grant_role(&Role::Exchange, &Addr::ZERO)),
        InvalidInput {
            field: green_power::Field::Account
        }
    );
    w.gp.revoke_role(&Role::Exchange, &w.exchange);
    assert_eq!(
        w.chain.last_receipt().unwrap().events[0].decode::<green_power::RoleRevoked>(),
        Some(green_power::RoleRevoked {
            role: Role::Exchange,
            account: w.exchange
        })
    );
    assert_eq!(
        err(w.gp.try_revoke_role(&Role::Exchange, &w.exchange)),
        NotFound {
            what: green_power::Record::Role
        }
    );
    // A revoked exchange settles nothing any more.
    let (_, h) = w.issue(202401, 10_000, true);
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_transfer(h, &w.consumer, 1, &w.fresh())),
        Unauthorized
    );
}

// ---------------------------------------------------------------- holding state machine

/// A world with a holding of 10 certificates in `state`, and the holding.
fn holding_in(state: HoldingStatus, expired_lot: bool, revoked_lot: bool) -> (World, u64) {
    let w = world();
    let (lot, h) = w.issue(202401, 10_000, true);
    let id = match state {
        HoldingStatus::Available => h,
        HoldingStatus::Listed => {
            w.gp.by(&w.generator)
                .list(h, 10, 100, &w.exchange, &w.req())
        }
        HoldingStatus::Retired => {
            w.retire(&w.generator, &[h], &[10], (202401, 202401));
            h
        }
        HoldingStatus::Expired => {
            w.at(expiry_of(202401, 24));
            w.gp.expire(&vec![h]);
            h
        }
        HoldingStatus::Cancelled => {
            let auth = w.gp.by(&w.authority);
            auth.freeze_lot(lot, &sm3("case"));
            auth.revoke_lot(lot, &sm3("decision"));
            w.gp.cancel_holdings(&vec![h]);
            h
        }
    };
    if expired_lot {
        w.at(expiry_of(202401, 24));
    }
    if revoked_lot && state != HoldingStatus::Cancelled && state != HoldingStatus::Retired {
        let auth = w.gp.by(&w.authority);
        auth.freeze_lot(lot, &sm3("case"));
        auth.revoke_lot(lot, &sm3("decision"));
    }
    (w, id)
}

#[test]
fn holding_state_machine_every_transition() {
    use HoldingStatus as S;
    let states = [
        S::Available,
        S::Listed,
        S::Retired,
        S::Expired,
        S::Cancelled,
    ];
    let actions = [
        Action::Transfer,
        Action::List,
        Action::Delist,
        Action::SettleListing,
        Action::Retire,
        Action::Expire,
        Action::Cancel,
    ];
    // The transitions the spec allows: Available → Listed → Available | transferred;
    // Available → Retired; Available | Listed → Expired | Cancelled.
    let allowed = |from: S, action: Action| {
        matches!(
            (from, action),
            (S::Available, Action::Transfer)
                | (S::Available, Action::List)
                | (S::Available, Action::Retire)
                | (S::Listed, Action::Delist)
                | (S::Listed, Action::SettleListing)
                | (S::Available | S::Listed, Action::Expire)
                | (S::Available | S::Listed, Action::Cancel)
        )
    };
    for from in states {
        for action in actions {
            // Expiry needs an expired lot, cancellation a revoked one; retirement of a lot
            // revoked after the fact is impossible (revocation needs no retirement).
            let (w, h) = holding_in(from, action == Action::Expire, action == Action::Cancel);
            let (ex, consumer) = (w.gp.by(&w.exchange), w.consumer);
            let owner = w.holding(h).owner;
            let result = match action {
                Action::Transfer => contract(ex.try_transfer(h, &consumer, 1, &w.fresh())),
                Action::List => contract(w.gp.by(&owner).try_list(h, 1, 1, &w.exchange, &w.req())),
                Action::Delist => contract(w.gp.by(&owner).try_delist(h)),
                Action::SettleListing => {
                    contract(ex.try_settle_listing(h, &consumer, 1, &w.fresh()))
                }
                Action::Retire => contract(w.gp.by(&owner).try_retire(
                    &vec![h],
                    &vec![1],
                    &sm3("b"),
                    &Purpose::Voluntary,
                    &(202401, 202401),
                    &"R-x".into(),
                )),
                Action::Expire => contract(w.gp.try_expire(&vec![h])),
                Action::Cancel => contract(w.gp.try_cancel_holdings(&vec![h])),
                _ => unreachable!(),
            };
            if allowed(from, action) {
                assert_eq!(result, Ok(()), "{from:?} --{action:?}-->");
            } else {
                assert_eq!(
                    result,
                    Err(InvalidState {
                        from: from.into(),
                        action
                    }),
                    "{from:?} --{action:?}--> must be refused"
                );
            }
        }
    }
}

#[test]
fn terminal_states_stay_terminal() {
    for state in [
        HoldingStatus::Retired,
        HoldingStatus::Expired,
        HoldingStatus::Cancelled,
    ] {
        let (w, h) = holding_in(state, false, false);
        let before = w.holding(h);
        let _ =
            w.gp.by(&w.exchange)
                .try_transfer(h, &w.consumer, 1, &w.fresh());
        let _ =
            w.gp.by(&w.generator)
                .try_list(h, 1, 1, &w.exchange, &w.req());
        let _ = w.gp.try_expire(&vec![h]);
        assert_eq!(w.holding(h), before);
        assert!(!matches!(
            w.holding(h).state,
            HoldingState::Available | HoldingState::Listed { .. }
        ));
    }
}

#[test]
fn green_trade_state_machine_every_transition() {
    use green_power::TradeStatus as T;
    for from in [T::Open, T::Settled, T::Closed] {
        for settle in [true, false] {
            let w = world();
            let (t, h) = green_trade(&w);
            let ex = w.gp.by(&w.exchange);
            match from {
                T::Open => {}
                T::Settled => {
                    ex.settle_green_trade(t, 202401, 1_000, &w.fresh(), h);
                }
                T::Closed => ex.close_green_trade(t),
            }
            let (result, action) = if settle {
                // A month not yet settled (the period is January only: settle January again
                // only when it is still open).
                let month = 202401;
                let r = contract(ex.try_settle_green_trade(t, month, 500, &w.fresh(), h));
                (r, Action::Settle)
            } else {
                (contract(ex.try_close_green_trade(t)), Action::Close)
            };
            match (from, settle) {
                (T::Closed, _) => assert_eq!(
                    result,
                    Err(InvalidState {
                        from: Status::Closed,
                        action
                    })
                ),
                // Settled → Settled for another month; January is taken here.
                (T::Settled, true) => assert_eq!(
                    result,
                    Err(Duplicate {
                        what: green_power::Unique::Settlement
                    })
                ),
                _ => assert_eq!(result, Ok(()), "{from:?} {action:?}"),
            }
        }
    }
}

// ---------------------------------------------------------------- the other state machines

/// Lots (`Valid → Frozen → Valid | Revoked`), readings (`Submitted → Verified | Disputed`),
/// projects (`Active ⇄ Suspended`) and the contract (`Running ⇄ Paused`): every
/// (state, action) pair is either an allowed transition or refused with
/// `InvalidState { from, action }`, leaving no trace.
#[test]
fn lot_reading_project_and_pause_state_machines_every_transition() {
    use green_power::{LotStatus as L, ReadingStatus as R};

    // Lots.
    for from in [L::Valid, L::Frozen, L::Revoked] {
        for action in [Action::Freeze, Action::Unfreeze, Action::Revoke] {
            let w = world();
            let (lot, _) = w.issue(202401, 10_000, true);
            let auth = w.gp.by(&w.authority);
            if from != L::Valid {
                auth.freeze_lot(lot, &sm3("case"));
            }
            if from == L::Revoked {
                auth.revoke_lot(lot, &sm3("decision"));
            }
            let before = w.storage();
            let result = match action {
                Action::Freeze => contract(auth.try_freeze_lot(lot, &sm3("again"))),
                Action::Unfreeze => contract(auth.try_unfreeze_lot(lot, &sm3("again"))),
                _ => contract(auth.try_revoke_lot(lot, &sm3("again"))),
            };
            let allowed = matches!(
                (from, action),
                (L::Valid, Action::Freeze)
                    | (L::Frozen, Action::Unfreeze)
                    | (L::Frozen, Action::Revoke)
            );
            if allowed {
                assert_eq!(result, Ok(()), "lot {from:?} --{action:?}-->");
            } else {
                assert_eq!(
                    result,
                    Err(InvalidState {
                        from: from.into(),
                        action
                    }),
                    "lot {from:?} --{action:?}--> must be refused"
                );
                assert_eq!(w.storage(), before);
            }
        }
    }

    // Readings.
    for from in [R::Submitted, R::Verified, R::Disputed] {
        for action in [Action::Verify, Action::Dispute] {
            let w = world();
            let reading = submitted(&w);
            let auth = w.gp.by(&w.authority);
            match from {
                R::Verified => auth.verify_reading(reading),
                R::Disputed => auth.dispute_reading(reading, &sm3("wrong")),
                R::Submitted => {}
            }
            let before = w.storage();
            let result = match action {
                Action::Verify => contract(auth.try_verify_reading(reading)),
                _ => contract(auth.try_dispute_reading(reading, &sm3("why"))),
            };
            if from == R::Submitted {
                assert_eq!(result, Ok(()), "reading {from:?} --{action:?}-->");
            } else {
                assert_eq!(
                    result,
                    Err(InvalidState {
                        from: from.into(),
                        action
                    }),
                    "reading {from:?} --{action:?}--> must be refused"
                );
                assert_eq!(w.storage(), before);
            }
        }
    }

    // Projects: setting the status the project already has is refused.
    for from in [ProjectStatus::Active, ProjectStatus::Suspended] {
        for to in [ProjectStatus::Active, ProjectStatus::Suspended] {
            let w = world();
            let auth = w.gp.by(&w.authority);
            if from == ProjectStatus::Suspended {
                auth.set_project_status(w.project, &ProjectStatus::Suspended);
            }
            let before = w.storage();
            let result = contract(auth.try_set_project_status(w.project, &to));
            if from != to {
                assert_eq!(result, Ok(()), "project {from:?} → {to:?}");
                assert_eq!(w.gp.project(w.project).unwrap().status, to);
            } else {
                let from = match from {
                    ProjectStatus::Active => Status::Active,
                    ProjectStatus::Suspended => Status::Suspended,
                };
                assert_eq!(
                    result,
                    Err(InvalidState {
                        from,
                        action: Action::SetProjectStatus
                    }),
                    "project {from:?} → {to:?} must be refused"
                );
                assert_eq!(w.storage(), before);
            }
        }
    }

    // The contract: pause only when running, unpause only when paused.
    for paused in [false, true] {
        for pause in [true, false] {
            let w = world();
            if paused {
                w.gp.pause();
            }
            let before = w.storage();
            let result = if pause {
                contract(w.gp.try_pause())
            } else {
                contract(w.gp.try_unpause())
            };
            if paused != pause {
                assert_eq!(result, Ok(()));
            } else {
                let (from, action) = if paused {
                    (Status::Paused, Action::Pause)
                } else {
                    (Status::Running, Action::Unpause)
                };
                assert_eq!(result, Err(InvalidState { from, action }));
                assert_eq!(w.storage(), before);
            }
        }
    }
}
