//! The state can be rebuilt from the event stream alone (events in block order, with their
//! block's time, as an indexer sees them), and every state transition emits an event.

mod common;

use std::collections::BTreeMap;

use common::*;
use green_power::*;
use kexin::{Addr, Id};
use kexin_testkit::Receipt;

/// What an indexer rebuilds from the events.
#[derive(Default)]
struct Index {
    admin: Addr,
    config: Option<Config>,
    paused: bool,
    roles: BTreeMap<(u8, Addr), ()>,
    projects: BTreeMap<Id, Project>,
    readings: BTreeMap<Id, Reading>,
    months: BTreeMap<(Id, u32), ProjectMonth>,
    lots: BTreeMap<Id, Lot>,
    holdings: BTreeMap<Id, Holding>,
    trades: BTreeMap<Id, GreenTrade>,
    settlements: BTreeMap<(Id, u32), Settlement>,
    proofs: BTreeMap<Id, Proof>,
    stats: BTreeMap<u32, MonthStats>,
    /// Ranges of `GecRetired` events by proof, until its `ProofIssued`.
    retired_ranges: BTreeMap<Id, Vec<(Id, u64, u64)>>,
}

impl Index {
    /// Splits the first `count` certificates of `source` into `holding` (the source itself
    /// when they are all of it), with `owner` and `state`.
    fn split(&mut self, source: Id, holding: Id, count: u64, owner: Addr, state: HoldingState) {
        let s = self.holdings.get_mut(&source).expect("the source is known");
        if holding == source {
            s.owner = owner;
            s.state = state;
            return;
        }
        let part = Holding {
            id: holding,
            lot: s.lot,
            owner,
            start: s.start,
            count,
            state,
            trades: s.trades,
            custody: s.custody.clone(),
        };
        s.start += count;
        s.count -= count;
        self.holdings.insert(holding, part);
    }

    fn lot_month(&self, holding: Id) -> u32 {
        self.lots[&self.holdings[&holding].lot].month
    }

