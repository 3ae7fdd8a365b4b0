//! The records, statuses, configuration and errors of the certificate registry.

use alloc::string::String;
use alloc::vec::Vec;

use kexin::prelude::*;

/// The version of the storage layout this code reads and writes. A later layout comes with
/// an admin-only migration entry point that moves the state to it and emits an event.
pub const SCHEMA_VERSION: u32 = 1;
/// Length of a project registration code (建档立卡编码).
pub const REG_CODE_LEN: usize = 17;
/// Longest request id (业务流水号) of a retirement.
pub const MAX_REQUEST_ID_LEN: usize = 64;
/// Most holdings in one `retire`, `expire` or `cancel_holdings` call: bounds a call's work.
pub const MAX_BATCH: usize = 32;
/// Highest `max_trades` the configuration accepts: bounds a holding's custody chain.
pub const MAX_TRADES_CAP: u8 = 4;
/// Largest lot: the GEC code's sequence field has 7 digits.
pub const MAX_LOT_GECS: u64 = 9_999_999;
/// Longest validity the configuration accepts (10 years).
pub const MAX_VALIDITY_MONTHS: u32 = 120;
/// Most hours in a month (31 × 24): the highest plausibility factor.
pub const MAX_HOURS_PER_MONTH: u32 = 744;

/// The roles of §5.2 that are granted to accounts. Generators and consumers are not roles:
/// a generator is a project's `owner`, a consumer the owner of a holding. The super-admin is
/// the two-step `admin`.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// NEA 资质中心: registers projects, verifies readings, issues and revokes lots.
    IssuingAuthority,
    /// Grid company, power exchange or information centre: submits metered readings.
    DataProvider,
    /// GEC trading platform or power exchange: settles transfers and green-power trades.
    Exchange,
    /// NEA / NDRC: freezes lots during disputes, pauses the contract.
    Regulator,
    /// Third-party verifier: reads everything (every view is public); no calls.
    Auditor,
}

/// Kind of renewable generation. Independent storage is listed so that it can be refused.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Energy {
    /// Onshore or offshore wind.
    Wind,
    /// Photovoltaic or solar thermal.
    Solar,
    /// Hydro power.
    Hydro,
    /// Biomass.
    Biomass,
    /// Geothermal.
    Geothermal,
    /// Ocean energy.
    Ocean,
    /// Independent storage: not eligible for GECs.
    Storage,
}

/// Whether a project may receive new readings.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectStatus {
    /// Readings are accepted.
    Active,
    /// Readings are refused until the authority reactivates the project.
    Suspended,
}

/// A registered (建档立卡) generation project.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Project id.
    pub id: Id,
    /// The 17-character registration code, unique.
    pub reg_code: String,
    /// The generator that receives the project's certificates.
    pub owner: Addr,
    /// Kind of generation.
    pub energy: Energy,
    /// Installed capacity in kW: bounds a month's plausible output.
    pub capacity_kw: u64,
    /// Storage at the project, if any, is metered separately (no double counting).
    pub storage_separately_metered: bool,
    /// Active or suspended.
    pub status: ProjectStatus,
    /// kWh carried to the next issuance (always below the `kwh_per_gec` it was computed with).
    pub carry_kwh: u64,
}

/// Where a monthly reading comes from.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingSource {
    /// Grid company metering.
    Grid,
    /// Power exchange settlement data.
    Exchange,
    /// Reported by the generator itself (flagged as such).
    SelfReported,
}

/// Where a reading stands in the verification workflow.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingStatus {
    /// Waiting for the authority.
    Submitted,
    /// Counted for issuance.
    Verified,
    /// Rejected in dispute handling; a new reading may be submitted.
    Disputed,
}

/// One month of metered or settled generation of a project.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Reading id.
    pub id: Id,
    /// The project.
    pub project: Id,
    /// Production month, `YYYYMM`.
    pub month: u32,
    /// Energy in kWh.
    pub kwh: u64,
    /// Data source.
    pub source: ReadingSource,
    /// SM3 of the source data; unique across readings.
    pub data_sm3: Hash32,
    /// The account that submitted it.
    pub provider: Addr,
    /// Workflow status.
    pub status: ReadingStatus,
}

