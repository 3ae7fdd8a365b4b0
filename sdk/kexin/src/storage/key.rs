//! How map keys become storage-key bytes.
//!
//! Integers are big-endian (signed ones with the sign bit flipped) so that byte order is
//! number order and pages come back sorted; strings and byte vectors carry a big-endian `u32`
//! length; tuples concatenate their parts, so `(a, b)` keys sharing `a` share a prefix. Types
//! declared with `#[kexin::data]` use their borsh encoding.

use alloc::string::String;
use alloc::vec::Vec;

use crate::codec::Writer;
use crate::Addr;

/// A value usable as a map key.
pub trait Key {
    /// Appends this key's bytes.
    fn write_key(&self, out: &mut Writer);
    /// Reads a key from the front of `bytes`, advancing it.
    fn read_key(bytes: &mut &[u8]) -> Option<Self>
    where
        Self: Sized;
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, tail) = bytes.split_at_checked(n)?;
    *bytes = tail;
    Some(head)
}

macro_rules! unsigned_key {
    ($($t:ty),*) => {$(
        impl Key for $t {
            fn write_key(&self, out: &mut Writer) {
                out.write(&self.to_be_bytes());
            }
            fn read_key(bytes: &mut &[u8]) -> Option<Self> {
                let raw = take(bytes, core::mem::size_of::<$t>())?;
                Some(<$t>::from_be_bytes(raw.try_into().ok()?))
            }
        }
    )*};
}
unsigned_key!(u8, u16, u32, u64, u128);

macro_rules! signed_key {
    ($($t:ty => $u:ty),*) => {$(
        impl Key for $t {
            fn write_key(&self, out: &mut Writer) {
                let flipped = (*self as $u) ^ (1 << (<$u>::BITS - 1));
                out.write(&flipped.to_be_bytes());
            }
            fn read_key(bytes: &mut &[u8]) -> Option<Self> {
                let raw = take(bytes, core::mem::size_of::<$t>())?;
                let flipped = <$u>::from_be_bytes(raw.try_into().ok()?);
                Some((flipped ^ (1 << (<$u>::BITS - 1))) as $t)
            }
        }
    )*};
}
signed_key!(i8 => u8, i16 => u16, i32 => u32, i64 => u64, i128 => u128);

impl Key for bool {
    fn write_key(&self, out: &mut Writer) {
        out.push(*self as u8);
    }
    fn read_key(bytes: &mut &[u8]) -> Option<Self> {
        match take(bytes, 1)?[0] {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl<const N: usize> Key for [u8; N] {
    fn write_key(&self, out: &mut Writer) {
        out.write(self);
    }
    fn read_key(bytes: &mut &[u8]) -> Option<Self> {
        take(bytes, N)?.try_into().ok()
    }
}

impl Key for Addr {
    fn write_key(&self, out: &mut Writer) {
        out.write(&self.0);
    }
    fn read_key(bytes: &mut &[u8]) -> Option<Self> {
        <[u8; 32]>::read_key(bytes).map(Addr)
    }
}

impl Key for Vec<u8> {
    fn write_key(&self, out: &mut Writer) {
        out.write(&(self.len() as u32).to_be_bytes());
        out.write(self);
    }
    fn read_key(bytes: &mut &[u8]) -> Option<Self> {
        let len = u32::read_key(bytes)? as usize;
        let mut out = Writer::new();
        out.write(take(bytes, len)?);
        Some(out.into_vec())
    }
}

impl Key for String {
    fn write_key(&self, out: &mut Writer) {
        out.write(&(self.len() as u32).to_be_bytes());
        out.write(self.as_bytes());
    }
    fn read_key(bytes: &mut &[u8]) -> Option<Self> {
        String::from_utf8(Vec::<u8>::read_key(bytes)?).ok()
    }
}

impl Key for () {
    fn write_key(&self, _: &mut Writer) {}
    fn read_key(_: &mut &[u8]) -> Option<Self> {
        Some(())
    }
}

macro_rules! tuple_key {
    ($($name:ident),+) => {
        impl<$($name: Key),+> Key for ($($name,)+) {
            #[allow(non_snake_case)]
            fn write_key(&self, out: &mut Writer) {
                let ($($name,)+) = self;
                $($name.write_key(out);)+
            }
            fn read_key(bytes: &mut &[u8]) -> Option<Self> {
                Some(($($name::read_key(bytes)?,)+))
            }
        }
    };
}
tuple_key!(A, B);
tuple_key!(A, B, C);
tuple_key!(A, B, C, D);

/// A tuple key that can be split after its first part, for paging one part's entries.
pub trait Compound: Key {
    /// The first part of the key.
    type First: Key;
    /// The rest of the key.
    type Rest: Key;
}

impl<A: Key, B: Key> Compound for (A, B) {
    type First = A;
    type Rest = B;
}

impl<A: Key, B: Key, C: Key> Compound for (A, B, C) {
    type First = A;
    type Rest = (B, C);
}

/// Encodes a key into bytes.
pub fn key_bytes<K: Key + ?Sized>(key: &K) -> Vec<u8> {
    let mut writer = Writer::new();
    key.write_key(&mut writer);
    writer.into_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<K: Key + PartialEq + core::fmt::Debug>(key: K) {
        let bytes = key_bytes(&key);
        let mut slice = bytes.as_slice();
        assert_eq!(K::read_key(&mut slice), Some(key));
        assert!(slice.is_empty());
    }

    #[test]
    fn keys_round_trip() {
        round_trip(7u64);
        round_trip(-3i32);
        round_trip(i128::MIN);
        round_trip(true);
        round_trip(Addr([9; 32]));
        round_trip(String::from("DCI-1"));
        round_trip((Addr([1; 32]), 5u64));
        round_trip((1u8, String::from("x"), 2u16));
    }

    #[test]
    fn byte_order_is_number_order() {
        let mut values = [-300i64, -1, 0, 1, 255, 256, i64::MAX, i64::MIN];
        let mut encoded: Vec<Vec<u8>> = values.iter().map(key_bytes).collect();
        values.sort();
        encoded.sort();
        let decoded: Vec<i64> = encoded
            .iter()
            .map(|b| i64::read_key(&mut b.as_slice()).unwrap())
            .collect();
        assert_eq!(decoded, values);
    }

    #[test]
    fn truncated_keys_do_not_decode() {
        assert_eq!(u64::read_key(&mut [1u8, 2].as_slice()), None);
        assert_eq!(String::read_key(&mut [0u8, 0, 0, 5, b'a'].as_slice()), None);
        assert_eq!(bool::read_key(&mut [2u8].as_slice()), None);
    }
}