    fn apply(&mut self, receipt: &Receipt) {
        let at = receipt.block.time;
        for event in &receipt.events {
            if let Some(e) = event.decode::<AdminChanged>() {
                self.admin = e.admin;
            } else if let Some(e) = event.decode::<ConfigChanged>() {
                self.config = Some(e.new);
            } else if event.decode::<ContractPaused>().is_some() {
                self.paused = true;
            } else if event.decode::<ContractUnpaused>().is_some() {
                self.paused = false;
            } else if let Some(e) = event.decode::<RoleGranted>() {
                self.roles.insert((e.role as u8, e.account), ());
            } else if let Some(e) = event.decode::<RoleRevoked>() {
                self.roles.remove(&(e.role as u8, e.account));
            } else if event.decode::<AdminProposed>().is_some() {
            } else if let Some(e) = event.decode::<ProjectRegistered>() {
                self.projects.insert(e.project.id, e.project);
            } else if let Some(e) = event.decode::<ProjectStatusChanged>() {
                self.projects.get_mut(&e.project).unwrap().status = e.to;
            } else if let Some(e) = event.decode::<ReadingSubmitted>() {
                self.readings.insert(e.reading.id, e.reading);
            } else if let Some(e) = event.decode::<ReadingVerified>() {
                self.readings.get_mut(&e.reading).unwrap().status = ReadingStatus::Verified;
                self.months.insert(
                    (e.project, e.month),
                    ProjectMonth {
                        reading: e.reading,
                        kwh: e.kwh,
                        ..ProjectMonth::default()
                    },
                );
            } else if let Some(e) = event.decode::<ReadingDisputed>() {
                self.readings.get_mut(&e.reading).unwrap().status = ReadingStatus::Disputed;
            } else if let Some(e) = event.decode::<LotIssued>() {
                let lot = e.lot;
                assert_eq!(lot.issued_at, at);
                let project = self.projects.get_mut(&lot.project).unwrap();
                let month = self.months.get_mut(&(lot.project, lot.month)).unwrap();
                month.carry_in = project.carry_kwh;
                month.carry_out = e.carry_kwh;
                month.lot = lot.id;
                project.carry_kwh = e.carry_kwh;
                if e.holding != 0 {
                    self.holdings.insert(
                        e.holding,
                        Holding {
                            id: e.holding,
                            lot: lot.id,
                            owner: e.owner,
                            start: lot.first_serial,
                            count: lot.count,
                            state: HoldingState::Available,
                            trades: 0,
                            custody: vec![],
                        },
                    );
                }
                self.stats.entry(lot.month).or_default().issued += lot.count;
                self.lots.insert(lot.id, lot);
            } else if let Some(e) = event.decode::<GecListed>() {
                let state = HoldingState::Listed {
                    exchange: e.exchange,
                    price_fen: e.price_fen,
                };
                self.split(e.source, e.holding, e.count, e.seller, state);
            } else if let Some(e) = event.decode::<GecDelisted>() {
                self.holdings.get_mut(&e.holding).unwrap().state = HoldingState::Available;
            } else if let Some(e) = event.decode::<GecTransferred>() {
                self.split(e.source, e.holding, e.count, e.to, HoldingState::Available);
                let h = self.holdings.get_mut(&e.holding).unwrap();
                h.trades += 1;
                h.custody.push(Movement {
                    from: e.from,
                    to: e.to,
                    ref_sm3: e.trade_ref,
                    trade: e.trade,
                    at,
                });
                let month = self.lots[&e.lot].month;
                self.stats.entry(month).or_default().traded += e.count;
            } else if let Some(e) = event.decode::<GreenTradeRecorded>() {
                self.trades.insert(e.trade.id, e.trade);
            } else if let Some(e) = event.decode::<GreenTradeSettled>() {
                let t = self.trades.get_mut(&e.trade).unwrap();
                t.settled_kwh += e.kwh;
                t.gec_transferred += e.gec;
                t.remainder_kwh += e.remainder_kwh;
                t.settlement_sm3 = e.settlement_sm3;
                t.status = TradeStatus::Settled;
                // The settlement's certificates are the transfer just before, if any.
                let holding = if e.gec > 0 {
                    receipt
                        .events
                        .iter()
                        .find_map(|ev| ev.decode::<GecTransferred>())
                        .map_or(0, |t| t.holding)
                } else {
                    0
                };
                self.settlements.insert(
                    (e.trade, e.month),
                    Settlement {
                        kwh: e.kwh,
                        gec: e.gec,
                        holding,
                    },
                );
            } else if let Some(e) = event.decode::<GreenTradeClosed>() {
                self.trades.get_mut(&e.trade).unwrap().status = TradeStatus::Closed;
            } else if let Some(e) = event.decode::<GecRetired>() {
                let state = HoldingState::Retired { proof: e.proof };
                self.split(e.source, e.holding, e.count, e.holder, state);
                let month = self.lot_month(e.holding);
                self.stats.entry(month).or_default().retired += e.count;
                self.retired_ranges
                    .entry(e.proof)
                    .or_default()
                    .push((e.holding, e.start, e.count));
            } else if let Some(e) = event.decode::<ProofIssued>() {
                // The proof repeats the ranges the `GecRetired` events before it announced.
                let ranges = self.retired_ranges.remove(&e.proof.id).unwrap_or_default();
                assert_eq!(ranges, e.proof.ranges);
                assert_eq!(e.proof.issued_at, at);
                self.proofs.insert(e.proof.id, e.proof);
            } else if let Some(e) = event.decode::<GecExpired>() {
                self.holdings.get_mut(&e.holding).unwrap().state = HoldingState::Expired;
                let month = self.lot_month(e.holding);
                self.stats.entry(month).or_default().expired += e.count;
            } else if let Some(e) = event.decode::<GecCancelled>() {
                self.holdings.get_mut(&e.holding).unwrap().state = HoldingState::Cancelled;
                let month = self.lot_month(e.holding);
                self.stats.entry(month).or_default().cancelled += e.count;
            } else if let Some(e) = event.decode::<LotFrozen>() {
                self.lots.get_mut(&e.lot).unwrap().status = LotStatus::Frozen;
            } else if let Some(e) = event.decode::<LotUnfrozen>() {
                self.lots.get_mut(&e.lot).unwrap().status = LotStatus::Valid;
            } else if let Some(e) = event.decode::<LotRevoked>() {
                self.lots.get_mut(&e.lot).unwrap().status = LotStatus::Revoked;
            } else {
                panic!("an event the index does not know: {}", event.topic);
            }
        }
    }
}