/// Issuance bookkeeping of one project-month.
#[data]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProjectMonth {
    /// The verified reading (every entry has one).
    pub reading: Id,
    /// Its kWh.
    pub kwh: u64,
    /// The project's carry (kWh) before this month's issuance.
    pub carry_in: u64,
    /// The project's carry (kWh) after it.
    pub carry_out: u64,
    /// The lot issued for this month, 0 until issued.
    pub lot: Id,
}

/// Whether a lot's certificates may move.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotStatus {
    /// Normal.
    Valid,
    /// Under dispute: nothing of the lot moves or retires.
    Frozen,
    /// Revoked after a dispute: its holdings are cancelled.
    Revoked,
}

/// The certificates issued for one project-month: serials `[first_serial, first_serial + count)`.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lot {
    /// Lot id.
    pub id: Id,
    /// The project.
    pub project: Id,
    /// Production month, `YYYYMM`.
    pub month: u32,
    /// First serial; serials are global, from 1.
    pub first_serial: u64,
    /// Number of certificates (MWh), possibly 0.
    pub count: u64,
    /// Whether the certificates may be traded.
    pub tradable: bool,
    /// kWh per certificate when issued.
    pub kwh_per_gec: u64,
    /// Block time of issuance.
    pub issued_at: Ts,
    /// Start of the month `validity_months` after the production month ends (Beijing time);
    /// from this second on the certificates are expired.
    pub expires_at: Ts,
    /// Valid, frozen or revoked.
    pub status: LotStatus,
}

/// Where a holding stands. `Retired`, `Expired` and `Cancelled` are terminal.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldingState {
    /// Held and free to move.
    Available,
    /// Offered on an exchange (挂牌); the holding's id is the listing's.
    Listed {
        /// The exchange that may fill the listing.
        exchange: Addr,
        /// Asking price per certificate, in fen.
        price_fen: Fen,
    },
    /// Retired into a consumption proof.
    Retired {
        /// The proof.
        proof: Id,
    },
    /// Past the lot's validity (自动核销).
    Expired,
    /// The lot was revoked.
    Cancelled,
}

/// A holding state without its reference: the key of the per-owner index and of balances.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HoldingStatus {
    /// See [`HoldingState::Available`].
    Available,
    /// See [`HoldingState::Listed`].
    Listed,
    /// See [`HoldingState::Retired`].
    Retired,
    /// See [`HoldingState::Expired`].
    Expired,
    /// See [`HoldingState::Cancelled`].
    Cancelled,
}

impl HoldingState {
    /// The state without its reference.
    pub fn status(&self) -> HoldingStatus {
        match self {
            HoldingState::Available => HoldingStatus::Available,
            HoldingState::Listed { .. } => HoldingStatus::Listed,
            HoldingState::Retired { .. } => HoldingStatus::Retired,
            HoldingState::Expired => HoldingStatus::Expired,
            HoldingState::Cancelled => HoldingStatus::Cancelled,
        }
    }
}

/// A range of serials `[start, start + count)` of one lot, held by one account.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    /// Holding id.
    pub id: Id,
    /// The lot.
    pub lot: Id,
    /// The holder.
    pub owner: Addr,
    /// First serial.
    pub start: u64,
    /// Number of certificates (MWh), at least 1.
    pub count: u64,
    /// Where it stands.
    pub state: HoldingState,
    /// Times these certificates changed owner.
    pub trades: u8,
    /// The changes of owner that brought them here, oldest first (`trades` of them).
    pub custody: Vec<Movement>,
}

/// Certificates (MWh) an account holds, by state.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balance {
    /// Available.
    pub available: u64,
    /// Listed on an exchange.
    pub listed: u64,
    /// Retired.
    pub retired: u64,
    /// Expired.
    pub expired: u64,
    /// Cancelled by a revocation.
    pub cancelled: u64,
}

/// One change of owner in a holding's chain of custody.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    /// Previous owner.
    pub from: Addr,
    /// New owner.
    pub to: Addr,
    /// SM3 of the exchange's settlement record (the trade reference).
    pub ref_sm3: Hash32,
    /// The green-power trade settled by this movement (证电合一), or 0.
    pub trade: Id,
    /// Block time.
    pub at: Ts,
}

/// Where a green-power trade stands.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TradeStatus {
    /// Recorded, nothing settled yet.
    Open,
    /// At least one month settled; more may follow.
    Settled,
    /// No further settlement.
    Closed,
}

