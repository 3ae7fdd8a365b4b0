//! Green-power certificates (绿证, GEC) and green-power traceability (绿电溯源).
//!
//! Certificates are stored as **serial-number ranges**, never one record per MWh: a lot is
//! issued for a project-month from a verified meter reading (1 certificate per
//! `kwh_per_gec` kWh, the remainder carried to the next issuance) as one holding
//! `[first_serial, first_serial + count)`; a transfer, listing or retirement of part of a
//! holding splits it, the first certificates going to the new holding. Exchanges move
//! certificates (there is no peer-to-peer transfer), at most `max_trades` times per
//! certificate; nothing moves after the lot expires or while it is frozen. A retirement
//! produces a consumption proof whose QR check value `verify_proof` resolves to the chain of
//! custody: reading → lot → trades → retirement.
//!
//! The specification is `shared/specs/05-green-power.md`; `README.md` lists where this
//! contract differs from it. Every failure reverts the whole call through [`fail`].

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

pub mod calendar;
mod events;
mod types;

use alloc::string::String;
use alloc::vec::Vec;

use kexin::prelude::*;

pub use events::*;
pub use types::*;

use GreenPowerError::*;

/// Ends the call with `error`, undoing all its effects.
#[cold]
#[inline(never)]
pub fn fail(error: GreenPowerError) -> ! {
    kexin::error::revert(&error)
}

/// Runs `$fail` (a diverging call such as [`invalid`]) unless the condition holds.
macro_rules! check {
    ($condition:expr, $fail:expr) => {
        if !$condition {
            $fail
        }
    };
}

// One small out-of-line function per common error: a failing check costs a constant and a
// call instead of building the error value at every site.

#[cold]
#[inline(never)]
fn invalid(field: Field) -> ! {
    fail(InvalidInput { field })
}

#[cold]
#[inline(never)]
fn missing(what: Record) -> ! {
    fail(NotFound { what })
}

#[cold]
#[inline(never)]
fn duplicate(what: Unique) -> ! {
    fail(Duplicate { what })
}

#[cold]
#[inline(never)]
fn bad_state(from: Status, action: Action) -> ! {
    fail(InvalidState { from, action })
}

#[cold]
#[inline(never)]
fn unauthorized() -> ! {
    fail(Unauthorized)
}

#[cold]
#[inline(never)]
fn overflow() -> ! {
    fail(Overflow)
}

fn nonzero(hash: &Hash32) {
    check!(*hash != [0; 32], invalid(Field::Hash));
}

fn nonzero_addr(addr: &Addr) {
    check!(!addr.is_zero(), invalid(Field::Account));
}

/// `(year, month)` of a valid `YYYYMM`.
fn month_parts(month: u32) -> (u64, u64) {
    calendar::parse(month).unwrap_or_else(|| invalid(Field::Month))
}

/// Fails unless `ids` has 1 to `MAX_BATCH` entries, all different.
fn batch(ids: &[Id]) {
    check!(!ids.is_empty(), invalid(Field::Batch));
    check!(
        ids.len() <= MAX_BATCH,
        fail(LimitExceeded {
            param: Limit::Batch,
            limit: MAX_BATCH as u64
        })
    );
    for (i, id) in ids.iter().enumerate() {
        check!(!ids[..i].contains(id), duplicate(Unique::BatchEntry));
    }
}

fn valid_config(c: &Config) -> bool {
    c.kwh_per_gec >= 1
        && (1..=MAX_VALIDITY_MONTHS).contains(&c.validity_months)
        && (1..=MAX_TRADES_CAP).contains(&c.max_trades)
        && (1..=MAX_HOURS_PER_MONTH).contains(&c.max_hours_per_month)
}

/// `a + b`, or the call fails with `Overflow`.
#[inline(never)]
fn add(a: u64, b: u64) -> u64 {
    a.checked_add(b).unwrap_or_else(|| overflow())
}

/// `a - b`, or the call fails with `Overflow` (never happens while the invariants hold).
#[inline(never)]
fn sub(a: u64, b: u64) -> u64 {
    a.checked_sub(b).unwrap_or_else(|| overflow())
}

/// What a production month's statistics count.
#[derive(Clone, Copy)]
enum Tally {
    Issued,
    Traded,
    Retired,
    Expired,
    Cancelled,
}

fn slot(balance: &mut Balance, status: HoldingStatus) -> &mut u64 {
    match status {
        HoldingStatus::Available => &mut balance.available,
        HoldingStatus::Listed => &mut balance.listed,
        HoldingStatus::Retired => &mut balance.retired,
        HoldingStatus::Expired => &mut balance.expired,
        HoldingStatus::Cancelled => &mut balance.cancelled,
    }
}

/// The kinds of record with an id sequence, and the serial counter: the keys of `last_ids`.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// Projects.
    Project,
    /// Readings.
    Reading,
    /// Lots.
    Lot,
    /// Holdings.
    Holding,
    /// Green-power trades.
    Trade,
    /// Proofs.
    Proof,
    /// The last serial issued.
    Serial,
}

/// How many records of each kind exist (ids run from 1 to these), and the last serial.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counters {
    /// Projects.
    pub projects: u64,
    /// Readings.
    pub readings: u64,
    /// Lots.
    pub lots: u64,
    /// Holdings.
    pub holdings: u64,
    /// Green-power trades.
    pub trades: u64,
    /// Proofs.
    pub proofs: u64,
    /// The last serial issued (0 before the first certificate).
    pub last_serial: u64,
}