/// A business history touching every event: issuance with carry, a dispute, listings,
/// transfers, a green-power trade, retirements, expiry, revocation, rule and role changes,
/// a pause, and failed calls (which emit nothing).
fn history() -> World {
    let w = world();
    let solar = w.gp.by(&w.authority).register_project(
        &"S6501200300200025".into(),
        &w.consumer2,
        &Energy::Solar,
        10_000,
        false,
    );
    let (jan, h1) = w.issue(202401, 12_345_678, true);
    w.at(end_of(202402));
    let disputed =
        w.gp.by(&w.provider)
            .submit_reading(w.project, 202402, 1, &ReadingSource::Grid, &w.fresh());
    w.gp.by(&w.authority)
        .dispute_reading(disputed, &sm3("wrong"));
    let (_, h2) = w.issue(202402, 9_000_400, true);
    w.issue_for(solar, 202401, 999, false);
    let (_, h3) = w.issue_for(solar, 202402, 1_001, false);
    let _ =
        w.gp.by(&w.exchange)
            .try_transfer(h3, &w.consumer, 1, &w.fresh()); // refused
    let listed =
        w.gp.by(&w.generator)
            .list(h1, 300, 420, &w.exchange, &w.req());
    w.gp.by(&w.exchange)
        .settle_listing(listed, &w.consumer, 100, &w.fresh());
    w.gp.by(&w.generator).delist(listed);
    let bought = w.give(h1, &w.consumer, 50);
    let trade = w.gp.by(&w.exchange2).record_green_trade(
        &w.generator,
        &w.consumer2,
        w.project,
        &(202401, 202402),
        10_000_000,
        &sm3("route"),
        &w.fresh(),
    );
    let ex2 = w.gp.by(&w.exchange2);
    ex2.settle_green_trade(trade, 202401, 2_000_500, &w.fresh(), h1);
    ex2.settle_green_trade(trade, 202402, 700, &w.fresh(), 0);
    ex2.close_green_trade(trade);
    let received = w.gp.settlement(trade, 202401).unwrap().holding;
    w.retire(&w.consumer2, &[received, h3], &[1_500, 2], (202401, 202402));
    w.retire(&w.consumer, &[bought], &[50], (202401, 202401));
    w.gp.by(&w.authority).set_config(&Config {
        max_trades: 2,
        ..Config::GEC_2024
    });
    w.gp.grant_role(&Role::Exchange, &w.stranger);
    w.gp.revoke_role(&Role::Exchange, &w.stranger);
    w.gp.by(&w.regulator).pause();
    w.gp.by(&w.regulator).freeze_lot(jan, &sm3("case"));
    w.gp.by(&w.regulator).unpause();
    w.gp.by(&w.authority).unfreeze_lot(jan, &sm3("resolved"));
    w.gp.by(&w.authority)
        .set_project_status(solar, &ProjectStatus::Suspended);
    let (feb_lot, _) = (w.gp.holding(h2).unwrap().lot, ());
    let auth = w.gp.by(&w.authority);
    auth.freeze_lot(feb_lot, &sm3("case 2"));
    auth.revoke_lot(feb_lot, &sm3("decision"));
    w.gp.cancel_holdings(&vec![h2]);
    w.at(expiry_of(202402, 24));
    let (still_listed, _) =
        w.gp.holdings_of(&w.consumer2, &HoldingStatus::Available, 0, 10);
    w.gp.expire(&still_listed.iter().map(|h| h.id).collect());
    w.gp.propose_admin(&w.consumer);
    w.gp.by(&w.consumer).accept_admin();
    w
}

