//! The world most tests start from: a deployed registry with every role granted, one wind
//! project, and helpers that issue lots and move certificates through the right accounts.

#![allow(dead_code)]

use std::cell::Cell;
use std::fmt::Debug;

use green_power::{
    calendar, Config, Energy, GreenPowerClient, GreenPowerError, Holding, Purpose, ReadingSource,
    Role,
};
use kexin::client::CallError;
use kexin::{Addr, Hash32, Id};
use kexin_testkit::Chain;
use sm3::Digest;

/// Start of February 2024, Beijing time: January is complete.
pub const FEB_2024: u64 = 1_706_716_800;

/// SM3 of a label: a stand-in document digest.
pub fn sm3(label: &str) -> Hash32 {
    sm3::Sm3::digest(label.as_bytes()).into()
}

/// The block time at which `month` (YYYYMM) is complete.
pub fn end_of(month: u32) -> u64 {
    let (y, m) = calendar::parse(month).expect("a valid month");
    calendar::start_of(y, m, 1)
}

/// The expiry of a lot of `month` under a validity of `months`.
pub fn expiry_of(month: u32, months: u64) -> u64 {
    let (y, m) = calendar::parse(month).expect("a valid month");
    calendar::start_of(y, m, 1 + months)
}

/// The contract error of a failed call; panics if the call succeeded or failed otherwise.
pub fn err<T: Debug>(result: Result<T, CallError<GreenPowerError>>) -> GreenPowerError {
    match result {
        Err(CallError::Contract(e)) => e,
        other => panic!("expected a contract error, got {other:?}"),
    }
}

pub struct World {
    pub chain: Chain,
    pub gp: GreenPowerClient<Chain>,
    pub admin: Addr,
    pub authority: Addr,
    pub provider: Addr,
    pub exchange: Addr,
    pub exchange2: Addr,
    pub regulator: Addr,
    pub auditor: Addr,
    pub generator: Addr,
    pub consumer: Addr,
    pub consumer2: Addr,
    pub stranger: Addr,
    /// The wind project of `generator`.
    pub project: Id,
    next: Cell<u32>,
}

pub fn world() -> World {
    world_with(Config::GEC_2024)
}

pub fn world_with(config: Config) -> World {
    let chain = Chain::new();
    let admin = chain.account("admin");
    let authority = chain.account("nea");
    let provider = chain.account("state-grid");
    let exchange = chain.account("gec-platform");
    let exchange2 = chain.account("beijing-exchange");
    let regulator = chain.account("regulator");
    let auditor = chain.account("auditor");
    let generator = chain.account("wind-farm");
    let consumer = chain.account("steel-mill");
    let consumer2 = chain.account("data-centre");
    let stranger = chain.account("stranger");
    let gp = GreenPowerClient::deploy(&chain, &admin, &config);
    for (role, who) in [
        (Role::IssuingAuthority, authority),
        (Role::DataProvider, provider),
        (Role::Exchange, exchange),
        (Role::Exchange, exchange2),
        (Role::Regulator, regulator),
        (Role::Auditor, auditor),
    ] {
        gp.grant_role(&role, &who);
    }
    let project = gp.by(&authority).register_project(
        &"W1507830200100017".into(),
        &generator,
        &Energy::Wind,
        1_000_000,
        true,
    );
    World {
        chain,
        gp,
        admin,
        authority,
        provider,
        exchange,
        exchange2,
        regulator,
        auditor,
        generator,
        consumer,
        consumer2,
        stranger,
        project,
        next: Cell::new(0),
    }
}

impl World {
    /// A fresh, unique, non-zero digest.
    pub fn fresh(&self) -> Hash32 {
        let n = self.next.get() + 1;
        self.next.set(n);
        sm3(&format!("document-{n}"))
    }

    /// A fresh, unique request id.
    pub fn req(&self) -> String {
        let n = self.next.get() + 1;
        self.next.set(n);
        format!("REQ-{n}")
    }

    /// Moves the chain to `time` (never backwards).
    pub fn at(&self, time: u64) {
        let block = self.chain.block();
        if time > block.time {
            self.chain.set_block(block.height + 1, time);
        }
    }

    /// Moves the chain to exactly `time`, even backwards (boundary tests).
    pub fn set_time(&self, time: u64) {
        let block = self.chain.block();
        self.chain.set_block(block.height + 1, time);
    }

    /// A verified reading of `kwh` for the project-month (time moved past the month).
    pub fn verified(&self, project: Id, month: u32, kwh: u64) -> Id {
        self.at(end_of(month));
        let reading = self.gp.by(&self.provider).submit_reading(
            project,
            month,
            kwh,
            &ReadingSource::Grid,
            &self.fresh(),
        );
        self.gp.by(&self.authority).verify_reading(reading);
        reading
    }

    /// Issues the lot of the wind project for `month` from `kwh`; returns the lot and its
    /// holding (0 if no certificate was issued).
    pub fn issue(&self, month: u32, kwh: u64, tradable: bool) -> (Id, Id) {
        self.issue_for(self.project, month, kwh, tradable)
    }

    pub fn issue_for(&self, project: Id, month: u32, kwh: u64, tradable: bool) -> (Id, Id) {
        self.verified(project, month, kwh);
        let lot = self
            .gp
            .by(&self.authority)
            .issue_lot(project, month, tradable);
        let (holdings, _) = self.gp.holdings_of_lot(lot, 0, 1);
        (lot, holdings.first().map_or(0, |h| h.id))
    }

    /// Transfers through the exchange; returns the receiving holding.
    pub fn give(&self, holding: Id, to: &Addr, count: u64) -> Id {
        self.gp
            .by(&self.exchange)
            .transfer(holding, to, count, &self.fresh())
    }

    pub fn holding(&self, id: Id) -> Holding {
        self.gp.holding(id).expect("the holding exists")
    }

    /// Retires certificates of `holder`; returns the proof.
    pub fn retire(&self, holder: &Addr, holdings: &[Id], counts: &[u64], period: (u32, u32)) -> Id {
        let request = self.req();
        self.gp.by(holder).retire(
            &holdings.to_vec(),
            &counts.to_vec(),
            &sm3("beneficiary"),
            &Purpose::ConsumptionClaim,
            &period,
            &request,
        )
    }

    /// Raw contract state: to prove a failed call left no trace.
    pub fn storage(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.chain.storage(&self.gp.address())
    }
}
