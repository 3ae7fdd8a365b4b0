//! The registry against a model: random sequences of calls from nine accounts (every role,
//! two generators, two consumers), the model predicting each call's outcome and the whole
//! state after every step; and every invariant of spec §5.7 checked on the contract's own
//! views after every step.
//!
//! `KEXIN_PROPTEST_CASES=5000 cargo test -p green-power --test invariants` runs a longer
//! exploration (README: "Longer runs").

mod common;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use common::{end_of, sm3};
use green_power::*;
use kexin::{Addr, Id};
use kexin_testkit::proptest::prelude::*;
use kexin_testkit::Chain;

// Accounts.
const AUTHORITY: usize = 0;
const PROVIDER: usize = 1;
const EXCHANGE_A: usize = 2;
const EXCHANGE_B: usize = 3;
const REGULATOR: usize = 4;
const GEN_A: usize = 5;
const GEN_B: usize = 6;
const CONSUMER_X: usize = 7;
const CONSUMER_Y: usize = 8;
const ACCOUNTS: usize = 9;
const ADMIN: usize = 9; // deploys; pauses

/// `by` / `to` sentinel: the current owner of the (first) holding the operation names.
const OWNER: usize = 100;
/// `by` sentinel: the exchange of the listing the operation names.
const LISTING_EXCHANGE: usize = 101;
/// Reading sentinel: the last reading submitted.
const LAST_READING: Id = 0;
/// Holding sentinel of a settlement: the generator's available holding of that month.
const GENERATOR_HOLDING: Id = 0;
/// Holding sentinel: the first available holding that already changed owner (a resale).
const BOUGHT: Id = 99;
/// Lot sentinel: the first frozen lot.
const FROZEN: Id = 0;
/// Holding sentinel of other operations: the first holding the operation could apply to
/// (available for a transfer, listing or retirement; listed for a delisting or a fill; of an
/// expired or revoked lot for an expiry or a cancellation).
const FIT: Id = 0;

const MONTHS: [u32; 3] = [202401, 202402, 202403];
const PERIOD: (u32, u32) = (202401, 202403);
/// Capacities: project 1 is large, project 2's cap is 50 kW × 744 h = 37 200 kWh.
const CAPACITY: [u64; 2] = [1_000_000, 50];
/// Ids at or above this are left as they are (records that do not exist); smaller ones are
/// taken modulo the number of records, so that most operations name a real one.
const MISSING: Id = 100;
const VALIDITY: u32 = 3;
const PER: u64 = 1_000;

#[derive(Debug, Clone)]
enum Op {
    /// Submit (data provider), verify and issue (authority): a month's normal business.
    Produce {
        project: usize,
        month: usize,
        kwh: u64,
        tradable: bool,
    },
    /// Freeze and revoke a lot (authority), then cancel its open holdings (anyone).
    Revocation {
        lot: Id,
    },
    /// List certificates of the first available holding on exchange A (its owner), then
    /// fill `fill` of the first listing for `buyer` (the listing's exchange), or withdraw it
    /// when `fill` is 0: the market round trip, so that listings are often filled.
    Market {
        count: u64,
        buyer: usize,
        fill: u64,
    },
    Submit {
        project: usize,
        month: usize,
        kwh: u64,
        by: usize,
        self_reported: bool,
    },
    Verify {
        reading: Id,
        by: usize,
    },
    Dispute {
        reading: Id,
        by: usize,
    },
    Issue {
        project: usize,
        month: usize,
        tradable: bool,
        by: usize,
    },
    Transfer {
        holding: Id,
        to: usize,
        count: u64,
        by: usize,
        replay: bool,
    },
    List {
        holding: Id,
        count: u64,
        exchange: usize,
        by: usize,
    },
    Delist {
        holding: Id,
        by: usize,
    },
    SettleListing {
        holding: Id,
        buyer: usize,
        count: u64,
        by: usize,
    },
    RecordTrade {
        project: usize,
        generator: usize,
        consumer: usize,
        contract_kwh: u64,
        by: usize,
    },
    Settle {
        trade: Id,
        month: usize,
        kwh: u64,
        holding: Id,
        by: usize,
    },
    Close {
        trade: Id,
        by: usize,
    },
    Retire {
        holdings: Vec<Id>,
        counts: Vec<u64>,
        by: usize,
        whole_period: bool,
        request: u8,
    },
    Expire {
        holdings: Vec<Id>,
        by: usize,
    },
    Cancel {
        holdings: Vec<Id>,
        by: usize,
    },
    Freeze {
        lot: Id,
        by: usize,
    },
    Unfreeze {
        lot: Id,
        by: usize,
    },
    Revoke {
        lot: Id,
        by: usize,
    },
    Pause {
        by: usize,
    },
    Unpause {
        by: usize,
    },
    SetMaxTrades {
        max_trades: u8,
        by: usize,
    },
    Advance {
        days: u64,
    },
}

/// An account, usually the one the call needs.
fn who(usual: usize) -> impl Strategy<Value = usize> {
    prop_oneof![6 => Just(usual), 1 => 0..=ACCOUNTS]
}

/// The holding's owner, usually; sometimes anyone.
fn owner_or_anyone() -> impl Strategy<Value = usize> {
    prop_oneof![6 => Just(OWNER), 1 => 0..=ACCOUNTS]
}

fn buyer() -> impl Strategy<Value = usize> {
    prop_oneof![
        3 => Just(CONSUMER_X),
        3 => Just(CONSUMER_Y),
        1 => Just(GEN_B),
        1 => Just(OWNER),
        1 => 0..=ACCOUNTS
    ]
}

fn exchange() -> impl Strategy<Value = usize> {
    prop_oneof![4 => Just(EXCHANGE_A), 2 => Just(EXCHANGE_B), 1 => 0..=ACCOUNTS]
}

fn kwh() -> impl Strategy<Value = u64> {
    prop_oneof![
        2 => 0..3_000u64,
        1 => Just(0),
        1 => Just(999),
        1 => Just(1_000),
        1 => Just(1_001),
        4 => 2_000..12_000u64,
        1 => Just(37_200),
        1 => Just(37_201),
    ]
}

/// A month's output: usually several certificates, sometimes an edge.
fn production() -> impl Strategy<Value = u64> {
    prop_oneof![6 => 2_000..40_000u64, 1 => kwh()]
}

fn count() -> impl Strategy<Value = u64> {
    prop_oneof![6 => 1..4u64, 1 => Just(0), 2 => 4..12u64, 1 => Just(u64::MAX)]
}

fn holding() -> impl Strategy<Value = Id> {
    prop_oneof![5 => Just(FIT), 2 => Just(BOUGHT), 8 => 1..=16u64, 1 => Just(MISSING)]
}