/// A medium/long-term green-power contract (绿电交易) between a generator and a consumer.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreenTrade {
    /// Trade id.
    pub id: Id,
    /// The exchange that recorded it and alone settles it.
    pub exchange: Addr,
    /// The generator (owner of `project`).
    pub generator: Addr,
    /// The consumer.
    pub consumer: Addr,
    /// The generating project.
    pub project: Id,
    /// First and last delivery month, `YYYYMM`.
    pub period: (u32, u32),
    /// Contracted energy in kWh.
    pub contract_kwh: u64,
    /// Energy settled so far in kWh.
    pub settled_kwh: u64,
    /// SM3 of the last settlement data.
    pub settlement_sm3: Hash32,
    /// SM3 of the transmission path / inter-provincial route.
    pub path_sm3: Hash32,
    /// SM3 of the trade contract; unique across trades.
    pub contract_sm3: Hash32,
    /// Certificates moved to the consumer so far.
    pub gec_transferred: u64,
    /// Settled kWh not covered by whole certificates (the monthly remainders).
    pub remainder_kwh: u64,
    /// Open, settled or closed.
    pub status: TradeStatus,
}

/// One month's settlement of a green-power trade.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// Settled energy in kWh.
    pub kwh: u64,
    /// Certificates moved: `kwh / kwh_per_gec`.
    pub gec: u64,
    /// The consumer's holding that received them, 0 when `gec` is 0.
    pub holding: Id,
}

/// What a retirement claims the certificates for.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Green-power consumption claim (绿色电力消费声明).
    ConsumptionClaim,
    /// Renewable consumption quota accounting (可再生能源消纳量核算).
    QuotaAccounting,
    /// Energy consumption dual control (能耗双控).
    EnergyControl,
    /// Carbon market.
    CarbonMarket,
    /// Voluntary.
    Voluntary,
}

/// A consumption proof (绿色电力消费证明): what was retired, for whom and why.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    /// Proof id.
    pub id: Id,
    /// The account that retired the certificates.
    pub holder: Addr,
    /// SM3(salt ‖ beneficiary identity): the beneficiary, kept private.
    pub beneficiary_commit: Hash32,
    /// Certificates retired (MWh): the sum of the ranges.
    pub mwh: u64,
    /// Retired ranges: (holding, first serial, count).
    pub ranges: Vec<(Id, u64, u64)>,
    /// The claim's purpose.
    pub purpose: Purpose,
    /// First and last month of the consumption claimed, `YYYYMM`.
    pub consumption_period: (u32, u32),
    /// Green-power trades in the retired certificates' custody, in order of first appearance.
    pub trades: Vec<Id>,
    /// Block time.
    pub issued_at: Ts,
    /// The retirement's request id (unique per holder).
    pub request_id: String,
    /// The QR check value: SM3(contract address ‖ this proof encoded with `qr_sm3` zero).
    pub qr_sm3: Hash32,
}

/// Everything `verify_proof` resolves a proof to: generation → issuance → trades → retirement.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofTrace {
    /// The proof.
    pub proof: Proof,
    /// One entry per retired range.
    pub ranges: Vec<TracedRange>,
    /// The projects the certificates come from.
    pub projects: Vec<Project>,
    /// The green-power trades in their custody.
    pub trades: Vec<GreenTrade>,
}

/// One retired range traced back to its generation.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracedRange {
    /// The retired holding.
    pub holding: Id,
    /// First serial.
    pub start: u64,
    /// Certificates.
    pub count: u64,
    /// The lot it was issued in.
    pub lot: Lot,
    /// The verified reading the lot was issued from.
    pub reading: Reading,
    /// Every change of owner, oldest first.
    pub custody: Vec<Movement>,
}

/// Certificates (MWh) of one production month, by what happened to them.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonthStats {
    /// Issued.
    pub issued: u64,
    /// Moved to another owner (each movement counts).
    pub traded: u64,
    /// Retired.
    pub retired: u64,
    /// Expired.
    pub expired: u64,
    /// Cancelled by revocation.
    pub cancelled: u64,
}

/// Which production months a retirement may claim for its consumption period.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodRule {
    /// Every retired certificate's production month lies within the consumption period.
    ProductionWithinPeriod,
    /// Any production month.
    Any,
}

