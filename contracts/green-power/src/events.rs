//! The events of §5.6, with enough fields to rebuild the state from the stream alone.

use alloc::string::String;

use kexin::prelude::*;

use crate::types::*;

/// A project was registered (建档立卡).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRegistered {
    /// The new project.
    pub project: Project,
}

/// A project was suspended or reactivated.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectStatusChanged {
    /// Project id.
    pub project: Id,
    /// Old status.
    pub from: ProjectStatus,
    /// New status.
    pub to: ProjectStatus,
}

/// A monthly reading was submitted.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingSubmitted {
    /// The new reading (`Submitted`).
    pub reading: Reading,
}

/// A reading was verified (Submitted → Verified).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingVerified {
    /// Reading id.
    pub reading: Id,
    /// Project.
    pub project: Id,
    /// Production month.
    pub month: u32,
    /// kWh.
    pub kwh: u64,
}

/// A reading was disputed (Submitted → Disputed).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingDisputed {
    /// Reading id.
    pub reading: Id,
    /// SM3 of the dispute record.
    pub reason_sm3: Hash32,
}

/// A lot was issued for a project-month; its certificates, if any, form one holding of the
/// project's owner.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotIssued {
    /// The new lot (`Valid`).
    pub lot: Lot,
    /// The project's carry (kWh) after issuance.
    pub carry_kwh: u64,
    /// The holding of the lot's certificates, 0 when the lot has none.
    pub holding: Id,
    /// Its owner, the project's owner.
    pub owner: Addr,
}

/// Certificates were listed on an exchange (Available → Listed). The first `count`
/// certificates of `source` form `holding`, the listing (the source itself when all are
/// listed).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GecListed {
    /// The holding split.
    pub source: Id,
    /// The listed holding (the listing).
    pub holding: Id,
    /// Seller.
    pub seller: Addr,
    /// Exchange.
    pub exchange: Addr,
    /// First serial.
    pub start: u64,
    /// Certificates.
    pub count: u64,
    /// Price per certificate, fen.
    pub price_fen: Fen,
    /// The seller's request id.
    pub request_id: String,
}

/// A listing was withdrawn (Listed → Available).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GecDelisted {
    /// The listed holding, available again.
    pub holding: Id,
    /// Seller or exchange.
    pub by: Addr,
}

/// Certificates changed owner. The first `count` certificates of `source` form `holding`
/// (the source itself when all moved).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GecTransferred {
    /// The holding split.
    pub source: Id,
    /// The receiving holding.
    pub holding: Id,
    /// Previous owner.
    pub from: Addr,
    /// New owner.
    pub to: Addr,
    /// Lot.
    pub lot: Id,
    /// First serial.
    pub start: u64,
    /// Certificates.
    pub count: u64,
    /// SM3 of the exchange's settlement record.
    pub trade_ref: Hash32,
    /// Green-power trade settled, or 0.
    pub trade: Id,
    /// The listed holding filled, or 0.
    pub listing: Id,
}

/// A green-power trade was recorded (→ Open).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreenTradeRecorded {
    /// The new trade (`Open`).
    pub trade: GreenTrade,
}

/// A month of a green-power trade was settled (→ Settled); `gec` certificates moved.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreenTradeSettled {
    /// Trade id.
    pub trade: Id,
    /// Delivery month.
    pub month: u32,
    /// Settled kWh.
    pub kwh: u64,
    /// Certificates moved.
    pub gec: u64,
    /// kWh not covered by whole certificates.
    pub remainder_kwh: u64,
    /// SM3 of the settlement data.
    pub settlement_sm3: Hash32,
}

/// A green-power trade was closed (→ Closed).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreenTradeClosed {
    /// Trade id.
    pub trade: Id,
    /// Old status.
    pub from: TradeStatus,
}

/// Certificates were retired (Available → Retired). The first `count` certificates of
/// `source` form `holding` (the source itself when all were retired).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GecRetired {
    /// Holder.
    pub holder: Addr,
    /// The holding split.
    pub source: Id,
    /// The retired holding.
    pub holding: Id,
    /// Lot.
    pub lot: Id,
    /// First serial.
    pub start: u64,
    /// Certificates.
    pub count: u64,
    /// Proof.
    pub proof: Id,
}

/// A consumption proof was issued.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofIssued {
    /// The new proof.
    pub proof: Proof,
}

/// A holding expired (Available or Listed → Expired).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GecExpired {
    /// Holding.
    pub holding: Id,
    /// Owner.
    pub owner: Addr,
    /// Certificates.
    pub count: u64,
    /// Old state.
    pub from: HoldingStatus,
}

/// A holding of a revoked lot was cancelled (Available or Listed → Cancelled).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GecCancelled {
    /// Holding.
    pub holding: Id,
    /// Owner.
    pub owner: Addr,
    /// Certificates.
    pub count: u64,
    /// Old state.
    pub from: HoldingStatus,
}

/// A lot was frozen (Valid → Frozen).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotFrozen {
    /// Lot.
    pub lot: Id,
    /// Authority or regulator.
    pub by: Addr,
    /// SM3 of the dispute record.
    pub reason_sm3: Hash32,
}

/// A lot was unfrozen (Frozen → Valid).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotUnfrozen {
    /// Lot.
    pub lot: Id,
    /// Authority or regulator.
    pub by: Addr,
    /// SM3 of the resolution.
    pub reason_sm3: Hash32,
}

/// A lot was revoked (Frozen → Revoked).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotRevoked {
    /// Lot.
    pub lot: Id,
    /// SM3 of the decision.
    pub reason_sm3: Hash32,
}

/// The configuration changed.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigChanged {
    /// Before.
    pub old: Config,
    /// After.
    pub new: Config,
}

/// A role was granted.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGranted {
    /// Role.
    pub role: Role,
    /// Account.
    pub account: Addr,
}

/// A role was revoked.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRevoked {
    /// Role.
    pub role: Role,
    /// Account.
    pub account: Addr,
}

/// The admin proposed a successor.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminProposed {
    /// Current admin.
    pub admin: Addr,
    /// Proposed admin.
    pub proposed: Addr,
}

/// The proposed admin took over.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminChanged {
    /// Previous admin.
    pub previous: Addr,
    /// New admin.
    pub admin: Addr,
}

/// The contract was paused (Running → Paused).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractPaused {
    /// Admin or regulator.
    pub by: Addr,
}

/// The contract was unpaused (Paused → Running).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractUnpaused {
    /// Admin or regulator.
    pub by: Addr,
}
