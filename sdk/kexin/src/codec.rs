//! The wire format of arguments, return values, events and state: borsh.
//!
//! These are the borsh rules (<https://borsh.io>) — little-endian integers, `u32` lengths,
//! a one-byte tag for `Option`, `Result` and enums — implemented without the `borsh` crate's
//! error model, whose heap-allocated, formatted error messages cost kilobytes in every wasm
//! module. [`Decode::decode`] answers `None` on bad input; the caller decides which error that
//! is. Contracts read their arguments and state with [`Decode::read`] instead, which has no
//! `None` to propagate: bad input ends the call on the spot (see [`malformed`]). That keeps a
//! record's decoder a straight run of reads, a fraction of the size of the checked one.
//! `sdk/kexin/tests/codec_matches_borsh.rs` checks byte-for-byte equality with the `borsh`
//! crate, so any borsh implementation (Rust, JS, Go) reads and writes Kexin data.
//!
//! `#[kexin::data]`, `#[kexin::event]` and `#[kexin::error]` implement these traits for user
//! types.

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;

use crate::Addr;

/// Where values are encoded: a growable byte buffer (on wasm, the SDK's own small buffer
/// type rather than `Vec<u8>`, which keeps kilobytes of growth code out of every contract).
#[derive(Default)]
pub struct Writer {
    buf: crate::host::Bytes,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Writer {
        Writer {
            buf: crate::host::Bytes::new(),
        }
    }

    /// Appends bytes.
    #[inline]
    pub fn write(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Appends one byte.
    #[inline]
    pub fn push(&mut self, byte: u8) {
        self.write(&[byte]);
    }

    /// The bytes written so far.
    pub fn as_slice(&self) -> &[u8] {
        &self.buf
    }

    /// The bytes written, as a vector.
    pub fn into_vec(self) -> Vec<u8> {
        #[cfg(target_arch = "wasm32")]
        return self.buf.into_vec();
        #[cfg(not(target_arch = "wasm32"))]
        self.buf
    }

    /// The bytes written, in the SDK's buffer type.
    pub(crate) fn into_bytes(self) -> crate::host::Bytes {
        self.buf
    }
}

/// A value that can be written in borsh format.
pub trait Encode {
    /// Appends this value's encoding.
    fn encode(&self, out: &mut Writer);

    /// Appends the encodings of several values (bytes are copied in one go).
    #[doc(hidden)]
    fn encode_all(items: &[Self], out: &mut Writer)
    where
        Self: Sized,
    {
        for item in items {
            item.encode(out);
        }
    }
}

/// A value that can be read from borsh format.
pub trait Decode: Sized {
    /// Reads a value from the front of `input`, advancing it; `None` if the bytes are not one.
    fn decode(input: &mut &[u8]) -> Option<Self>;

    /// Reads a value from the front of `input`, advancing it, inside a contract call: bytes
    /// that are not one end the call through [`malformed`] (the bad-input revert while the
    /// arguments are read, an abort afterwards). The same bytes give the same value as
    /// [`Decode::decode`].
    #[inline]
    fn read(input: &mut &[u8]) -> Self {
        match Self::decode(input) {
            Some(value) => value,
            None => malformed(),
        }
    }

    /// Reads `len` values (bytes are copied in one go).
    #[doc(hidden)]
    fn decode_all(len: usize, input: &mut &[u8]) -> Option<Vec<Self>> {
        // Never trust a length prefix for the allocation size: cap the reservation by the
        // input left.
        let mut items = Vec::with_capacity(len.min(input.len()));
        for _ in 0..len {
            items.push(Self::decode(input)?);
        }
        Some(items)
    }

    /// [`Decode::decode_all`] for [`Decode::read`].
    #[doc(hidden)]
    fn read_all(len: usize, input: &mut &[u8]) -> Vec<Self> {
        let mut items = Vec::with_capacity(len.min(input.len()));
        for _ in 0..len {
            items.push(Self::read(input));
        }
        items
    }
}

/// What a failed [`Decode::read`] means at this point of a call.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Reading {
    /// The contract's own state, or anything else but the arguments: bad bytes mean a bug or
    /// a layout changed without migration (an abort).
    State = 0,
    /// The call's arguments: bad bytes are the caller's fault (the bad-input revert).
    Arguments = 1,
}

// Each wasm call runs in a fresh instance, so this starts at `State` on every call; the
// native backend resets it when a call starts.
#[cfg(target_arch = "wasm32")]
static READING: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);

#[cfg(not(target_arch = "wasm32"))]
std::thread_local! {
    static READING: core::cell::Cell<u8> = const { core::cell::Cell::new(0) };
}

/// Sets what a failed [`Decode::read`] means from now on in this call.
#[inline]
pub(crate) fn set_reading(what: Reading) {
    #[cfg(target_arch = "wasm32")]
    READING.store(what as u8, core::sync::atomic::Ordering::Relaxed);
    #[cfg(not(target_arch = "wasm32"))]
    READING.with(|r| r.set(what as u8));
}