/// Real-world rules, set at deployment and changed only by the issuing authority.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// kWh per certificate: 1 000 (1 GEC = 1 MWh).
    pub kwh_per_gec: u64,
    /// Validity after the end of the production month, in calendar months: 24.
    pub validity_months: u32,
    /// Times a certificate may change owner: 1 ("traded only once").
    pub max_trades: u8,
    /// Plausibility cap: a month's kWh at most `capacity_kw × max_hours_per_month`; 744.
    pub max_hours_per_month: u32,
    /// Matching of production months to the consumption period on retirement.
    pub period_rule: PeriodRule,
}

impl Config {
    /// The values of the 2024 rules (可再生能源绿色电力证书核发和交易规则).
    pub const GEC_2024: Config = Config {
        kwh_per_gec: 1_000,
        validity_months: 24,
        max_trades: 1,
        max_hours_per_month: MAX_HOURS_PER_MONTH,
        period_rule: PeriodRule::ProductionWithinPeriod,
    };
}

/// The kind of record a `NotFound` names.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// A project.
    Project,
    /// A reading.
    Reading,
    /// A verified reading of the project-month.
    VerifiedReading,
    /// A lot.
    Lot,
    /// A holding.
    Holding,
    /// A green-power trade.
    Trade,
    /// A proof.
    Proof,
    /// A role membership.
    Role,
    /// A proposed admin.
    ProposedAdmin,
}

/// The unique key a `Duplicate` names.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    /// A project registration code.
    RegCode,
    /// A reading's source-data hash.
    ReadingData,
    /// The verified reading of a project-month.
    VerifiedReading,
    /// The lot of a project-month.
    Lot,
    /// A (trade reference, source holding) pair of a transfer.
    TransferRef,
    /// The settlement of a trade-month.
    Settlement,
    /// A green-power trade contract hash.
    TradeContract,
    /// A request id the caller already used (`retire`, `list`).
    RequestId,
    /// A holding given twice in one batch.
    BatchEntry,
    /// A role already held.
    Role,
}

/// The argument an `InvalidInput` names.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `reg_code`: 17 characters of `0-9A-Z`.
    RegCode,
    /// An account that must not be the zero address.
    Account,
    /// `energy`: independent storage gets no certificates.
    Energy,
    /// `capacity_kw`: positive.
    Capacity,
    /// A month: `YYYYMM`, year 2000–9999.
    Month,
    /// A period: two months, the first not after the second.
    Period,
    /// A hash that must not be all zero.
    Hash,
    /// `to` / `buyer`: another account than the holder.
    To,
    /// A certificate count: positive.
    Count,
    /// `price_fen`: positive.
    Price,
    /// `exchange`: an account with the exchange role.
    Exchange,
    /// `generator`: the project's owner.
    Generator,
    /// `consumer`: another account than the generator.
    Consumer,
    /// A kWh amount: positive.
    Kwh,
    /// `holding`: certificates of the trade's project and month held by its generator.
    Holding,
    /// `holdings` / `counts`: 1 to 32 entries, as many counts as holdings.
    Batch,
    /// `request_id`: 1 to 64 printable ASCII characters.
    RequestId,
    /// A configuration value out of range.
    Config,
}

/// Every record state, for `InvalidState { from, .. }`.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Holding available.
    Available,
    /// Holding listed.
    Listed,
    /// Holding retired.
    Retired,
    /// Holding expired.
    Expired,
    /// Holding cancelled.
    Cancelled,
    /// Lot valid.
    Valid,
    /// Lot frozen.
    Frozen,
    /// Lot revoked.
    Revoked,
    /// Reading submitted.
    Submitted,
    /// Reading verified.
    Verified,
    /// Reading disputed.
    Disputed,
    /// Trade open.
    Open,
    /// Trade settled.
    Settled,
    /// Trade closed.
    Closed,
    /// Project active.
    Active,
    /// Project suspended.
    Suspended,
    /// Contract paused.
    Paused,
    /// Contract running.
    Running,
}

impl From<HoldingStatus> for Status {
    fn from(s: HoldingStatus) -> Status {
        match s {
            HoldingStatus::Available => Status::Available,
            HoldingStatus::Listed => Status::Listed,
            HoldingStatus::Retired => Status::Retired,
            HoldingStatus::Expired => Status::Expired,
            HoldingStatus::Cancelled => Status::Cancelled,
        }
    }
}

impl From<LotStatus> for Status {
    fn from(s: LotStatus) -> Status {
        match s {
            LotStatus::Valid => Status::Valid,
            LotStatus::Frozen => Status::Frozen,
            LotStatus::Revoked => Status::Revoked,
        }
    }
}