#[test]
fn the_state_can_be_rebuilt_from_the_event_stream_alone() {
    let w = history();
    let mut index = Index::default();
    for receipt in w.chain.receipts() {
        if receipt.result.is_ok() {
            index.apply(&receipt);
        } else {
            assert!(receipt.events.is_empty(), "a failed call emits nothing");
        }
    }
    let gp = &w.gp;
    assert_eq!(index.admin, gp.admin());
    assert_eq!(index.config, Some(gp.config()));
    assert_eq!(index.paused, gp.is_paused());
    for (role, who) in [
        (Role::Exchange, w.exchange),
        (Role::Exchange, w.stranger),
        (Role::Regulator, w.regulator),
    ] {
        assert_eq!(
            index.roles.contains_key(&(role as u8, who)),
            gp.has_role(&role, &who)
        );
    }
    let counters = gp.counters();
    assert_eq!(index.projects.len() as u64, counters.projects);
    for (id, project) in &index.projects {
        assert_eq!(Some(project), gp.project(*id).as_ref());
    }
    assert_eq!(index.readings.len() as u64, counters.readings);
    for (id, reading) in &index.readings {
        assert_eq!(Some(reading), gp.reading(*id).as_ref());
    }
    for ((project, month), pm) in &index.months {
        assert_eq!(Some(pm), gp.project_month(*project, *month).as_ref());
    }
    assert_eq!(index.lots.len() as u64, counters.lots);
    for (id, lot) in &index.lots {
        assert_eq!(Some(lot), gp.lot(*id).as_ref());
    }
    assert_eq!(index.holdings.len() as u64, counters.holdings);
    let mut balances: BTreeMap<Addr, Balance> = BTreeMap::new();
    for (id, holding) in &index.holdings {
        assert_eq!(Some(holding), gp.holding(*id).as_ref(), "holding {id}");
        let b = balances.entry(holding.owner).or_default();
        *match holding.state.status() {
            HoldingStatus::Available => &mut b.available,
            HoldingStatus::Listed => &mut b.listed,
            HoldingStatus::Retired => &mut b.retired,
            HoldingStatus::Expired => &mut b.expired,
            HoldingStatus::Cancelled => &mut b.cancelled,
        } += holding.count;
    }
    for (who, balance) in &balances {
        assert_eq!(*balance, gp.balance(who));
    }
    for (id, trade) in &index.trades {
        assert_eq!(Some(trade), gp.green_trade(*id).as_ref());
    }
    for ((trade, month), s) in &index.settlements {
        assert_eq!(Some(s), gp.settlement(*trade, *month).as_ref());
    }
    assert_eq!(index.proofs.len() as u64, counters.proofs);
    for (id, proof) in &index.proofs {
        assert_eq!(Some(proof), gp.proof(*id).as_ref());
    }
    for (month, stats) in &index.stats {
        assert_eq!(*stats, gp.stats(*month));
    }
    // Every kind of event appeared.
    let topics: std::collections::BTreeSet<String> =
        w.chain.events().into_iter().map(|e| e.topic).collect();
    assert_eq!(topics.len(), 26, "{topics:?}");
}

#[test]
fn every_state_change_emits_an_event() {
    let w = history();
    for receipt in w.chain.receipts() {
        let writes_state = receipt.result.is_ok()
            && !matches!(
                receipt.method.as_str(),
                "holding"
                    | "holdings_of"
                    | "holdings_of_lot"
                    | "settlement"
                    | "lot"
                    | "project"
                    | "proof"
                    | "counters"
            );
        if writes_state {
            assert!(
                !receipt.events.is_empty(),
                "`{}` changed state without an event",
                receipt.method
            );
        }
    }
}