fn record_id() -> impl Strategy<Value = Id> {
    prop_oneof![12 => 1..=6u64, 1 => Just(MISSING)]
}

fn holdings() -> impl Strategy<Value = Vec<Id>> {
    prop::collection::vec(holding(), 1..4)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..2usize, 0..3usize, production(), prop::bool::weighted(0.85)).prop_map(
            |(project, month, kwh, tradable)| Op::Produce { project, month, kwh, tradable }
        ),
        2 => (0..3usize, 0..3usize, kwh(), who(PROVIDER), prop::bool::weighted(0.15)).prop_map(
            |(project, month, kwh, by, self_reported)| Op::Submit {
                project,
                month,
                kwh,
                by: if self_reported && by == PROVIDER { GEN_A + project.min(1) } else { by },
                self_reported
            }
        ),
        2 => (prop_oneof![3 => Just(LAST_READING), 1 => record_id()], who(AUTHORITY))
            .prop_map(|(reading, by)| Op::Verify { reading, by }),
        1 => (prop_oneof![3 => Just(LAST_READING), 1 => record_id()], who(AUTHORITY))
            .prop_map(|(reading, by)| Op::Dispute { reading, by }),
        1 => (0..3usize, 0..3usize, prop::bool::weighted(0.8), who(AUTHORITY)).prop_map(
            |(project, month, tradable, by)| Op::Issue { project, month, tradable, by }
        ),
        6 => (holding(), buyer(), count(), who(EXCHANGE_A), prop::bool::weighted(0.1)).prop_map(
            |(holding, to, count, by, replay)| Op::Transfer { holding, to, count, by, replay }
        ),
        3 => (holding(), count(), exchange(), owner_or_anyone())
            .prop_map(|(holding, count, exchange, by)| Op::List { holding, count, exchange, by }),
        1 => (holding(), prop_oneof![3 => Just(OWNER), 3 => Just(LISTING_EXCHANGE), 1 => 0..=ACCOUNTS])
            .prop_map(|(holding, by)| Op::Delist { holding, by }),
        3 => (holding(), buyer(), count(), prop_oneof![5 => Just(LISTING_EXCHANGE), 1 => 0..=ACCOUNTS])
            .prop_map(|(holding, buyer, count, by)| Op::SettleListing { holding, buyer, count, by }),
        3 => (0..3usize, prop_oneof![3 => Just(OWNER), 1 => 0..=ACCOUNTS], prop_oneof![4 => Just(CONSUMER_X), 4 => Just(CONSUMER_Y), 1 => 0..=ACCOUNTS],
              prop_oneof![1 => Just(0u64), 6 => 500..30_000u64], who(EXCHANGE_B))
            .prop_map(|(project, generator, consumer, contract_kwh, by)| Op::RecordTrade {
                project, generator, consumer, contract_kwh, by
            }),
        4 => (record_id(), 0..3usize, prop_oneof![1 => 0..1_000u64, 4 => 1_000..12_000u64],
              prop_oneof![5 => Just(GENERATOR_HOLDING), 1 => holding()], who(EXCHANGE_B))
            .prop_map(|(trade, month, kwh, holding, by)| Op::Settle { trade, month, kwh, holding, by }),
        1 => (record_id(), who(EXCHANGE_B)).prop_map(|(trade, by)| Op::Close { trade, by }),
        6 => (prop_oneof![3 => prop::collection::vec((holding(), count()), 1..2),
                          1 => prop::collection::vec((holding(), count()), 2..4)], owner_or_anyone(),
              prop::bool::weighted(0.85), 0..6u8)
            .prop_map(|(entries, by, whole_period, request)| Op::Retire {
                holdings: entries.iter().map(|e| e.0).collect(),
                counts: entries.iter().map(|e| e.1).collect(),
                by,
                whole_period,
                request,
            }),
        2 => (prop_oneof![1 => Just(vec![]), 8 => holdings()], 0..=ACCOUNTS)
            .prop_map(|(holdings, by)| Op::Expire { holdings, by }),
        1 => (holdings(), 0..=ACCOUNTS).prop_map(|(holdings, by)| Op::Cancel { holdings, by }),
        1 => (record_id(), prop_oneof![Just(REGULATOR), Just(AUTHORITY), 0..=ACCOUNTS])
            .prop_map(|(lot, by)| Op::Freeze { lot, by }),
        2 => (prop_oneof![2 => Just(FROZEN), 1 => record_id()],
              prop_oneof![Just(REGULATOR), Just(AUTHORITY), 0..=ACCOUNTS])
            .prop_map(|(lot, by)| Op::Unfreeze { lot, by }),
        2 => (prop_oneof![Just(FROZEN), record_id()], who(AUTHORITY))
            .prop_map(|(lot, by)| Op::Revoke { lot, by }),
        1 => prop_oneof![Just(REGULATOR), Just(ADMIN), 0..=ACCOUNTS].prop_map(|by| Op::Pause { by }),
        1 => record_id().prop_map(|lot| Op::Revocation { lot }),
        4 => (count(), buyer(), prop_oneof![4 => 1..4u64, 1 => Just(0)])
            .prop_map(|(count, buyer, fill)| Op::Market { count, buyer, fill }),
        8 => prop_oneof![4 => Just(REGULATOR), 1 => 0..=ACCOUNTS].prop_map(|by| Op::Unpause { by }),
        1 => (0..6u8, who(AUTHORITY)).prop_map(|(max_trades, by)| Op::SetMaxTrades { max_trades, by }),
        5 => prop_oneof![3 => 1..16u64, 2 => 20..60u64].prop_map(|days| Op::Advance { days }),
    ]
}

// ---------------------------------------------------------------- the model

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Available,
    Listed(usize),
    Retired(Id),
    Expired,
    Cancelled,
}

#[derive(Debug, Clone)]
struct MHolding {
    lot: Id,
    owner: usize,
    start: u64,
    count: u64,
    state: St,
    trades: u8,
}

#[derive(Debug, Clone)]
struct MLot {
    project: usize,
    month: u32,
    first: u64,
    count: u64,
    tradable: bool,
    expires_at: u64,
    status: LotStatus,
    retired: u64,
}

#[derive(Debug, Clone)]
struct MTrade {
    exchange: usize,
    generator: usize,
    consumer: usize,
    project: usize,
    contract: u64,
    settled: u64,
    gec: u64,
    remainder: u64,
    status: TradeStatus,
}