impl From<ReadingStatus> for Status {
    fn from(s: ReadingStatus) -> Status {
        match s {
            ReadingStatus::Submitted => Status::Submitted,
            ReadingStatus::Verified => Status::Verified,
            ReadingStatus::Disputed => Status::Disputed,
        }
    }
}

impl From<TradeStatus> for Status {
    fn from(s: TradeStatus) -> Status {
        match s {
            TradeStatus::Open => Status::Open,
            TradeStatus::Settled => Status::Settled,
            TradeStatus::Closed => Status::Closed,
        }
    }
}

/// The operation an `InvalidState` refused.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `set_project_status`.
    SetProjectStatus,
    /// `submit_reading`.
    SubmitReading,
    /// `verify_reading`.
    Verify,
    /// `dispute_reading`.
    Dispute,
    /// `transfer`, or the transfer inside a settlement.
    Transfer,
    /// `list`.
    List,
    /// `delist`.
    Delist,
    /// `settle_listing`.
    SettleListing,
    /// `settle_green_trade`.
    Settle,
    /// `close_green_trade`.
    Close,
    /// `retire`.
    Retire,
    /// `expire`.
    Expire,
    /// `cancel_holdings`.
    Cancel,
    /// `freeze_lot`.
    Freeze,
    /// `unfreeze_lot`.
    Unfreeze,
    /// `revoke_lot`.
    Revoke,
    /// `pause`.
    Pause,
    /// `unpause`.
    Unpause,
}

/// The limit a `LimitExceeded` names.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `max_trades`: the certificates changed owner as often as allowed.
    MaxTrades,
    /// `MAX_BATCH` holdings per call.
    Batch,
    /// The plausibility cap `capacity_kw × max_hours_per_month`.
    Plausibility,
    /// `MAX_LOT_GECS` certificates per lot.
    LotSize,
}

/// The quantity an `Insufficient` names.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Certificates in the holding.
    Certificates,
    /// kWh left on the green-power contract.
    ContractKwh,
}

/// Why a call failed.
#[error]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GreenPowerError {
    /// The caller lacks the role, or is not the record's party.
    #[msg("the caller is not allowed to do this")]
    Unauthorized,
    /// The contract is paused.
    #[msg("the contract is paused")]
    Paused,
    /// No such record.
    #[msg("there is no such {what:?}")]
    NotFound {
        /// The kind of record.
        what: Record,
    },
    /// A unique key is already taken.
    #[msg("this {what:?} already exists")]
    Duplicate {
        /// The key.
        what: Unique,
    },
    /// An argument is malformed or out of range.
    #[msg("the argument {field:?} is invalid")]
    InvalidInput {
        /// The argument.
        field: Field,
    },
    /// The record's state does not allow the operation.
    #[msg("a {from:?} record does not allow {action:?}")]
    InvalidState {
        /// The record's state.
        from: Status,
        /// The operation refused.
        action: Action,
    },
    /// The certificates expired (at `expires_at`, a block time).
    #[msg("the certificates expired at {expires_at}")]
    DeadlineExpired {
        /// When they expired.
        expires_at: Ts,
    },
    /// Too early: the month has not ended, or the certificates expire only at `at`.
    #[msg("this is possible from {at} on")]
    DeadlineNotReached {
        /// The first second it is possible.
        at: Ts,
    },
    /// A sum would overflow.
    #[msg("an amount overflows")]
    Overflow,
    /// A configured or built-in limit would be exceeded.
    #[msg("the {param:?} limit of {limit} is exceeded")]
    LimitExceeded {
        /// The limit.
        param: Limit,
        /// Its value.
        limit: u64,
    },
    /// Not enough of a quantity.
    #[msg("{what:?}: {have} available, {need} needed")]
    Insufficient {
        /// The quantity.
        what: Quantity,
        /// What is there.
        have: u64,
        /// What was asked.
        need: u64,
    },
    /// The lot's certificates are non-tradable.
    #[msg("the lot's certificates are not tradable")]
    NotTradable,
    /// A lot with retired certificates cannot be revoked; open a correction case off-chain.
    #[msg("{retired} certificates of the lot are retired: it cannot be revoked")]
    LotHasRetirements {
        /// Certificates retired.
        retired: u64,
    },
    /// The QR check value does not match the proof.
    #[msg("the QR check value does not match the proof")]
    ProofMismatch,
}