/// The certificate registry's state.
#[contract]
pub struct GreenPower {
    admin: Owner,
    roles: Roles<Role>,
    pause: Pause,
    config: Item<Config>,
    /// The storage layout's version ([`SCHEMA_VERSION`] when deployed).
    schema_version: Item<u32>,
    /// Record kind → the last id handed out; `Serial` → the last serial issued.
    last_ids: Map<Counter, u64>,
    projects: Map<Id, Project>,
    project_by_code: Map<String, Id>,
    readings: Map<Id, Reading>,
    /// Source-data hash → reading: the same data is never submitted twice.
    reading_by_data: Map<Hash32, Id>,
    /// (project, month) → its verified reading and issuance.
    project_months: Map<(Id, u32), ProjectMonth>,
    lots: Map<Id, Lot>,
    /// (project, lot) → (): the lots of a project.
    lots_of_project: Map<(Id, Id), ()>,
    /// Lot → certificates retired (absent when 0).
    lot_retired: Map<Id, u64>,
    holdings: Map<Id, Holding>,
    /// ((owner, status), holding) → (): holdings by owner and status.
    holdings_by_owner: Map<((Addr, HoldingStatus), Id), ()>,
    /// Last serial of a holding's range → holding. Ranges are disjoint, so the first key at
    /// or after a serial names the holding containing it: one ordered lookup.
    serials: Map<u64, Id>,
    balances: Map<Addr, Balance>,
    /// (trade reference, source holding) → receiving holding: a settlement moves a
    /// holding's certificates once.
    transfer_refs: Map<(Hash32, Id), Id>,
    trades: Map<Id, GreenTrade>,
    trade_by_contract: Map<Hash32, Id>,
    /// (trade, month) → its settlement.
    settlements: Map<(Id, u32), Settlement>,
    proofs: Map<Id, Proof>,
    /// (caller, request id) → the record the request created (a proof for `retire`, the
    /// listed holding for `list`): a request is carried out once.
    requests: Map<(Addr, String), Id>,
    /// Production month → certificates issued, traded, retired, expired, cancelled.
    stats: Map<u32, MonthStats>,
}

#[contract]
impl GreenPower {
    /// Makes the deployer the admin (super-admin) and sets the rules; both are announced as
    /// events (`previous` the zero address, `old` equal to `new`) so that indexers need no
    /// constructor arguments.
    #[init]
    pub fn new(&mut self, config: Config) -> Result<(), GreenPowerError> {
        check!(valid_config(&config), invalid(Field::Config));
        let admin = env::caller();
        self.admin.set(&admin);
        self.config.set(&config);
        self.schema_version.set(&SCHEMA_VERSION);
        env::emit(&AdminChanged {
            previous: Addr::ZERO,
            admin,
        });
        env::emit(&ConfigChanged {
            old: config,
            new: config,
        });
        Ok(())
    }

    // ---------------------------------------------------------------- administration

    /// Grants a role. Admin only.
    pub fn grant_role(&mut self, role: Role, account: Addr) -> Result<(), GreenPowerError> {
        self.only_admin();
        nonzero_addr(&account);
        check!(self.roles.grant(&role, &account), duplicate(Unique::Role));
        env::emit(&RoleGranted { role, account });
        Ok(())
    }

    /// Revokes a role. Admin only.
    pub fn revoke_role(&mut self, role: Role, account: Addr) -> Result<(), GreenPowerError> {
        self.only_admin();
        check!(self.roles.revoke(&role, &account), missing(Record::Role));
        env::emit(&RoleRevoked { role, account });
        Ok(())
    }

    /// Proposes a new admin, who takes over by calling `accept_admin`. Admin only.
    pub fn propose_admin(&mut self, proposed: Addr) -> Result<(), GreenPowerError> {
        let admin = self.only_admin();
        nonzero_addr(&proposed);
        self.admin.propose(&proposed);
        env::emit(&AdminProposed { admin, proposed });
        Ok(())
    }

    /// Completes an admin handover. The proposed admin only.
    pub fn accept_admin(&mut self) -> Result<(), GreenPowerError> {
        let previous = self.admin();
        let caller = env::caller();
        check!(self.admin.accept(&caller), unauthorized());
        env::emit(&AdminChanged {
            previous,
            admin: caller,
        });
        Ok(())
    }

    /// Stops every state-changing call except role management, freezing and unfreezing.
    /// Admin or regulator.
    pub fn pause(&mut self) -> Result<(), GreenPowerError> {
        let by = self.admin_or_regulator();
        check!(self.pause.pause(), bad_state(Status::Paused, Action::Pause));
        env::emit(&ContractPaused { by });
        Ok(())
    }

    /// Resumes normal operation. Admin or regulator.
    pub fn unpause(&mut self) -> Result<(), GreenPowerError> {
        let by = self.admin_or_regulator();
        check!(
            self.pause.unpause(),
            bad_state(Status::Running, Action::Unpause)
        );
        env::emit(&ContractUnpaused { by });
        Ok(())
    }

    /// Changes the rules; lots already issued keep their validity and kWh per certificate.
    /// Issuing authority only.
    pub fn set_config(&mut self, config: Config) -> Result<(), GreenPowerError> {
        self.running();
        self.caller_with(Role::IssuingAuthority);
        check!(valid_config(&config), invalid(Field::Config));
        let old = self.config();
        self.config.set(&config);
        env::emit(&ConfigChanged { old, new: config });
        Ok(())
    }

    // ---------------------------------------------------------------- projects and readings