#[derive(Default)]
struct Model {
    time: u64,
    paused: bool,
    max_trades: u8,
    max_trades_ever: u8,
    owners: [usize; 2],
    carry: [u64; 2],
    readings: Vec<(usize, u32, u64, ReadingStatus)>,
    verified: BTreeMap<(usize, u32), u64>,
    issued: BTreeSet<(usize, u32)>,
    lots: Vec<MLot>,
    last_serial: u64,
    holdings: Vec<MHolding>,
    trades: Vec<MTrade>,
    settled: BTreeSet<(Id, u32)>,
    /// (reference number, source holding) pairs used by transfers.
    refs: BTreeSet<(u64, Id)>,
    last_ref: u64,
    next_ref: u64,
    requests: BTreeSet<(usize, u8)>,
    proofs: u64,
}

impl Model {
    fn holding(&self, id: Id) -> Option<&MHolding> {
        self.holdings.get((id as usize).wrapping_sub(1))
    }

    fn lot(&self, id: Id) -> Option<&MLot> {
        self.lots.get((id as usize).wrapping_sub(1))
    }

    /// Whether `count` certificates of holding `id` may move or retire now.
    fn usable(&self, id: Id, count: u64) -> bool {
        let Some(h) = self.holding(id) else {
            return false;
        };
        let lot = self.lot(h.lot).unwrap();
        lot.status == LotStatus::Valid
            && self.time < lot.expires_at
            && count > 0
            && count <= h.count
    }

    fn tradable(&self, id: Id, count: u64) -> bool {
        let Some(h) = self.holding(id) else {
            return false;
        };
        self.usable(id, count) && self.lot(h.lot).unwrap().tradable && h.trades < self.max_trades
    }

    /// The model's `carve`: the first `count` certificates of `id` go to `owner` in `state`.
    fn carve(&mut self, id: Id, count: u64, owner: usize, state: St, moved: bool) -> Id {
        let h = &mut self.holdings[id as usize - 1];
        let trades = h.trades + moved as u8;
        if count == h.count {
            h.owner = owner;
            h.state = state;
            h.trades = trades;
            return id;
        }
        let part = MHolding {
            lot: h.lot,
            owner,
            start: h.start,
            count,
            state,
            trades,
        };
        h.start += count;
        h.count -= count;
        self.holdings.push(part);
        self.holdings.len() as Id
    }

    fn traded(&mut self, id: Id, count: u64, to: usize, key: (u64, Id)) -> Id {
        self.refs.insert(key);
        self.carve(id, count, to, St::Available, true)
    }
}

struct World {
    chain: Chain,
    gp: GreenPowerClient<Chain>,
    accounts: Vec<Addr>,
    model: Model,
    /// Terminal holdings as first seen: they must never change again.
    terminal: RefCell<BTreeMap<Id, Holding>>,
    /// The contract's raw storage when the invariants were last checked in full.
    checked: RefCell<Vec<(Vec<u8>, Vec<u8>)>>,
}

fn setup() -> World {
    let chain = Chain::new();
    let names = [
        "nea",
        "state-grid",
        "gec-platform",
        "beijing-exchange",
        "regulator",
        "wind-farm",
        "pv-plant",
        "steel-mill",
        "data-centre",
        "admin",
    ];
    let accounts: Vec<Addr> = names.iter().map(|n| chain.account(n)).collect();
    let config = Config {
        validity_months: VALIDITY,
        max_trades: 1,
        ..Config::GEC_2024
    };
    let gp = GreenPowerClient::deploy(&chain, &accounts[ADMIN], &config);
    for (role, i) in [
        (Role::IssuingAuthority, AUTHORITY),
        (Role::DataProvider, PROVIDER),
        (Role::Exchange, EXCHANGE_A),
        (Role::Exchange, EXCHANGE_B),
        (Role::Regulator, REGULATOR),
    ] {
        gp.grant_role(&role, &accounts[i]);
    }
    let auth = gp.by(&accounts[AUTHORITY]);
    auth.register_project(
        &"W0000000000000001".into(),
        &accounts[GEN_A],
        &Energy::Wind,
        CAPACITY[0],
        true,
    );
    auth.register_project(
        &"S0000000000000002".into(),
        &accounts[GEN_B],
        &Energy::Solar,
        CAPACITY[1],
        true,
    );
    let time = end_of(202403) + 3_600;
    chain.set_block(2, time);
    World {
        chain,
        gp,
        accounts,
        model: Model {
            time,
            max_trades: 1,
            max_trades_ever: 1,
            owners: [GEN_A, GEN_B],
            ..Model::default()
        },
        terminal: RefCell::default(),
        checked: RefCell::default(),
    }
}

fn digest(kind: &str, n: u64) -> [u8; 32] {
    sm3(&format!("{kind}-{n}"))
}

/// `LISTING_EXCHANGE` as the exchange of the listed holding, `OWNER` as its owner.
fn listing_party(m: &Model, who: usize, holding: Id) -> usize {
    match (who, m.holding(holding)) {
        (
            LISTING_EXCHANGE,
            Some(MHolding {
                state: St::Listed(exchange),
                ..
            }),
        ) => *exchange,
        (LISTING_EXCHANGE, _) => EXCHANGE_A,
        (OWNER, Some(h)) => h.owner,
        (OWNER, None) => GEN_A,
        (who, _) => who,
    }
}

