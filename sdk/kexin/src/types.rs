//! The value types every contract shares.

/// An account or contract address: 32 opaque bytes assigned by the chain.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Addr(pub [u8; 32]);

impl Addr {
    /// The all-zero address, which no account has; useful as "none".
    pub const ZERO: Addr = Addr([0; 32]);

    /// Whether this is the all-zero address.
    pub fn is_zero(&self) -> bool {
        self.0 == [0; 32]
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl core::fmt::Debug for Addr {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Addr(0x")?;
        for b in &self.0[..4] {
            write!(f, "{b:02x}")?;
        }
        f.write_str("…")?;
        for b in &self.0[28..] {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

/// A 32-byte digest, usually SM3 of an off-chain document.
pub type Hash32 = [u8; 32];
/// A record id assigned by a contract; ids start at 1 and 0 means "none".
pub type Id = u64;
/// Money in fen (分, 0.01 CNY).
pub type Fen = u128;
/// A ratio in basis points: 10 000 bps = 100 %.
pub type Bps = u32;
/// Seconds since the Unix epoch (UTC), from block time.
pub type Ts = u64;

/// Basis points in a whole.
pub const BPS_WHOLE: Bps = 10_000;