    /// Registers a project (建档立卡) for `owner`, the generator. Issuing authority only.
    pub fn register_project(
        &mut self,
        reg_code: String,
        owner: Addr,
        energy: Energy,
        capacity_kw: u64,
        storage_metered: bool,
    ) -> Result<Id, GreenPowerError> {
        self.running();
        self.caller_with(Role::IssuingAuthority);
        check!(
            reg_code.len() == REG_CODE_LEN
                && reg_code
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()),
            invalid(Field::RegCode)
        );
        nonzero_addr(&owner);
        check!(energy != Energy::Storage, invalid(Field::Energy));
        check!(capacity_kw > 0, invalid(Field::Capacity));
        check!(
            !self.project_by_code.contains(&reg_code),
            duplicate(Unique::RegCode)
        );
        let id = self.next_id(Counter::Project);
        self.project_by_code.set(&reg_code, &id);
        let event = ProjectRegistered {
            project: Project {
                id,
                reg_code,
                owner,
                energy,
                capacity_kw,
                storage_separately_metered: storage_metered,
                status: ProjectStatus::Active,
                carry_kwh: 0,
            },
        };
        self.projects.set(&id, &event.project);
        env::emit(&event);
        Ok(id)
    }

    /// Suspends or reactivates a project. Issuing authority only.
    pub fn set_project_status(
        &mut self,
        project: Id,
        status: ProjectStatus,
    ) -> Result<(), GreenPowerError> {
        self.running();
        self.caller_with(Role::IssuingAuthority);
        let mut p = self.get_project(project);
        // Active → Suspended → Active; setting the current status again is refused.
        let from = match p.status {
            ProjectStatus::Active => Status::Active,
            ProjectStatus::Suspended => Status::Suspended,
        };
        check!(
            p.status != status,
            bad_state(from, Action::SetProjectStatus)
        );
        env::emit(&ProjectStatusChanged {
            project,
            from: p.status,
            to: status,
        });
        p.status = status;
        self.projects.set(&project, &p);
        Ok(())
    }

    /// Submits a complete month's kWh of an active project. Data providers submit grid or
    /// exchange data; the project's owner may self-report (flagged `SelfReported`).
    pub fn submit_reading(
        &mut self,
        project: Id,
        month: u32,
        kwh: u64,
        source: ReadingSource,
        data_sm3: Hash32,
    ) -> Result<Id, GreenPowerError> {
        self.running();
        let provider = env::caller();
        let self_reported = source == ReadingSource::SelfReported;
        if !self_reported {
            self.caller_with(Role::DataProvider);
        }
        let p = self.get_project(project);
        check!(!self_reported || provider == p.owner, unauthorized());
        check!(
            p.status == ProjectStatus::Active,
            bad_state(Status::Suspended, Action::SubmitReading)
        );
        let (y, m) = month_parts(month);
        let complete_at = calendar::start_of(y, m, 1);
        check!(
            env::block_time() >= complete_at,
            fail(DeadlineNotReached { at: complete_at })
        );
        nonzero(&data_sm3);
        check!(
            !self.reading_by_data.contains(&data_sm3),
            duplicate(Unique::ReadingData)
        );
        check!(
            !self.project_months.contains(&(project, month)),
            duplicate(Unique::VerifiedReading)
        );
        let cap = p
            .capacity_kw
            .saturating_mul(self.config().max_hours_per_month as u64);
        check!(
            kwh <= cap,
            fail(LimitExceeded {
                param: Limit::Plausibility,
                limit: cap
            })
        );
        let id = self.next_id(Counter::Reading);
        self.reading_by_data.set(&data_sm3, &id);
        let event = ReadingSubmitted {
            reading: Reading {
                id,
                project,
                month,
                kwh,
                source,
                data_sm3,
                provider,
                status: ReadingStatus::Submitted,
            },
        };
        self.readings.set(&id, &event.reading);
        env::emit(&event);
        Ok(id)
    }

    /// Verifies a submitted reading: it becomes the project-month's basis for issuance.
    /// Issuing authority only; one verified reading per project-month.
    pub fn verify_reading(&mut self, reading: Id) -> Result<(), GreenPowerError> {
        self.running();
        self.caller_with(Role::IssuingAuthority);
        let mut r = self.submitted_reading(reading, Action::Verify);
        let key = (r.project, r.month);
        check!(
            !self.project_months.contains(&key),
            duplicate(Unique::VerifiedReading)
        );
        r.status = ReadingStatus::Verified;
        self.readings.set(&reading, &r);
        self.project_months.set(
            &key,
            &ProjectMonth {
                reading,
                kwh: r.kwh,
                ..ProjectMonth::default()
            },
        );
        env::emit(&ReadingVerified {
            reading,
            project: r.project,
            month: r.month,
            kwh: r.kwh,
        });
        Ok(())
    }

    /// Rejects a submitted reading (异议处理); a corrected one may be submitted. Issuing
    /// authority only.
    pub fn dispute_reading(
        &mut self,
        reading: Id,
        reason_sm3: Hash32,
    ) -> Result<(), GreenPowerError> {
        self.running();
        self.caller_with(Role::IssuingAuthority);
        let mut r = self.submitted_reading(reading, Action::Dispute);
        nonzero(&reason_sm3);
        r.status = ReadingStatus::Disputed;
        self.readings.set(&reading, &r);
        env::emit(&ReadingDisputed {
            reading,
            reason_sm3,
        });
        Ok(())
    }

    // ---------------------------------------------------------------- issuance

    /// Issues the lot of a project-month from its verified reading:
    /// `count = (kwh + carry) / kwh_per_gec`, the rest carried to the next issuance. The
    /// certificates (if any) form one holding of the project's owner. Issuing authority only.
    pub fn issue_lot(
        &mut self,
        project: Id,
        month: u32,
        tradable: bool,
    ) -> Result<Id, GreenPowerError> {
        self.running();
        self.caller_with(Role::IssuingAuthority);
        let mut p = self.get_project(project);
        let key = (project, month);
        let mut pm = self
            .project_months
            .get(&key)
            .unwrap_or_else(|| missing(Record::VerifiedReading));
        check!(pm.lot == 0, duplicate(Unique::Lot));
        let cfg = self.config();
        let carry_in = p.carry_kwh;
        let total = pm.kwh.checked_add(carry_in).unwrap_or_else(|| overflow());
        // `max(1)`: the configuration has `kwh_per_gec ≥ 1`; this spares a division check.
        let per = cfg.kwh_per_gec.max(1);
        let (count, carry_out) = (total / per, total % per);
        check!(
            count <= MAX_LOT_GECS,
            fail(LimitExceeded {
                param: Limit::LotSize,
                limit: MAX_LOT_GECS
            })
        );
        let last = self.last_ids.get_or_default(&Counter::Serial);
        let first = last.checked_add(1).unwrap_or_else(|| overflow());
        let new_last = last.checked_add(count).unwrap_or_else(|| overflow());
        let (y, m) = month_parts(month);
        let expires_at = calendar::start_of(y, m, cfg.validity_months as u64 + 1);

        let id = self.next_id(Counter::Lot);
        let lot = Lot {
            id,
            project,
            month,
            first_serial: first,
            count,
            tradable,
            kwh_per_gec: cfg.kwh_per_gec,
            issued_at: env::block_time(),
            expires_at,
            status: LotStatus::Valid,
        };
        self.lots.set(&id, &lot);
        self.lots_of_project.set(&(project, id), &());
        pm.carry_in = carry_in;
        pm.carry_out = carry_out;
        pm.lot = id;
        self.project_months.set(&key, &pm);
        self.last_ids.set(&Counter::Serial, &new_last);
        p.carry_kwh = carry_out;
        self.projects.set(&project, &p);
        let mut holding = 0;
        if count > 0 {
            holding = self.next_id(Counter::Holding);
            let h = Holding {
                id: holding,
                lot: id,
                owner: p.owner,
                start: first,
                count,
                state: HoldingState::Available,
                trades: 0,
                custody: Vec::new(),
            };
            self.holdings.set(&holding, &h);
            self.serials.set(&new_last, &holding);
            self.holdings_by_owner
                .set(&((p.owner, HoldingStatus::Available), holding), &());
            let mut b = self.balances.get_or_default(&p.owner);
            b.available = add(b.available, count);
            self.balances.set(&p.owner, &b);
        }
        self.count(month, Tally::Issued, count);
        env::emit(&LotIssued {
            lot,
            carry_kwh: carry_out,
            holding,
            owner: p.owner,
        });
        Ok(id)
    }

    // ---------------------------------------------------------------- trading

    /// Moves `count` certificates of an available holding to `to`, settling a trade of the
    /// calling exchange (`ref_sm3`: its settlement record). Exchanges only: there is no
    /// peer-to-peer transfer. Returns the receiving holding.
    pub fn transfer(
        &mut self,
        holding: Id,
        to: Addr,
        count: u64,
        ref_sm3: Hash32,
    ) -> Result<Id, GreenPowerError> {
        self.running();
        self.caller_with(Role::Exchange);
        nonzero(&ref_sm3);
        let h = self.get_holding(holding);
        self.expect_state(&h, HoldingStatus::Available, Action::Transfer);
        let lot = self.tradable_lot(&h, count, Action::Transfer);
        Ok(self.move_to(h, &lot, to, count, ref_sm3, 0, 0))
    }

    /// Offers `count` certificates of the caller's available holding on `exchange` at
    /// `price_fen` per certificate (挂牌). The holder only; `request_id` is unique per holder
    /// (shared with `retire`). Returns the listed holding, which is the listing's id.
    pub fn list(
        &mut self,
        holding: Id,
        count: u64,
        price_fen: Fen,
        exchange: Addr,
        request_id: String,
    ) -> Result<Id, GreenPowerError> {
        self.running();
        let seller = env::caller();
        let h = self.get_holding(holding);
        check!(h.owner == seller, unauthorized());
        let request = self.new_request(seller, request_id);
        check!(
            self.roles.has(&Role::Exchange, &exchange),
            invalid(Field::Exchange)
        );
        check!(price_fen > 0, invalid(Field::Price));
        self.expect_state(&h, HoldingStatus::Available, Action::List);
        self.tradable_lot(&h, count, Action::List);
        let start = h.start;
        let state = HoldingState::Listed {
            exchange,
            price_fen,
        };
        let listed = self.carve(h, count, seller, state, None);
        self.requests.set(&request, &listed);
        env::emit(&GecListed {
            source: holding,
            holding: listed,
            seller,
            exchange,
            start,
            count,
            price_fen,
            request_id: request.1,
        });
        Ok(listed)
    }

    /// Withdraws a listing; its certificates become available again. The seller or the
    /// listing's exchange.
    pub fn delist(&mut self, listing: Id) -> Result<(), GreenPowerError> {
        self.running();
        let by = env::caller();
        let (h, exchange) = self.get_listing(listing, Action::Delist);
        check!(by == h.owner || by == exchange, unauthorized());
        let (count, owner) = (h.count, h.owner);
        self.carve(h, count, owner, HoldingState::Available, None);
        env::emit(&GecDelisted {
            holding: listing,
            by,
        });
        Ok(())
    }

    /// Fills `count` certificates of a listing for `buyer`; what is left stays listed. The
    /// listing's exchange only. Returns the buyer's holding.
    pub fn settle_listing(
        &mut self,
        listing: Id,
        buyer: Addr,
        count: u64,
        ref_sm3: Hash32,
    ) -> Result<Id, GreenPowerError> {
        self.running();
        let caller = self.caller_with(Role::Exchange);
        let (h, exchange) = self.get_listing(listing, Action::SettleListing);
        check!(caller == exchange, unauthorized());
        nonzero(&ref_sm3);
        let lot = self.tradable_lot(&h, count, Action::SettleListing);
        Ok(self.move_to(h, &lot, buyer, count, ref_sm3, 0, listing))
    }

    /// Records a green-power trade (绿电交易) of `project`'s energy from its owner to
    /// `consumer` over `period`. Exchanges only; `contract_sm3` is unique.
    #[allow(clippy::too_many_arguments)]
    pub fn record_green_trade(
        &mut self,
        generator: Addr,
        consumer: Addr,
        project: Id,
        period: (u32, u32),
        contract_kwh: u64,
        path_sm3: Hash32,
        contract_sm3: Hash32,
    ) -> Result<Id, GreenPowerError> {
        self.running();
        let exchange = self.caller_with(Role::Exchange);
        let p = self.get_project(project);
        check!(p.owner == generator, invalid(Field::Generator));
        check!(
            !consumer.is_zero() && consumer != generator,
            invalid(Field::Consumer)
        );
        check!(calendar::valid_period(period), invalid(Field::Period));
        check!(contract_kwh > 0, invalid(Field::Kwh));
        nonzero(&path_sm3);
        nonzero(&contract_sm3);
        check!(
            !self.trade_by_contract.contains(&contract_sm3),
            duplicate(Unique::TradeContract)
        );
        let id = self.next_id(Counter::Trade);
        self.trade_by_contract.set(&contract_sm3, &id);
        let event = GreenTradeRecorded {
            trade: GreenTrade {
                id,
                exchange,
                generator,
                consumer,
                project,
                period,
                contract_kwh,
                settled_kwh: 0,
                settlement_sm3: [0; 32],
                path_sm3,
                contract_sm3,
                gec_transferred: 0,
                remainder_kwh: 0,
                status: TradeStatus::Open,
            },
        };
        self.trades.set(&id, &event.trade);
        env::emit(&event);
        Ok(id)
    }

    /// Settles one month of a green-power trade (证电合一): `settled_kwh / kwh_per_gec`
    /// certificates of `holding` (the generator's, of the trade's project and this month) go
    /// to the consumer; the remainder is tracked on the trade. `holding` is ignored when no
    /// whole certificate is due. The trade's exchange only; once per month.
    pub fn settle_green_trade(
        &mut self,
        trade: Id,
        month: u32,
        settled_kwh: u64,
        settlement_sm3: Hash32,
        holding: Id,
    ) -> Result<u64, GreenPowerError> {
        self.running();
        let exchange = self.caller_with(Role::Exchange);
        let mut t = self
            .trades
            .get(&trade)
            .unwrap_or_else(|| missing(Record::Trade));
        check!(t.exchange == exchange, unauthorized());
        check!(
            t.status != TradeStatus::Closed,
            bad_state(Status::Closed, Action::Settle)
        );
        month_parts(month);
        check!(
            t.period.0 <= month && month <= t.period.1,
            invalid(Field::Month)
        );
        check!(settled_kwh > 0, invalid(Field::Kwh));
        nonzero(&settlement_sm3);
        let key = (trade, month);
        check!(
            !self.settlements.contains(&key),
            duplicate(Unique::Settlement)
        );
        let left = sub(t.contract_kwh, t.settled_kwh);
        check!(
            settled_kwh <= left,
            fail(Insufficient {
                what: Quantity::ContractKwh,
                have: left,
                need: settled_kwh
            })
        );
        let per = self.config().kwh_per_gec.max(1);
        let (gec, remainder) = (settled_kwh / per, settled_kwh % per);
        let mut received = 0;
        if gec > 0 {
            let h = self.get_holding(holding);
            let lot = self.get_lot(h.lot);
            check!(
                h.owner == t.generator && lot.project == t.project && lot.month == month,
                invalid(Field::Holding)
            );
            self.expect_state(&h, HoldingStatus::Available, Action::Transfer);
            let lot = self.tradable_lot(&h, gec, Action::Transfer);
            received = self.move_to(h, &lot, t.consumer, gec, settlement_sm3, trade, 0);
        }
        t.settled_kwh = add(t.settled_kwh, settled_kwh);
        t.gec_transferred = add(t.gec_transferred, gec);
        t.remainder_kwh = add(t.remainder_kwh, remainder);
        t.settlement_sm3 = settlement_sm3;
        t.status = TradeStatus::Settled;
        self.trades.set(&trade, &t);
        self.settlements.set(
            &key,
            &Settlement {
                kwh: settled_kwh,
                gec,
                holding: received,
            },
        );
        env::emit(&GreenTradeSettled {
            trade,
            month,
            kwh: settled_kwh,
            gec,
            remainder_kwh: remainder,
            settlement_sm3,
        });
        Ok(gec)
    }

    /// Closes a green-power trade: no further settlement. The trade's exchange only.
    pub fn close_green_trade(&mut self, trade: Id) -> Result<(), GreenPowerError> {
        self.running();
        let exchange = self.caller_with(Role::Exchange);
        let mut t = self
            .trades
            .get(&trade)
            .unwrap_or_else(|| missing(Record::Trade));
        check!(t.exchange == exchange, unauthorized());
        check!(
            t.status != TradeStatus::Closed,
            bad_state(Status::Closed, Action::Close)
        );
        env::emit(&GreenTradeClosed {
            trade,
            from: t.status,
        });
        t.status = TradeStatus::Closed;
        self.trades.set(&trade, &t);
        Ok(())
    }

    // ---------------------------------------------------------------- retirement

    /// Retires `counts[i]` certificates of each of the caller's `holdings[i]` (核销) for the
    /// beneficiary committed to, and issues the consumption proof. All or nothing; at most
    /// `MAX_BATCH` holdings, each once; `request_id` is unique per holder.
    pub fn retire(
        &mut self,
        holdings: Vec<Id>,
        counts: Vec<u64>,
        beneficiary_commit: Hash32,
        purpose: Purpose,
        period: (u32, u32),
        request_id: String,
    ) -> Result<Id, GreenPowerError> {
        self.running();
        let holder = env::caller();
        check!(holdings.len() == counts.len(), invalid(Field::Batch));
        batch(&holdings);
        let request = self.new_request(holder, request_id);
        nonzero(&beneficiary_commit);
        check!(calendar::valid_period(period), invalid(Field::Period));
        let rule = self.config().period_rule;
        let proof = self.next_id(Counter::Proof);
        let mut mwh: u64 = 0;
        let mut ranges = Vec::new();
        let mut trades: Vec<Id> = Vec::new();
        for (&id, &count) in holdings.iter().zip(counts.iter()) {
            let h = self.get_holding(id);
            check!(h.owner == holder, unauthorized());
            self.expect_state(&h, HoldingStatus::Available, Action::Retire);
            let lot = self.usable_lot(&h, count, Action::Retire);
            check!(
                rule == PeriodRule::Any || (period.0 <= lot.month && lot.month <= period.1),
                invalid(Field::Period)
            );
            for m in &h.custody {
                if m.trade != 0 && !trades.contains(&m.trade) {
                    trades.push(m.trade);
                }
            }
            let start = h.start;
            let retired = self.carve(h, count, holder, HoldingState::Retired { proof }, None);
            mwh = add(mwh, count);
            ranges.push((retired, start, count));
            let done = add(self.lot_retired.get_or_default(&lot.id), count);
            self.lot_retired.set(&lot.id, &done);
            self.count(lot.month, Tally::Retired, count);
            env::emit(&GecRetired {
                holder,
                source: id,
                holding: retired,
                lot: lot.id,
                start,
                count,
                proof,
            });
        }
        self.requests.set(&request, &proof);
        let mut event = ProofIssued {
            proof: Proof {
                id: proof,
                holder,
                beneficiary_commit,
                mwh,
                ranges,
                purpose,
                consumption_period: period,
                trades,
                issued_at: env::block_time(),
                request_id: request.1,
                qr_sm3: [0; 32],
            },
        };
        // The QR check value: SM3(contract address ‖ the proof encoded with `qr_sm3` zero).
        let qr = qr_of(&env::contract_address(), &event.proof);
        event.proof.qr_sm3 = qr;
        self.proofs.set(&proof, &event.proof);
        env::emit(&event);
        Ok(proof)
    }

    /// Marks available or listed holdings whose lot has expired as `Expired` (自动核销,
    /// applied lazily). Anyone; at most `MAX_BATCH` holdings, all or nothing.
    pub fn expire(&mut self, holdings: Vec<Id>) -> Result<(), GreenPowerError> {
        self.end_holdings(holdings, Action::Expire)
    }

    /// Marks available or listed holdings of revoked lots as `Cancelled`. Anyone; at most
    /// `MAX_BATCH` holdings, all or nothing.
    pub fn cancel_holdings(&mut self, holdings: Vec<Id>) -> Result<(), GreenPowerError> {
        self.end_holdings(holdings, Action::Cancel)
    }

    // ---------------------------------------------------------------- disputes

    /// Freezes a valid lot during a dispute: none of its certificates moves or retires.
    /// Issuing authority or regulator; allowed while paused.
    pub fn freeze_lot(&mut self, lot: Id, reason_sm3: Hash32) -> Result<(), GreenPowerError> {
        let by = self.authority_or_regulator();
        nonzero(&reason_sm3);
        self.set_lot_status(lot, LotStatus::Valid, LotStatus::Frozen, Action::Freeze);
        env::emit(&LotFrozen {
            lot,
            by,
            reason_sm3,
        });
        Ok(())
    }

    /// Unfreezes a frozen lot. Issuing authority or regulator; allowed while paused.
    pub fn unfreeze_lot(&mut self, lot: Id, reason_sm3: Hash32) -> Result<(), GreenPowerError> {
        let by = self.authority_or_regulator();
        nonzero(&reason_sm3);
        self.set_lot_status(lot, LotStatus::Frozen, LotStatus::Valid, Action::Unfreeze);
        env::emit(&LotUnfrozen {
            lot,
            by,
            reason_sm3,
        });
        Ok(())
    }

    /// Revokes a frozen lot none of whose certificates is retired (otherwise a correction
    /// case is opened off-chain); its holdings are then cancelled with `cancel_holdings`.
    /// Issuing authority only.
    pub fn revoke_lot(&mut self, lot: Id, reason_sm3: Hash32) -> Result<(), GreenPowerError> {
        self.running();
        self.caller_with(Role::IssuingAuthority);
        nonzero(&reason_sm3);
        let l = self.get_lot(lot);
        check!(
            l.status == LotStatus::Frozen,
            bad_state(l.status.into(), Action::Revoke)
        );
        let retired = self.lot_retired.get_or_default(&lot);
        check!(retired == 0, fail(LotHasRetirements { retired }));
        self.set_lot_status(lot, LotStatus::Frozen, LotStatus::Revoked, Action::Revoke);
        env::emit(&LotRevoked { lot, reason_sm3 });
        Ok(())
    }

    // ---------------------------------------------------------------- views

    /// The rules in force.
    pub fn config(&self) -> Config {
        self.config.get().or_abort("the constructor sets the rules")
    }

    /// The version of the storage layout: [`SCHEMA_VERSION`] for this code.
    pub fn schema_version(&self) -> u32 {
        self.schema_version.get_or_default()
    }

    /// The admin (super-admin).
    pub fn admin(&self) -> Addr {
        self.admin.get().or_abort("the constructor sets the admin")
    }

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: Role, account: Addr) -> bool {
        self.roles.has(&role, &account)
    }

    /// Whether the contract is paused.
    pub fn is_paused(&self) -> bool {
        self.pause.is_paused()
    }

    /// Record counts (ids run from 1 to these) and the last serial issued.
    pub fn counters(&self) -> Counters {
        let last = |k| self.last_ids.get_or_default(&k);
        Counters {
            projects: last(Counter::Project),
            readings: last(Counter::Reading),
            lots: last(Counter::Lot),
            holdings: last(Counter::Holding),
            trades: last(Counter::Trade),
            proofs: last(Counter::Proof),
            last_serial: last(Counter::Serial),
        }
    }

    /// A project.
    pub fn project(&self, id: Id) -> Option<Project> {
        self.projects.get(&id)
    }

    /// The project with this registration code, or 0.
    pub fn project_id(&self, reg_code: String) -> Id {
        self.project_by_code.get(&reg_code).unwrap_or(0)
    }

    /// A reading.
    pub fn reading(&self, id: Id) -> Option<Reading> {
        self.readings.get(&id)
    }

    /// A project-month's verified reading, carries and lot.
    pub fn project_month(&self, project: Id, month: u32) -> Option<ProjectMonth> {
        self.project_months.get(&(project, month))
    }

    /// A lot.
    pub fn lot(&self, id: Id) -> Option<Lot> {
        self.lots.get(&id)
    }

    /// Up to `limit` (≤ 100) lots of a project after lot id `after` (0: from the first),
    /// and the cursor of the next page (0: none).
    pub fn lots_of_project(&self, project: Id, after: Id, limit: u32) -> (Vec<Lot>, Id) {
        let page = self.lots_of_project.page_prefix(
            &project,
            (after != 0).then_some(&after),
            limit.min(MAX_PAGE_LIMIT),
        );
        let lots = page
            .items
            .iter()
            .map(|(id, ())| self.get_lot(*id))
            .collect();
        (lots, page.next.unwrap_or(0))
    }

    /// A holding.
    pub fn holding(&self, id: Id) -> Option<Holding> {
        self.holdings.get(&id)
    }

    /// Up to `limit` (≤ 100) of `owner`'s holdings in `status` after holding id `after`
    /// (0: from the first), and the cursor of the next page (0: none).
    pub fn holdings_of(
        &self,
        owner: Addr,
        status: HoldingStatus,
        after: Id,
        limit: u32,
    ) -> (Vec<Holding>, Id) {
        let page = self.holdings_by_owner.page_prefix(
            &(owner, status),
            (after != 0).then_some(&after),
            limit.min(MAX_PAGE_LIMIT),
        );
        let holdings = page
            .items
            .iter()
            .map(|(id, ())| self.get_holding(*id))
            .collect();
        (holdings, page.next.unwrap_or(0))
    }

    /// Up to `limit` (≤ 100) holdings of a lot in serial order, from the one after serial
    /// `after` (0: from the first), and the cursor of the next page (0: none).
    pub fn holdings_of_lot(&self, lot: Id, after: u64, limit: u32) -> (Vec<Holding>, u64) {
        let l = self.get_lot(lot);
        let mut holdings = Vec::new();
        if l.count == 0 {
            return (holdings, 0);
        }
        // A lot's serials are below `u64::MAX`: issuance checked `first + count`.
        let last = l.first_serial.wrapping_add(l.count).wrapping_sub(1);
        let page = self.serials.page(
            Some(&after.max(l.first_serial.wrapping_sub(1))),
            limit.min(MAX_PAGE_LIMIT),
        );
        for (end, id) in &page.items {
            if *end > last {
                return (holdings, 0);
            }
            holdings.push(self.get_holding(*id));
        }
        (holdings, page.next.filter(|end| *end < last).unwrap_or(0))
    }

    /// The holding containing a serial, found by one ordered lookup.
    pub fn serial_owner(&self, serial: u64) -> Option<Holding> {
        if serial == 0 {
            return None;
        }
        let page = self.serials.page(Some(&serial.wrapping_sub(1)), 1);
        let (_, id) = page.items.first()?;
        let h = self.get_holding(*id);
        (h.start <= serial).then_some(h)
    }

    /// Certificates (MWh) an account holds, by state. Holdings past expiry count as they
    /// are stored until `expire` marks them.
    pub fn balance(&self, owner: Addr) -> Balance {
        self.balances.get_or_default(&owner)
    }

    /// A green-power trade.
    pub fn green_trade(&self, id: Id) -> Option<GreenTrade> {
        self.trades.get(&id)
    }

    /// A trade-month's settlement.
    pub fn settlement(&self, trade: Id, month: u32) -> Option<Settlement> {
        self.settlements.get(&(trade, month))
    }

    /// A consumption proof.
    pub fn proof(&self, id: Id) -> Option<Proof> {
        self.proofs.get(&id)
    }

    /// What a request of `account` created (the proof of a `retire`, the listing of a
    /// `list`), or 0 if it was not carried out: a client that lost the answer checks here
    /// before sending the request again.
    pub fn request(&self, account: Addr, request_id: String) -> Id {
        self.requests.get(&(account, request_id)).unwrap_or(0)
    }

    /// The public QR check: if `qr_sm3` is the proof's check value, the proof traced back
    /// to generation — each retired range with its lot, verified reading and chain of
    /// custody, the projects and the green-power trades.
    pub fn verify_proof(&self, id: Id, qr_sm3: Hash32) -> Result<ProofTrace, GreenPowerError> {
        let proof = self
            .proofs
            .get(&id)
            .unwrap_or_else(|| missing(Record::Proof));
        check!(proof.qr_sm3 == qr_sm3, fail(ProofMismatch));
        let mut ranges = Vec::new();
        let mut projects: Vec<Project> = Vec::new();
        for &(holding, start, count) in &proof.ranges {
            let h = self.get_holding(holding);
            let lot = self.get_lot(h.lot);
            let pm = self
                .project_months
                .get(&(lot.project, lot.month))
                .or_abort("a lot has its project-month");
            let reading = self
                .readings
                .get(&pm.reading)
                .or_abort("a verified reading");
            if !projects.iter().any(|p| p.id == lot.project) {
                projects.push(self.get_project(lot.project));
            }
            ranges.push(TracedRange {
                holding,
                start,
                count,
                lot,
                reading,
                custody: h.custody,
            });
        }
        let trades = proof
            .trades
            .iter()
            .map(|t| self.trades.get(t).or_abort("a proof's trade exists"))
            .collect();
        Ok(ProofTrace {
            proof,
            ranges,
            projects,
            trades,
        })
    }

    /// Certificates of a production month: issued, traded, retired, expired, cancelled.
    pub fn stats(&self, month: u32) -> MonthStats {
        self.stats.get_or_default(&month)
    }

    // ---------------------------------------------------------------- helpers

    /// The next id of a kind of record (ids start at 1).
    fn next_id(&mut self, kind: Counter) -> u64 {
        let id = add(self.last_ids.get_or_default(&kind), 1);
        self.last_ids.set(&kind, &id);
        id
    }

    /// The key of a new request of `caller`: `request_id` must be 1 to 64 printable ASCII
    /// characters that the caller has not used before.
    fn new_request(&self, caller: Addr, request_id: String) -> (Addr, String) {
        check!(
            !request_id.is_empty()
                && request_id.len() <= MAX_REQUEST_ID_LEN
                && request_id.bytes().all(|b| b.is_ascii_graphic()),
            invalid(Field::RequestId)
        );
        let key = (caller, request_id);
        check!(!self.requests.contains(&key), duplicate(Unique::RequestId));
        key
    }

    fn running(&self) {
        check!(!self.pause.is_paused(), fail(Paused));
    }

    fn caller_with(&self, role: Role) -> Addr {
        let caller = env::caller();
        check!(self.roles.has(&role, &caller), unauthorized());
        caller
    }

    fn only_admin(&self) -> Addr {
        let caller = env::caller();
        check!(self.admin.is(&caller), unauthorized());
        caller
    }

    fn admin_or_regulator(&self) -> Addr {
        let caller = env::caller();
        check!(
            self.admin.is(&caller) || self.roles.has(&Role::Regulator, &caller),
            unauthorized()
        );
        caller
    }

    fn authority_or_regulator(&self) -> Addr {
        let caller = env::caller();
        check!(
            self.roles.has(&Role::IssuingAuthority, &caller)
                || self.roles.has(&Role::Regulator, &caller),
            unauthorized()
        );
        caller
    }

    fn get_project(&self, id: Id) -> Project {
        self.projects
            .get(&id)
            .unwrap_or_else(|| missing(Record::Project))
    }

    fn get_lot(&self, id: Id) -> Lot {
        self.lots.get(&id).unwrap_or_else(|| missing(Record::Lot))
    }

    fn get_holding(&self, id: Id) -> Holding {
        self.holdings
            .get(&id)
            .unwrap_or_else(|| missing(Record::Holding))
    }

    /// A listed holding and its exchange.
    fn get_listing(&self, id: Id, action: Action) -> (Holding, Addr) {
        let h = self.get_holding(id);
        match h.state {
            HoldingState::Listed { exchange, .. } => (h, exchange),
            other => bad_state(other.status().into(), action),
        }
    }

    fn submitted_reading(&self, id: Id, action: Action) -> Reading {
        let r = self
            .readings
            .get(&id)
            .unwrap_or_else(|| missing(Record::Reading));
        check!(
            r.status == ReadingStatus::Submitted,
            bad_state(r.status.into(), action)
        );
        r
    }

    fn expect_state(&self, h: &Holding, status: HoldingStatus, action: Action) {
        let from = h.state.status();
        check!(from == status, bad_state(from.into(), action));
    }

    /// The lot of `h` if `count` of its certificates may be used now: the lot is valid and
    /// unexpired, and `0 < count ≤ h.count`.
    fn usable_lot(&self, h: &Holding, count: u64, action: Action) -> Lot {
        let lot = self.get_lot(h.lot);
        check!(
            lot.status == LotStatus::Valid,
            bad_state(lot.status.into(), action)
        );
        check!(
            env::block_time() < lot.expires_at,
            fail(DeadlineExpired {
                expires_at: lot.expires_at
            })
        );
        check!(count > 0, invalid(Field::Count));
        check!(
            count <= h.count,
            fail(Insufficient {
                what: Quantity::Certificates,
                have: h.count,
                need: count
            })
        );
        lot
    }

    /// [`Self::usable_lot`], and the certificates may change owner once more.
    fn tradable_lot(&self, h: &Holding, count: u64, action: Action) -> Lot {
        let lot = self.usable_lot(h, count, action);
        check!(lot.tradable, fail(NotTradable));
        let max = self.config().max_trades;
        check!(
            h.trades < max,
            fail(LimitExceeded {
                param: Limit::MaxTrades,
                limit: max as u64
            })
        );
        lot
    }

    /// Moves the first `count` certificates of `h` to `to` (a new movement in their
    /// custody) and returns the receiving holding.
    #[allow(clippy::too_many_arguments)]
    fn move_to(
        &mut self,
        h: Holding,
        lot: &Lot,
        to: Addr,
        count: u64,
        ref_sm3: Hash32,
        trade: Id,
        listing: Id,
    ) -> Id {
        check!(!to.is_zero() && to != h.owner, invalid(Field::To));
        let key = (ref_sm3, h.id);
        check!(
            !self.transfer_refs.contains(&key),
            duplicate(Unique::TransferRef)
        );
        let (from, source, start) = (h.owner, h.id, h.start);
        let movement = Movement {
            from,
            to,
            ref_sm3,
            trade,
            at: env::block_time(),
        };
        let holding = self.carve(h, count, to, HoldingState::Available, Some(movement));
        self.transfer_refs.set(&key, &holding);
        self.count(lot.month, Tally::Traded, count);
        env::emit(&GecTransferred {
            source,
            holding,
            from,
            to,
            lot: lot.id,
            start,
            count,
            trade_ref: ref_sm3,
            trade,
            listing,
        });
        holding
    }

    /// Gives the first `count` certificates of `h` to `owner` in `state`: all of `h` in
    /// place, or a new holding split off its front (`h` keeps the rest and its serial-index
    /// entry, which is keyed by the range's last serial). A `movement` joins the custody
    /// chain. Keeps the owner index and balances; returns the receiving holding.
    fn carve(
        &mut self,
        mut h: Holding,
        count: u64,
        owner: Addr,
        state: HoldingState,
        movement: Option<Movement>,
    ) -> Id {
        let (from, to) = (h.state.status(), state.status());
        self.shift_balance(h.owner, from, owner, to, count);
        if count == h.count {
            self.holdings_by_owner.remove(&((h.owner, from), h.id));
        } else {
            // The rest keeps the id, the custody so far and the serial-index entry.
            let (id, start, total) = (self.next_id(Counter::Holding), h.start, h.count);
            h.start = add(start, count);
            h.count = sub(total, count);
            self.holdings.set(&h.id, &h);
            self.serials.set(&h.start.wrapping_sub(1), &id);
            (h.id, h.start, h.count) = (id, start, count);
        }
        h.owner = owner;
        h.state = state;
        h.custody.extend(movement);
        h.trades = h.custody.len() as u8;
        self.holdings_by_owner.set(&((owner, to), h.id), &());
        self.holdings.set(&h.id, &h);
        h.id
    }

    fn shift_balance(
        &mut self,
        from_owner: Addr,
        from: HoldingStatus,
        to_owner: Addr,
        to: HoldingStatus,
        count: u64,
    ) {
        let mut b = self.balances.get_or_default(&from_owner);
        let s = slot(&mut b, from);
        *s = sub(*s, count);
        if to_owner != from_owner {
            self.balances.set_or_remove(&from_owner, &b);
            b = self.balances.get_or_default(&to_owner);
        }
        let s = slot(&mut b, to);
        *s = add(*s, count);
        self.balances.set_or_remove(&to_owner, &b);
    }

    /// Adds `n` certificates to one figure of a production month's statistics.
    fn count(&mut self, month: u32, what: Tally, n: u64) {
        let mut s = self.stats.get_or_default(&month);
        let figure = match what {
            Tally::Issued => &mut s.issued,
            Tally::Traded => &mut s.traded,
            Tally::Retired => &mut s.retired,
            Tally::Expired => &mut s.expired,
            Tally::Cancelled => &mut s.cancelled,
        };
        *figure = add(*figure, n);
        self.stats.set(&month, &s);
    }

    fn set_lot_status(&mut self, id: Id, from: LotStatus, to: LotStatus, action: Action) {
        let mut lot = self.get_lot(id);
        check!(lot.status == from, bad_state(lot.status.into(), action));
        lot.status = to;
        self.lots.set(&id, &lot);
    }

    /// `expire` (lot expired, not revoked) or `cancel_holdings` (lot revoked) of available
    /// or listed holdings.
    fn end_holdings(&mut self, holdings: Vec<Id>, action: Action) -> Result<(), GreenPowerError> {
        self.running();
        batch(&holdings);
        let now = env::block_time();
        for id in holdings {
            let h = self.get_holding(id);
            let from = h.state.status();
            check!(
                from == HoldingStatus::Available || from == HoldingStatus::Listed,
                bad_state(from.into(), action)
            );
            let lot = self.get_lot(h.lot);
            let revoked = lot.status == LotStatus::Revoked;
            let expire = action == Action::Expire;
            if expire {
                check!(!revoked, bad_state(Status::Revoked, action));
                check!(
                    now >= lot.expires_at,
                    fail(DeadlineNotReached { at: lot.expires_at })
                );
            } else {
                check!(revoked, bad_state(lot.status.into(), action));
            }
            let (state, tally) = if expire {
                (HoldingState::Expired, Tally::Expired)
            } else {
                (HoldingState::Cancelled, Tally::Cancelled)
            };
            let (count, owner) = (h.count, h.owner);
            self.carve(h, count, owner, state, None);
            self.count(lot.month, tally, count);
            if expire {
                env::emit(&GecExpired {
                    holding: id,
                    owner,
                    count,
                    from,
                });
            } else {
                env::emit(&GecCancelled {
                    holding: id,
                    owner,
                    count,
                    from,
                });
            }
        }
        Ok(())
    }
}