/// Ends the call because bytes did not decode: with the bad-input revert while the call's
/// arguments are read, with an abort ("stored value does not match its declared type")
/// afterwards. Every failing [`Decode::read`] comes here.
#[cold]
#[inline(never)]
pub fn malformed() -> ! {
    #[cfg(target_arch = "wasm32")]
    let reading = READING.load(core::sync::atomic::Ordering::Relaxed);
    #[cfg(not(target_arch = "wasm32"))]
    let reading = READING.with(|r| r.get());
    if reading == Reading::Arguments as u8 {
        crate::__private::bad_input()
    }
    crate::error::fatal("stored value does not match its declared type")
}

/// Ends the call through [`malformed`] if bytes are left after a value (one copy for every
/// type).
#[inline(never)]
pub(crate) fn read_end(rest: &[u8]) {
    if !rest.is_empty() {
        malformed()
    }
}

/// `take` for [`Decode::read`].
#[inline]
fn read_bytes<'a>(input: &mut &'a [u8], n: usize) -> &'a [u8] {
    match take(input, n) {
        Some(bytes) => bytes,
        None => malformed(),
    }
}

/// `take_array` for [`Decode::read`]: one copy per array length serves every type.
#[inline(never)]
fn read_array<const N: usize>(input: &mut &[u8]) -> [u8; N] {
    match take_array(input) {
        Some(array) => array,
        None => malformed(),
    }
}

fn read_len(input: &mut &[u8]) -> usize {
    u32::read(input) as usize
}

/// A tag byte that must be `0` or `1` (bool, `Option`, `Result`).
fn read_flag(input: &mut &[u8]) -> bool {
    match u8::read(input) {
        0 => false,
        1 => true,
        _ => malformed(),
    }
}

/// The encoding of a value.
pub fn to_vec<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
    let mut writer = Writer::new();
    value.encode(&mut writer);
    writer.into_vec()
}

/// The encoding of a value, in the SDK's buffer type (no copy into a `Vec`).
///
/// Takes a trait object so that one copy of this code serves every type in a contract.
pub(crate) fn to_bytes(value: &dyn Encode) -> crate::host::Bytes {
    let mut writer = Writer::new();
    value.encode(&mut writer);
    writer.into_bytes()
}

/// Decodes a value that must use all of `bytes`.
#[inline(always)]
pub fn from_slice<T: Decode>(mut bytes: &[u8]) -> Option<T> {
    let value = T::decode(&mut bytes)?;
    bytes.is_empty().then_some(value)
}

#[inline(always)]
fn take<'a>(input: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, tail) = input.split_at_checked(n)?;
    *input = tail;
    Some(head)
}

#[inline(always)]
fn take_array<const N: usize>(input: &mut &[u8]) -> Option<[u8; N]> {
    take(input, N)?.try_into().ok()
}

fn encode_len(len: usize, out: &mut Writer) {
    (len as u32).encode(out);
}

fn decode_len(input: &mut &[u8]) -> Option<usize> {
    u32::decode(input).map(|n| n as usize)
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode(&self, out: &mut Writer) {
                out.write(&self.to_le_bytes());
            }
        }
        impl Decode for $t {
            #[inline(always)]
            fn decode(input: &mut &[u8]) -> Option<Self> {
                take_array(input).map(<$t>::from_le_bytes)
            }
            #[inline]
            fn read(input: &mut &[u8]) -> Self {
                <$t>::from_le_bytes(read_array(input))
            }
        }
    )*};
}
integers!(u16, u32, u64, u128, i8, i16, i32, i64, i128);

impl Encode for u8 {
    fn encode(&self, out: &mut Writer) {
        out.push(*self);
    }
    fn encode_all(items: &[u8], out: &mut Writer) {
        out.write(items);
    }
}

impl Decode for u8 {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        let (first, rest) = input.split_first()?;
        *input = rest;
        Some(*first)
    }
    fn read(input: &mut &[u8]) -> Self {
        let [byte] = read_array::<1>(input);
        byte
    }
    fn decode_all(len: usize, input: &mut &[u8]) -> Option<Vec<u8>> {
        let mut writer = Writer::new();
        writer.write(take(input, len)?);
        Some(writer.into_vec())
    }
    fn read_all(len: usize, input: &mut &[u8]) -> Vec<u8> {
        let mut writer = Writer::new();
        writer.write(read_bytes(input, len));
        writer.into_vec()
    }
}

impl Encode for bool {
    fn encode(&self, out: &mut Writer) {
        out.push(*self as u8);
    }
}

impl Decode for bool {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        match u8::decode(input)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn read(input: &mut &[u8]) -> Self {
        read_flag(input)
    }
}

impl Encode for () {
    fn encode(&self, _: &mut Writer) {}
}

impl Decode for () {
    fn decode(_: &mut &[u8]) -> Option<Self> {
        Some(())
    }
    fn read(_: &mut &[u8]) -> Self {}
}