/// The operation with its sentinels resolved against the model's current state.
fn resolve(m: &Model, op: &Op) -> Op {
    let owner = |h: Id| m.holding(h).map_or(GEN_A, |h| h.owner);
    let person = |who: usize, h: Id| if who == OWNER { owner(h) } else { who };
    let pick = |id: &mut Id, n: usize| {
        if *id != FIT && *id != BOUGHT && *id < MISSING && n > 0 {
            *id = (*id - 1) % n as Id + 1;
        }
    };
    let first = |fits: &dyn Fn(&MHolding, &MLot) -> bool| {
        m.holdings
            .iter()
            .position(|h| fits(h, m.lot(h.lot).unwrap()))
            .map_or(MISSING, |i| i as Id + 1)
    };
    let live = |h: &MHolding, l: &MLot| {
        l.status == LotStatus::Valid && m.time < l.expires_at && h.count > 0
    };
    let movable = |h: &MHolding, l: &MLot| l.tradable && h.trades < m.max_trades && live(h, l);
    let available = |h: &MHolding, l: &MLot| h.state == St::Available && movable(h, l);
    let retirable = |h: &MHolding, l: &MLot| h.state == St::Available && live(h, l);
    let listed = |h: &MHolding, l: &MLot| matches!(h.state, St::Listed(_)) && movable(h, l);
    let ending = |revoked: bool| {
        move |h: &MHolding, l: &MLot| {
            matches!(h.state, St::Available | St::Listed(_))
                && (l.status == LotStatus::Revoked) == revoked
                && (revoked || m.time >= l.expires_at)
        }
    };
    let bought = |h: &MHolding, l: &MLot| h.state == St::Available && h.trades > 0 && live(h, l);
    let mut op = op.clone();
    match &mut op {
        Op::Transfer { holding, .. } | Op::List { holding, .. } if *holding == FIT => {
            *holding = first(&available)
        }
        Op::Transfer { holding, .. } | Op::List { holding, .. } if *holding == BOUGHT => {
            *holding = first(&bought)
        }
        Op::Delist { holding, .. } | Op::SettleListing { holding, .. } if *holding == FIT => {
            *holding = first(&listed)
        }
        Op::Retire { holdings: ids, .. } => ids
            .iter_mut()
            .filter(|h| **h == FIT)
            .for_each(|h| *h = first(&retirable)),
        Op::Expire { holdings: ids, .. } => ids
            .iter_mut()
            .filter(|h| **h == FIT)
            .for_each(|h| *h = first(&ending(false))),
        Op::Cancel { holdings: ids, .. } => ids
            .iter_mut()
            .filter(|h| **h == FIT)
            .for_each(|h| *h = first(&ending(true))),
        _ => {}
    }
    let (holdings, lots, trades, readings) = (
        m.holdings.len(),
        m.lots.len(),
        m.trades.len(),
        m.readings.len(),
    );
    match &mut op {
        Op::Verify { reading, .. } | Op::Dispute { reading, .. } => pick(reading, readings),
        Op::Transfer { holding, .. }
        | Op::List { holding, .. }
        | Op::Delist { holding, .. }
        | Op::SettleListing { holding, .. } => pick(holding, holdings),
        Op::Settle { trade, holding, .. } => {
            pick(trade, trades);
            pick(holding, holdings);
        }
        Op::Close { trade, .. } => pick(trade, trades),
        Op::Retire { holdings: ids, .. }
        | Op::Expire { holdings: ids, .. }
        | Op::Cancel { holdings: ids, .. } => ids.iter_mut().for_each(|h| pick(h, holdings)),
        Op::Unfreeze { lot, .. } | Op::Revoke { lot, .. } if *lot == FROZEN => {
            *lot = m
                .lots
                .iter()
                .position(|l| l.status == LotStatus::Frozen)
                .map_or(MISSING, |i| i as Id + 1)
        }
        Op::Freeze { lot, .. } | Op::Unfreeze { lot, .. } | Op::Revoke { lot, .. } => {
            pick(lot, lots)
        }
        _ => {}
    }
    match &mut op {
        Op::Verify { reading, .. } | Op::Dispute { reading, .. } if *reading == LAST_READING => {
            *reading = m.readings.len() as Id;
        }
        Op::Transfer { holding, to, .. } => *to = person(*to, *holding),
        Op::List { holding, by, .. } => *by = person(*by, *holding),
        Op::Delist { holding, by } => *by = listing_party(m, *by, *holding),
        Op::SettleListing {
            holding, by, buyer, ..
        } => {
            *by = listing_party(m, *by, *holding);
            *buyer = person(*buyer, *holding);
        }
        Op::RecordTrade {
            project,
            generator,
            consumer,
            ..
        } => {
            let owner = m.owners.get(*project).copied().unwrap_or(GEN_A);
            for who in [generator, consumer] {
                if *who == OWNER {
                    *who = owner;
                }
            }
        }
        Op::Settle {
            trade,
            month,
            holding,
            ..
        } if *holding == GENERATOR_HOLDING => {
            if let Some(t) = m.trades.get((*trade as usize).wrapping_sub(1)) {
                // The generator's available holding of the named month, else of any month
                // (the settlement then names that month).
                let of = |month: u32| {
                    m.holdings.iter().position(|h| {
                        let lot = m.lot(h.lot).unwrap();
                        h.owner == t.generator
                            && lot.project == t.project
                            && lot.month == month
                            && h.state == St::Available
                    })
                };
                let found = of(MONTHS[*month])
                    .map(|i| (i, *month))
                    .or_else(|| (0..MONTHS.len()).find_map(|k| of(MONTHS[k]).map(|i| (i, k))));
                if let Some((i, k)) = found {
                    *holding = i as Id + 1;
                    *month = k;
                }
            }
        }
        Op::Retire { holdings, by, .. } => *by = person(*by, holdings[0]),
        _ => {}
    }
    op
}