/// The 32-character GEC code (绿证编码) of a serial: the project's registration code (17
/// characters), the production month `YYYYMM` (6), the energy digit (`Energy` + 1), the
/// trading category (1 tradable, 2 non-tradable) and the 7-digit sequence of the serial in
/// its lot (`serial - first_serial + 1`). Everything in it is on chain in the project and the
/// lot, so the contract does not store it: clients compute it with this function. `None` if
/// the serial is not in the lot or the lot not of the project.
#[cfg(not(target_arch = "wasm32"))]
pub fn gec_code(project: &Project, lot: &Lot, serial: u64) -> Option<String> {
    let sequence = serial.checked_sub(lot.first_serial)? + 1;
    (lot.project == project.id && sequence <= lot.count).then(|| {
        format!(
            "{}{:06}{}{}{:07}",
            project.reg_code,
            lot.month,
            project.energy as u8 + 1,
            if lot.tradable { 1 } else { 2 },
            sequence
        )
    })
}

/// The QR check value of a proof: SM3(contract address ‖ the proof encoded with `qr_sm3`
/// zero), for a proof whose `qr_sm3` is still zero. Anyone holding the proof can recompute it
/// (zero its `qr_sm3` first).
pub fn qr_of(contract: &Addr, proof: &Proof) -> Hash32 {
    kexin::crypto::sm3(&kexin::codec::to_vec(&(contract, proof)))
}