impl<T: Encode + ?Sized> Encode for &T {
    fn encode(&self, out: &mut Writer) {
        (**self).encode(out);
    }
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode(&self, out: &mut Writer) {
        (**self).encode(out);
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        T::decode(input).map(Box::new)
    }
    fn read(input: &mut &[u8]) -> Self {
        Box::new(T::read(input))
    }
}

impl Encode for str {
    fn encode(&self, out: &mut Writer) {
        encode_len(self.len(), out);
        out.write(self.as_bytes());
    }
}

impl Encode for String {
    fn encode(&self, out: &mut Writer) {
        self.as_str().encode(out);
    }
}

impl Decode for String {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        String::from_utf8(Vec::<u8>::decode(input)?).ok()
    }
    fn read(input: &mut &[u8]) -> Self {
        match String::from_utf8(Vec::<u8>::read(input)) {
            Ok(text) => text,
            Err(_) => malformed(),
        }
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, out: &mut Writer) {
        encode_len(self.len(), out);
        T::encode_all(self, out);
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, out: &mut Writer) {
        self.as_slice().encode(out);
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        let len = decode_len(input)?;
        T::decode_all(len, input)
    }
    fn read(input: &mut &[u8]) -> Self {
        let len = read_len(input);
        T::read_all(len, input)
    }
}

/// Fixed-size byte arrays (digests, keys) are written as they are, with no length.
impl<const N: usize> Encode for [u8; N] {
    fn encode(&self, out: &mut Writer) {
        out.write(self);
    }
}

impl<const N: usize> Decode for [u8; N] {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        take_array(input)
    }
    fn read(input: &mut &[u8]) -> Self {
        read_array(input)
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, out: &mut Writer) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.encode(out);
            }
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        match u8::decode(input)? {
            0 => Some(None),
            1 => T::decode(input).map(Some),
            _ => None,
        }
    }
    fn read(input: &mut &[u8]) -> Self {
        read_flag(input).then(|| T::read(input))
    }
}

impl<T: Encode, E: Encode> Encode for Result<T, E> {
    fn encode(&self, out: &mut Writer) {
        match self {
            Err(error) => {
                out.push(0);
                error.encode(out);
            }
            Ok(value) => {
                out.push(1);
                value.encode(out);
            }
        }
    }
}

impl<T: Decode, E: Decode> Decode for Result<T, E> {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        match u8::decode(input)? {
            0 => E::decode(input).map(Err),
            1 => T::decode(input).map(Ok),
            _ => None,
        }
    }
    fn read(input: &mut &[u8]) -> Self {
        if read_flag(input) {
            Ok(T::read(input))
        } else {
            Err(E::read(input))
        }
    }
}

impl<K: Encode, V: Encode> Encode for BTreeMap<K, V> {
    fn encode(&self, out: &mut Writer) {
        encode_len(self.len(), out);
        for (key, value) in self {
            key.encode(out);
            value.encode(out);
        }
    }
}

impl<K: Decode + Ord, V: Decode> Decode for BTreeMap<K, V> {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        let len = decode_len(input)?;
        let mut map = BTreeMap::new();
        for _ in 0..len {
            let key = K::decode(input)?;
            let value = V::decode(input)?;
            // borsh requires strictly increasing keys, so that one map has one encoding.
            if map.last_key_value().is_some_and(|(last, _)| *last >= key) {
                return None;
            }
            map.insert(key, value);
        }
        Some(map)
    }
}

impl<T: Encode> Encode for BTreeSet<T> {
    fn encode(&self, out: &mut Writer) {
        encode_len(self.len(), out);
        for item in self {
            item.encode(out);
        }
    }
}

impl<T: Decode + Ord> Decode for BTreeSet<T> {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        let len = decode_len(input)?;
        let mut set = BTreeSet::new();
        for _ in 0..len {
            let item = T::decode(input)?;
            if set.last().is_some_and(|last| *last >= item) {
                return None;
            }
            set.insert(item);
        }
        Some(set)
    }
}

impl Encode for Addr {
    fn encode(&self, out: &mut Writer) {
        out.write(&self.0);
    }
}

impl Decode for Addr {
    #[inline(always)]
    fn decode(input: &mut &[u8]) -> Option<Self> {
        take_array(input).map(Addr)
    }
    #[inline]
    fn read(input: &mut &[u8]) -> Self {
        Addr(read_array(input))
    }
}

macro_rules! tuples {
    ($(($($name:ident),+))*) => {$(
        impl<$($name: Encode),+> Encode for ($($name,)+) {
            #[allow(non_snake_case)]
            fn encode(&self, out: &mut Writer) {
                let ($($name,)+) = self;
                $($name.encode(out);)+
            }
        }
        impl<$($name: Decode),+> Decode for ($($name,)+) {
            fn decode(input: &mut &[u8]) -> Option<Self> {
                Some(($($name::decode(input)?,)+))
            }
            fn read(input: &mut &[u8]) -> Self {
                ($($name::read(input),)+)
            }
        }
    )*};
}
tuples! {
    (A)
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
    (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H)
}