fn apply(w: &mut World, op: &Op) {
    let op = &resolve(&w.model, op);
    if let Op::Revocation { lot } = *op {
        let lot = if w.model.lots.is_empty() {
            lot
        } else {
            (lot - 1) % w.model.lots.len() as Id + 1
        };
        apply(w, &Op::Freeze { lot, by: AUTHORITY });
        apply(w, &Op::Revoke { lot, by: AUTHORITY });
        let open: Vec<Id> = (1..=w.model.holdings.len() as Id)
            .filter(|&h| {
                let x = w.model.holding(h).unwrap();
                x.lot == lot && matches!(x.state, St::Available | St::Listed(_))
            })
            .take(3)
            .collect();
        apply(
            w,
            &Op::Cancel {
                holdings: open,
                by: CONSUMER_X,
            },
        );
        return;
    }
    if let Op::Market { count, buyer, fill } = *op {
        apply(
            w,
            &Op::List {
                holding: FIT,
                count,
                exchange: EXCHANGE_A,
                by: OWNER,
            },
        );
        let second = if fill == 0 {
            Op::Delist {
                holding: FIT,
                by: OWNER,
            }
        } else {
            Op::SettleListing {
                holding: FIT,
                buyer,
                count: fill,
                by: LISTING_EXCHANGE,
            }
        };
        apply(w, &second);
        return;
    }
    if let Op::Produce {
        project,
        month,
        kwh,
        tradable,
    } = *op
    {
        apply(
            w,
            &Op::Submit {
                project,
                month,
                kwh,
                by: PROVIDER,
                self_reported: false,
            },
        );
        apply(
            w,
            &Op::Verify {
                reading: LAST_READING,
                by: AUTHORITY,
            },
        );
        apply(
            w,
            &Op::Issue {
                project,
                month,
                tradable,
                by: AUTHORITY,
            },
        );
        return;
    }
    let a = w.accounts.clone();
    let m = &mut w.model;
    let live = !m.paused;
    let (ok, expected): (bool, bool) = match op.clone() {
        Op::Produce { .. } | Op::Revocation { .. } | Op::Market { .. } => {
            unreachable!("expanded above")
        }
        Op::Advance { days } => {
            m.time += days * 86_400;
            let height = w.chain.block().height + 1;
            w.chain.set_block(height, m.time);
            (true, true)
        }
        Op::Submit {
            project,
            month,
            kwh,
            by,
            self_reported,
        } => {
            let month = MONTHS[month];
            let source = if self_reported {
                ReadingSource::SelfReported
            } else {
                ReadingSource::Grid
            };
            m.next_ref += 1;
            let data = digest("reading", m.next_ref);
            let ok =
                w.gp.by(&a[by])
                    .try_submit_reading(project as Id + 1, month, kwh, &source, &data)
                    .is_ok();
            let expected = live
                && project < 2
                && if self_reported {
                    by == m.owners[project]
                } else {
                    by == PROVIDER
                }
                && m.time >= end_of(month)
                && !m.verified.contains_key(&(project, month))
                && kwh <= CAPACITY[project] * 744;
            if expected {
                m.readings
                    .push((project, month, kwh, ReadingStatus::Submitted));
            }
            (ok, expected)
        }
        Op::Verify { reading, by } => {
            let ok = w.gp.by(&a[by]).try_verify_reading(reading).is_ok();
            let r = m.readings.get((reading as usize).wrapping_sub(1)).cloned();
            let expected = live
                && by == AUTHORITY
                && r.is_some_and(|(p, month, _, s)| {
                    s == ReadingStatus::Submitted && !m.verified.contains_key(&(p, month))
                });
            if expected {
                let (p, month, kwh, _) = r.unwrap();
                m.readings[reading as usize - 1].3 = ReadingStatus::Verified;
                m.verified.insert((p, month), kwh);
            }
            (ok, expected)
        }
        Op::Dispute { reading, by } => {
            let ok =
                w.gp.by(&a[by])
                    .try_dispute_reading(reading, &sm3("dispute"))
                    .is_ok();
            let expected = live
                && by == AUTHORITY
                && m.readings
                    .get((reading as usize).wrapping_sub(1))
                    .is_some_and(|r| r.3 == ReadingStatus::Submitted);
            if expected {
                m.readings[reading as usize - 1].3 = ReadingStatus::Disputed;
            }
            (ok, expected)
        }
        Op::Issue {
            project,
            month,
            tradable,
            by,
        } => {
            let month = MONTHS[month];
            let ok =
                w.gp.by(&a[by])
                    .try_issue_lot(project as Id + 1, month, tradable)
                    .is_ok();
            let expected = live
                && by == AUTHORITY
                && project < 2
                && m.verified.contains_key(&(project, month))
                && !m.issued.contains(&(project, month));
            if expected {
                let total = m.verified[&(project, month)] + m.carry[project];
                let count = total / PER;
                m.carry[project] = total % PER;
                m.issued.insert((project, month));
                let (y, mo) = calendar::parse(month).unwrap();
                m.lots.push(MLot {
                    project,
                    month,
                    first: m.last_serial + 1,
                    count,
                    tradable,
                    expires_at: calendar::start_of(y, mo, 1 + VALIDITY as u64),
                    status: LotStatus::Valid,
                    retired: 0,
                });
                if count > 0 {
                    m.holdings.push(MHolding {
                        lot: m.lots.len() as Id,
                        owner: m.owners[project],
                        start: m.last_serial + 1,
                        count,
                        state: St::Available,
                        trades: 0,
                    });
                }
                m.last_serial += count;
            }
            (ok, expected)
        }
        Op::Transfer {
            holding,
            to,
            count,
            by,
            replay,
        } => {
            let reference = if replay && m.last_ref != 0 {
                m.last_ref
            } else {
                m.next_ref += 1;
                m.next_ref
            };
            let ok =
                w.gp.by(&a[by])
                    .try_transfer(holding, &a[to], count, &digest("ref", reference))
                    .is_ok();
            let expected = live
                && (by == EXCHANGE_A || by == EXCHANGE_B)
                && m.holding(holding)
                    .is_some_and(|h| h.state == St::Available && h.owner != to)
                && m.tradable(holding, count)
                && !m.refs.contains(&(reference, holding));
            if expected {
                m.last_ref = reference;
                m.traded(holding, count, to, (reference, holding));
            }
            (ok, expected)
        }
        Op::List {
            holding,
            count,
            exchange,
            by,
        } => {
            m.next_ref += 1;
            let ok =
                w.gp.by(&a[by])
                    .try_list(
                        holding,
                        count,
                        100,
                        &a[exchange],
                        &format!("L-{}", m.next_ref),
                    )
                    .is_ok();
            let expected = live
                && m.holding(holding)
                    .is_some_and(|h| h.owner == by && h.state == St::Available)
                && (exchange == EXCHANGE_A || exchange == EXCHANGE_B)
                && m.tradable(holding, count);
            if expected {
                m.carve(holding, count, by, St::Listed(exchange), false);
            }
            (ok, expected)
        }
        Op::Delist { holding, by } => {
            let ok = w.gp.by(&a[by]).try_delist(holding).is_ok();
            let expected = live
                && m.holding(holding).is_some_and(|h| match h.state {
                    St::Listed(ex) => by == ex || by == h.owner,
                    _ => false,
                });
            if expected {
                m.holdings[holding as usize - 1].state = St::Available;
            }
            (ok, expected)
        }
        Op::SettleListing {
            holding,
            buyer,
            count,
            by,
        } => {
            m.next_ref += 1;
            let reference = m.next_ref;
            let ok =
                w.gp.by(&a[by])
                    .try_settle_listing(holding, &a[buyer], count, &digest("ref", reference))
                    .is_ok();
            let expected = live
                && (by == EXCHANGE_A || by == EXCHANGE_B)
                && m.holding(holding)
                    .is_some_and(|h| h.state == St::Listed(by) && h.owner != buyer)
                && m.tradable(holding, count);
            if expected {
                m.traded(holding, count, buyer, (reference, holding));
            }
            (ok, expected)
        }
        Op::RecordTrade {
            project,
            generator,
            consumer,
            contract_kwh,
            by,
        } => {
            m.next_ref += 1;
            let ok =
                w.gp.by(&a[by])
                    .try_record_green_trade(
                        &a[generator],
                        &a[consumer],
                        project as Id + 1,
                        &PERIOD,
                        contract_kwh,
                        &sm3("route"),
                        &digest("contract", m.next_ref),
                    )
                    .is_ok();
            let expected = live
                && (by == EXCHANGE_A || by == EXCHANGE_B)
                && project < 2
                && m.owners[project] == generator
                && consumer != generator
                && contract_kwh > 0;
            if expected {
                m.trades.push(MTrade {
                    exchange: by,
                    generator,
                    consumer,
                    project,
                    contract: contract_kwh,
                    settled: 0,
                    gec: 0,
                    remainder: 0,
                    status: TradeStatus::Open,
                });
            }
            (ok, expected)
        }
        Op::Settle {
            trade,
            month,
            kwh,
            holding,
            by,
        } => {
            let month = MONTHS[month];
            m.next_ref += 1;
            let reference = m.next_ref;
            let ok =
                w.gp.by(&a[by])
                    .try_settle_green_trade(trade, month, kwh, &digest("ref", reference), holding)
                    .is_ok();
            let gec = kwh / PER;
            let expected = live
                && (by == EXCHANGE_A || by == EXCHANGE_B)
                && m.trades.get(trade as usize - 1).is_some_and(|t| {
                    t.exchange == by
                        && t.status != TradeStatus::Closed
                        && kwh > 0
                        && !m.settled.contains(&(trade, month))
                        && kwh <= t.contract - t.settled
                        && (gec == 0
                            || m.holding(holding).is_some_and(|h| {
                                let lot = m.lot(h.lot).unwrap();
                                h.owner == t.generator
                                    && lot.project == t.project
                                    && lot.month == month
                                    && h.state == St::Available
                            }) && m.tradable(holding, gec))
                });
            if expected {
                let consumer = m.trades[trade as usize - 1].consumer;
                if gec > 0 {
                    m.traded(holding, gec, consumer, (reference, holding));
                }
                let t = &mut m.trades[trade as usize - 1];
                t.settled += kwh;
                t.gec += gec;
                t.remainder += kwh % PER;
                t.status = TradeStatus::Settled;
                m.settled.insert((trade, month));
            }
            (ok, expected)
        }
        Op::Close { trade, by } => {
            let ok = w.gp.by(&a[by]).try_close_green_trade(trade).is_ok();
            let expected = live
                && (by == EXCHANGE_A || by == EXCHANGE_B)
                && m.trades
                    .get(trade as usize - 1)
                    .is_some_and(|t| t.exchange == by && t.status != TradeStatus::Closed);
            if expected {
                m.trades[trade as usize - 1].status = TradeStatus::Closed;
            }
            (ok, expected)
        }
        Op::Retire {
            holdings,
            counts,
            by,
            whole_period,
            request,
        } => {
            let period = if whole_period {
                PERIOD
            } else {
                (202402, 202402)
            };
            let ok =
                w.gp.by(&a[by])
                    .try_retire(
                        &holdings,
                        &counts,
                        &sm3("beneficiary"),
                        &Purpose::ConsumptionClaim,
                        &period,
                        &format!("REQ-{request}"),
                    )
                    .is_ok();
            let distinct = holdings.iter().collect::<BTreeSet<_>>().len() == holdings.len();
            let expected = live
                && distinct
                && !m.requests.contains(&(by, request))
                && holdings.iter().zip(&counts).all(|(&h, &c)| {
                    m.holding(h).is_some_and(|x| {
                        let month = m.lot(x.lot).unwrap().month;
                        x.owner == by
                            && x.state == St::Available
                            && period.0 <= month
                            && month <= period.1
                    }) && m.usable(h, c)
                });
            if expected {
                m.requests.insert((by, request));
                m.proofs += 1;
                let proof = m.proofs;
                for (&h, &c) in holdings.iter().zip(&counts) {
                    let lot = m.holdings[h as usize - 1].lot;
                    m.lots[lot as usize - 1].retired += c;
                    m.carve(h, c, by, St::Retired(proof), false);
                }
            }
            (ok, expected)
        }
        Op::Expire { holdings, by } | Op::Cancel { holdings, by } => {
            let expire = matches!(op, Op::Expire { .. });
            let ok = if expire {
                w.gp.by(&a[by]).try_expire(&holdings).is_ok()
            } else {
                w.gp.by(&a[by]).try_cancel_holdings(&holdings).is_ok()
            };
            let distinct = holdings.iter().collect::<BTreeSet<_>>().len() == holdings.len();
            let expected = live
                && !holdings.is_empty()
                && distinct
                && holdings.iter().all(|&h| {
                    m.holding(h).is_some_and(|x| {
                        let lot = m.lot(x.lot).unwrap();
                        matches!(x.state, St::Available | St::Listed(_))
                            && if expire {
                                lot.status != LotStatus::Revoked && m.time >= lot.expires_at
                            } else {
                                lot.status == LotStatus::Revoked
                            }
                    })
                });
            if expected {
                for &h in &holdings {
                    m.holdings[h as usize - 1].state =
                        if expire { St::Expired } else { St::Cancelled };
                }
            }
            (ok, expected)
        }
        Op::Freeze { lot, by } | Op::Unfreeze { lot, by } => {
            let freeze = matches!(op, Op::Freeze { .. });
            let client = w.gp.by(&a[by]);
            let ok = if freeze {
                client.try_freeze_lot(lot, &sm3("case")).is_ok()
            } else {
                client.try_unfreeze_lot(lot, &sm3("case")).is_ok()
            };
            let (from, to) = if freeze {
                (LotStatus::Valid, LotStatus::Frozen)
            } else {
                (LotStatus::Frozen, LotStatus::Valid)
            };
            let expected = (by == AUTHORITY || by == REGULATOR)
                && m.lot(lot).is_some_and(|l| l.status == from);
            if expected {
                m.lots[lot as usize - 1].status = to;
            }
            (ok, expected)
        }
        Op::Revoke { lot, by } => {
            let ok =
                w.gp.by(&a[by])
                    .try_revoke_lot(lot, &sm3("decision"))
                    .is_ok();
            let expected = live
                && by == AUTHORITY
                && m.lot(lot)
                    .is_some_and(|l| l.status == LotStatus::Frozen && l.retired == 0);
            if expected {
                m.lots[lot as usize - 1].status = LotStatus::Revoked;
            }
            (ok, expected)
        }
        Op::Pause { by } | Op::Unpause { by } => {
            let pause = matches!(op, Op::Pause { .. });
            let client = w.gp.by(&a[by]);
            let ok = if pause {
                client.try_pause().is_ok()
            } else {
                client.try_unpause().is_ok()
            };
            let expected = (by == ADMIN || by == REGULATOR) && m.paused != pause;
            if expected {
                m.paused = pause;
            }
            (ok, expected)
        }
        Op::SetMaxTrades { max_trades, by } => {
            let ok =
                w.gp.by(&a[by])
                    .try_set_config(&Config {
                        validity_months: VALIDITY,
                        max_trades,
                        ..Config::GEC_2024
                    })
                    .is_ok();
            let expected = live && by == AUTHORITY && (1..=MAX_TRADES_CAP).contains(&max_trades);
            if expected {
                m.max_trades = max_trades;
                m.max_trades_ever = m.max_trades_ever.max(max_trades);
            }
            (ok, expected)
        }
    };
    if std::env::var("GP_TRACE").is_ok() {
        println!("paused={} time={}", w.model.paused, w.model.time);
    }
    record(op, ok);
    assert_eq!(
        ok,
        expected,
        "{op:?}: the contract {} but the model {}",
        verdict(ok),
        verdict(expected)
    );
}

