//! Hashes, computed by the host so that contracts stay small and every chain agrees.

use crate::{host, Hash32};

/// SM3 (GM/T 0004-2012), the Chinese national standard hash.
pub fn sm3(data: &[u8]) -> Hash32 {
    host::hash_sm3(data)
}

/// SHA3-256 (FIPS 202).
pub fn sha3_256(data: &[u8]) -> Hash32 {
    host::hash_sha3_256(data)
}

/// Keccak-256 as used by Ethereum (the pre-standard padding).
pub fn keccak_256(data: &[u8]) -> Hash32 {
    host::hash_keccak_256(data)
}