/// Per operation kind: calls that succeeded and calls that were refused (printed at the end,
/// to show that the sequences reach deep states, not only refusals).
static OUTCOMES: Mutex<BTreeMap<String, (u64, u64)>> = Mutex::new(BTreeMap::new());

fn record(op: &Op, ok: bool) {
    if std::env::var("GP_TRACE").is_ok() {
        println!("{ok:5} {op:?}");
    }
    let name = format!("{op:?}");
    let name = name.split([' ', '{']).next().unwrap_or("").to_string();
    let mut outcomes = OUTCOMES.lock().unwrap();
    let entry = outcomes.entry(name).or_default();
    if ok {
        entry.0 += 1;
    } else {
        entry.1 += 1;
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "succeeded"
    } else {
        "refused"
    }
}

fn state_of(s: St, accounts: &[Addr]) -> HoldingState {
    match s {
        St::Available => HoldingState::Available,
        St::Listed(ex) => HoldingState::Listed {
            exchange: accounts[ex],
            price_fen: 100,
        },
        St::Retired(proof) => HoldingState::Retired { proof },
        St::Expired => HoldingState::Expired,
        St::Cancelled => HoldingState::Cancelled,
    }
}

fn check(condition: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(message())
    }
}

/// Every holding of a lot, by paging `holdings_of_lot` (a lot rarely has more than a page).
fn holdings_of_lot(gp: &GreenPowerClient<Chain>, lot: Id) -> Vec<Holding> {
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let (page, next) = gp.holdings_of_lot(lot, after, 100);
        all.extend(page);
        if next == 0 {
            return all;
        }
        after = next;
    }
}

/// The invariants after a step. Every check reads the contract through its views; a view's
/// answer depends on the contract's storage only (no view reads the clock), and the model
/// changes only when a call succeeds, which writes storage. So when the raw storage is byte
/// for byte what it was at the last full check, every check would give the same answers
/// again: the step is verified by that comparison alone (this is what makes thousands of
/// sequences affordable — most refused calls change nothing). Otherwise everything is
/// checked again, each record read once.
fn invariants(w: &World) -> Result<(), String> {
    let storage = w.chain.storage(&w.gp.address());
    if !w.checked.borrow().is_empty() && *w.checked.borrow() == storage {
        return Ok(());
    }
    check_everything(w)?;
    *w.checked.borrow_mut() = storage;
    Ok(())
}

fn check_everything(w: &World) -> Result<(), String> {
    let gp = &w.gp;
    let m = &w.model;
    let counters = gp.counters();

    // ---- The contract equals the model; each record is read once.
    check(counters.lots == m.lots.len() as u64, || {
        format!("{} lots, model {}", counters.lots, m.lots.len())
    })?;
    check(counters.holdings == m.holdings.len() as u64, || {
        format!("{} holdings, model {}", counters.holdings, m.holdings.len())
    })?;
    check(counters.readings == m.readings.len() as u64, || {
        "reading count".into()
    })?;
    check(counters.trades == m.trades.len() as u64, || {
        "trade count".into()
    })?;
    check(counters.proofs == m.proofs, || "proof count".into())?;
    check(counters.last_serial == m.last_serial, || {
        "last serial".into()
    })?;
    check(gp.is_paused() == m.paused, || "pause".into())?;
    let holdings: Vec<Holding> = (1..=counters.holdings)
        .map(|id| gp.holding(id).ok_or(format!("holding {id} missing")))
        .collect::<Result<_, _>>()?;
    for (mh, h) in m.holdings.iter().zip(&holdings) {
        let want = (
            mh.lot,
            w.accounts[mh.owner],
            mh.start,
            mh.count,
            state_of(mh.state, &w.accounts),
            mh.trades,
        );
        let have = (h.lot, h.owner, h.start, h.count, h.state, h.trades);
        check(have == want, || {
            format!("holding {} is {have:?}, model {want:?}", h.id)
        })?;
    }
    let lots: Vec<Lot> = (1..=counters.lots)
        .map(|id| gp.lot(id).ok_or(format!("lot {id} missing")))
        .collect::<Result<_, _>>()?;
    for (ml, lot) in m.lots.iter().zip(&lots) {
        let want = (
            ml.project as Id + 1,
            ml.month,
            ml.first,
            ml.count,
            ml.tradable,
            ml.expires_at,
            ml.status,
        );
        let have = (
            lot.project,
            lot.month,
            lot.first_serial,
            lot.count,
            lot.tradable,
            lot.expires_at,
            lot.status,
        );
        check(have == want, || {
            format!("lot {} is {have:?}, model {want:?}", lot.id)
        })?;
    }
    let readings: Vec<Reading> = (1..=counters.readings)
        .map(|id| gp.reading(id).ok_or(format!("reading {id} missing")))
        .collect::<Result<_, _>>()?;
    for (r, reading) in m.readings.iter().zip(&readings) {
        check(reading.status == r.3, || {
            format!(
                "reading {} is {:?}, model {:?}",
                reading.id, reading.status, r.3
            )
        })?;
    }
    let trades: Vec<GreenTrade> = (1..=counters.trades)
        .map(|id| gp.green_trade(id).ok_or(format!("trade {id} missing")))
        .collect::<Result<_, _>>()?;
    for (mt, t) in m.trades.iter().zip(&trades) {
        let want = (mt.settled, mt.gec, mt.remainder, mt.status);
        let have = (t.settled_kwh, t.gec_transferred, t.remainder_kwh, t.status);
        check(have == want, || {
            format!("trade {} is {have:?}, model {want:?}", t.id)
        })?;
    }

    // ---- §5.7 on the contract's own views.

    // 1. Energy conservation per project, carry below a certificate.
    for project in 1..=2u64 {
        let p = gp.project(project).unwrap();
        let mut issued_kwh = 0u128;
        let mut certificates_kwh = 0u128;
        for lot in lots.iter().filter(|l| l.project == project) {
            issued_kwh += gp.project_month(project, lot.month).unwrap().kwh as u128;
            certificates_kwh += lot.count as u128 * lot.kwh_per_gec as u128;
        }
        check(certificates_kwh + p.carry_kwh as u128 == issued_kwh, || {
            format!("project {project}: {certificates_kwh} kWh in certificates + {} carried ≠ {issued_kwh} verified and issued", p.carry_kwh)
        })?;
        check(p.carry_kwh < PER, || {
            format!("project {project} carries {}", p.carry_kwh)
        })?;
    }

    // 2. MWh conservation per lot; ranges disjoint and exactly the lot's range.
    // 3. Lots' ranges never overlap (they are consecutive in issuance order).
    let mut next_first = 1;
    for lot in &lots {
        check(lot.first_serial == next_first, || {
            format!(
                "lot {} starts at {}, expected {next_first}",
                lot.id, lot.first_serial
            )
        })?;
        next_first = lot.first_serial + lot.count;
        let mut cursor = lot.first_serial;
        for h in holdings_of_lot(gp, lot.id) {
            check(
                h.lot == lot.id
                    && h.start == cursor
                    && h.count > 0
                    && h == holdings[h.id as usize - 1],
                || {
                    format!(
                        "lot {}: holding {} covers [{}, +{}), expected to start at {cursor}",
                        lot.id, h.id, h.start, h.count
                    )
                },
            )?;
            cursor += h.count;
        }
        check(cursor == lot.first_serial + lot.count, || {
            format!(
                "lot {}: holdings cover up to {cursor}, the lot to {}",
                lot.id,
                lot.first_serial + lot.count
            )
        })?;
        let sum: u64 = holdings
            .iter()
            .filter(|h| h.lot == lot.id)
            .map(|h| h.count)
            .sum();
        check(sum == lot.count, || {
            format!(
                "lot {}: holdings sum to {sum}, lot has {}",
                lot.id, lot.count
            )
        })?;
    }
    check(next_first == counters.last_serial + 1, || {
        "serials beyond the lots".into()
    })?;

    // 4. One lot per project-month; one verified reading per project-month.
    let mut seen = BTreeSet::new();
    for lot in &lots {
        check(seen.insert((lot.project, lot.month)), || {
            format!("two lots for {:?}", (lot.project, lot.month))
        })?;
    }
    let mut verified = BTreeSet::new();
    for r in &readings {
        if r.status == ReadingStatus::Verified {
            check(verified.insert((r.project, r.month)), || {
                format!("two verified readings for {:?}", (r.project, r.month))
            })?;
        }
    }

    // 5. Terminal states never change (no double retirement, nothing moves afterwards): a
    //    holding is remembered the first time it is seen terminal and compared ever after.
    let mut terminal = w.terminal.borrow_mut();
    for h in &holdings {
        if let Some(before) = terminal.get(&h.id) {
            check(h == before, || {
                format!("terminal holding {} changed: {before:?} → {h:?}", h.id)
            })?;
        } else if matches!(
            h.state,
            HoldingState::Retired { .. } | HoldingState::Expired | HoldingState::Cancelled
        ) {
            terminal.insert(h.id, h.clone());
        }
    }

    // 6. Non-tradable lots never change owner; trades within the limit.
    for h in &holdings {
        let lot = &lots[h.lot as usize - 1];
        if !lot.tradable {
            let owner = w.accounts[m.owners[lot.project as usize - 1]];
            check(h.owner == owner && h.trades == 0, || {
                format!("non-tradable holding {} moved", h.id)
            })?;
        }
        check(
            h.trades <= m.max_trades_ever && h.trades as usize == h.custody.len(),
            || format!("holding {} traded {} times", h.id, h.trades),
        )?;
    }

    // 7. Each proof's MWh is the sum of its ranges; every retired range is in exactly one
    //    proof, and every range of a proof is a retired holding of that proof.
    let mut in_proofs = BTreeMap::new();
    for id in 1..=counters.proofs {
        let proof = gp.proof(id).unwrap();
        let sum: u64 = proof.ranges.iter().map(|r| r.2).sum();
        check(sum == proof.mwh, || {
            format!("proof {id}: ranges sum to {sum}, mwh {}", proof.mwh)
        })?;
        for &(holding, start, count) in &proof.ranges {
            check(in_proofs.insert(holding, id).is_none(), || {
                format!("holding {holding} in two proofs")
            })?;
            let h = &holdings[holding as usize - 1];
            check(
                h.state == HoldingState::Retired { proof: id }
                    && (h.start, h.count) == (start, count),
                || format!("proof {id} lists holding {holding} as ({start}, {count}), it is {h:?}"),
            )?;
        }
    }
    for h in &holdings {
        if let HoldingState::Retired { proof } = h.state {
            check(in_proofs.get(&h.id) == Some(&proof), || {
                format!("retired holding {} is in no proof", h.id)
            })?;
        }
    }

    // 8. Green trades: settled ≤ contract, certificates = Σ floor(monthly kWh / 1 000).
    for t in &trades {
        let id = t.id;
        check(t.settled_kwh <= t.contract_kwh, || {
            format!("trade {id} over-settled")
        })?;
        let (mut kwh, mut gec, mut remainder) = (0, 0, 0);
        for month in MONTHS {
            if let Some(s) = gp.settlement(id, month) {
                kwh += s.kwh;
                gec += s.gec;
                remainder += s.kwh % PER;
                check(s.gec == s.kwh / PER, || {
                    format!("trade {id} {month}: {} GECs for {} kWh", s.gec, s.kwh)
                })?;
            }
        }
        check(
            (kwh, gec, remainder) == (t.settled_kwh, t.gec_transferred, t.remainder_kwh),
            || format!("trade {id}: settlements ({kwh}, {gec}, {remainder}) vs trade {t:?}"),
        )?;
    }

    // Balances and per-owner indexes follow the holdings.
    let mut balances: BTreeMap<Addr, Balance> = BTreeMap::new();
    for h in &holdings {
        let b = balances.entry(h.owner).or_default();
        *match h.state.status() {
            HoldingStatus::Available => &mut b.available,
            HoldingStatus::Listed => &mut b.listed,
            HoldingStatus::Retired => &mut b.retired,
            HoldingStatus::Expired => &mut b.expired,
            HoldingStatus::Cancelled => &mut b.cancelled,
        } += h.count;
    }
    for account in &w.accounts {
        let want = balances.get(account).copied().unwrap_or_default();
        check(gp.balance(account) == want, || {
            format!("balance of {account:?}")
        })?;
        let expected: Vec<Id> = holdings
            .iter()
            .filter(|h| h.owner == *account && h.state == HoldingState::Available)
            .map(|h| h.id)
            .collect();
        let (page, _) = gp.holdings_of(account, &HoldingStatus::Available, 0, 100);
        let indexed: Vec<Id> = page.iter().map(|h| h.id).collect();
        check(indexed == expected, || {
            format!("available index of {account:?}: {indexed:?} vs {expected:?}")
        })?;
    }
    Ok(())
}

#[test]
fn the_registry_matches_its_model_and_keeps_every_invariant() {
    kexin_testkit::check_invariants!(setup, apply, invariants, op(), cases = 160, max_steps = 40);
    for (op, (ok, refused)) in OUTCOMES.lock().unwrap().iter() {
        println!("{op:14} {ok:6} succeeded {refused:6} refused");
    }
}
