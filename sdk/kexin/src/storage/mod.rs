//! Typed, lazy storage: each field of a `#[contract]` struct is a collection under its own
//! key prefix, and each access reads or writes only the entries it touches.
//!
//! | type | keys | use |
//! |---|---|---|
//! | [`Item<T>`] | the prefix | one value (configuration, a total) |
//! | [`Map<K, V>`] | prefix ‖ key | records by id or address; pages in key order |
//! | [`List<T>`] | prefix (length), prefix ‖ index | an append-only log, paged by index |
//! | [`Sequence`] | the prefix | ids 1, 2, 3, … |
//!
//! Values are borsh-encoded. The field's prefix is its position in the struct (one byte), so
//! fields may be added at the end but never reordered once deployed; the ABI records the
//! layout so that tools can decode state.

mod key;

use alloc::vec::Vec;
use core::marker::PhantomData;

use crate::codec::{self, Decode, Encode};

pub use key::{key_bytes, Compound, Key};

use crate::error::OrFatal;
use crate::host;

/// The largest `limit` a paged view should accept, by the shared conventions.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// A storage key prefix of up to 7 bytes, cheap to copy.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Prefix {
    bytes: [u8; 7],
    len: u8,
}

impl Prefix {
    /// The prefix of the contract struct's field at this position.
    pub const fn field(index: u8) -> Prefix {
        Prefix { bytes: [index, 0, 0, 0, 0, 0, 0], len: 1 }
    }

    /// A sub-prefix, for collections made of several collections.
    pub const fn child(self, byte: u8) -> Prefix {
        assert!(self.len < 7, "storage prefixes nest at most 7 levels");
        let mut bytes = self.bytes;
        bytes[self.len as usize] = byte;
        Prefix { bytes, len: self.len + 1 }
    }

    /// The prefix bytes.
    pub fn as_slice(&self) -> &[u8] {
        // `len ≤ 7` always holds; `get` keeps a panic path (and its formatting) out of the wasm.
        self.bytes.get(..self.len as usize).unwrap_or(&[])
    }

    /// The full storage key: this prefix, then `key`.
    fn key<K: Key + ?Sized>(&self, key: &K) -> host::Bytes {
        join(self.as_slice(), key)
    }
}

/// A storage collection that lives under a prefix; every field of a contract struct is one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of a #[contract] struct",
    label = "contract fields are storage collections",
    note = "wrap the value in a collection: `kexin::Item<{Self}>` for one value, `kexin::Map<K, {Self}>` for many"
)]
pub trait Storage {
    /// The collection stored under `prefix`.
    fn at(prefix: Prefix) -> Self;
}

/// The value under a full storage key.
fn read<T: Decode>(key: &[u8]) -> Option<T> {
    host::storage_get(key).map(|bytes| decode(&bytes))
}

/// Stores a value under a full storage key.
fn write<T: Encode + ?Sized>(key: &[u8], value: &T) {
    host::storage_set(key, &codec::to_bytes(value));
}

fn decode<T: Decode>(bytes: &[u8]) -> T {
    // Stored values were written by this contract; failing to read one means the state
    // layout changed without a migration, which must stop the call.
    codec::from_slice(bytes).or_fatal("stored value does not match its declared type")
}

/// One page of a paged view: the items and the cursor to pass for the next page.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Page<T, C> {
    /// The items of this page, in key order.
    pub items: Vec<T>,
    /// The cursor of the next page (`after` for the next call), or `None` on the last page.
    pub next: Option<C>,
}

impl<T: Encode, C: Encode> Encode for Page<T, C> {
    fn encode(&self, out: &mut codec::Writer) {
        self.items.encode(out);
        self.next.encode(out);
    }
}

impl<T: Decode, C: Decode> Decode for Page<T, C> {
    fn decode(input: &mut &[u8]) -> Option<Self> {
        Some(Page { items: Vec::decode(input)?, next: Option::decode(input)? })
    }
}

/// A single value.
pub struct Item<T> {
    prefix: Prefix,
    _value: PhantomData<T>,
}

impl<T> Storage for Item<T> {
    fn at(prefix: Prefix) -> Self {
        Item { prefix, _value: PhantomData }
    }
}

impl<T: Encode + Decode> Item<T> {
    /// The value, or `None` if it was never set.
    pub fn get(&self) -> Option<T> {
        read(self.prefix.as_slice())
    }

    /// The value, or the type's default if it was never set.
    pub fn get_or_default(&self) -> T
    where
        T: Default,
    {
        self.get().unwrap_or_default()
    }

    /// Sets the value.
    pub fn set(&mut self, value: &T) {
        write(self.prefix.as_slice(), value);
    }

    /// Deletes the value; returns whether there was one.
    pub fn remove(&mut self) -> bool {
        host::storage_delete(self.prefix.as_slice())
    }

    /// Whether a value is set.
    pub fn exists(&self) -> bool {
        host::storage_len(self.prefix.as_slice()).is_some()
    }
}

/// A map from keys to values, read and written one entry at a time.
pub struct Map<K, V> {
    prefix: Prefix,
    _entries: PhantomData<(K, V)>,
}

impl<K, V> Storage for Map<K, V> {
    fn at(prefix: Prefix) -> Self {
        Map { prefix, _entries: PhantomData }
    }
}

/// `bytes` followed by the encoding of `key`.
fn join<K: Key + ?Sized>(bytes: &[u8], key: &K) -> host::Bytes {
    let mut writer = codec::Writer::new();
    writer.write(bytes);
    key.write_key(&mut writer);
    writer.into_bytes()
}

/// Up to `limit` entries under `prefix` after the full key `cursor`, with the part of each
/// key after `prefix` decoded as `S`. One `storage_next_key` per entry, plus one to learn
/// whether another page follows.
fn page_under<S: Key, V: Decode>(
    prefix: &[u8],
    mut cursor: Option<host::Bytes>,
    limit: u32,
) -> Page<(S, V), S> {
    let mut items = Vec::new();
    let mut more = false;
    while let Some(key) = host::storage_next(prefix, cursor.as_deref()) {
        if items.len() == limit as usize {
            more = true;
            break;
        }
        let value = read(&key).or_fatal("a listed key has a value");
        let mut suffix = key.get(prefix.len()..).unwrap_or(&[]);
        let part = S::read_key(&mut suffix).or_fatal("stored key does not match its declared type");
        items.push((part, value));
        cursor = Some(key);
    }
    let next = if more { items.last().map(|(k, _)| clone_key(k)) } else { None };
    Page { items, next }
}

impl<K: Key, V: Encode + Decode> Map<K, V> {
    /// The value under `key`.
    pub fn get(&self, key: &K) -> Option<V> {
        read(&self.prefix.key(key))
    }

    /// The value under `key`, or the default.
    pub fn get_or_default(&self, key: &K) -> V
    where
        V: Default,
    {
        self.get(key).unwrap_or_default()
    }

    /// Whether `key` has a value.
    pub fn contains(&self, key: &K) -> bool {
        host::storage_len(&self.prefix.key(key)).is_some()
    }

    /// Sets the value under `key`.
    pub fn set(&mut self, key: &K, value: &V) {
        write(&self.prefix.key(key), value);
    }

    /// Deletes `key`; returns whether it had a value.
    pub fn remove(&mut self, key: &K) -> bool {
        host::storage_delete(&self.prefix.key(key))
    }

    /// Up to `limit` entries with keys greater than `after`, in key order.
    pub fn page(&self, after: Option<&K>, limit: u32) -> Page<(K, V), K> {
        page_under(self.prefix.as_slice(), after.map(|k| self.prefix.key(k)), limit)
    }
}

impl<K: Compound, V: Encode + Decode> Map<K, V> {
    /// Up to `limit` entries whose key starts with `first`, after the rest-of-key `after`.
    ///
    /// This is how secondary indexes are read: a `Map<(Addr, Id), ()>` paged by holder.
    pub fn page_prefix(
        &self,
        first: &K::First,
        after: Option<&K::Rest>,
        limit: u32,
    ) -> Page<(K::Rest, V), K::Rest> {
        let prefix = self.prefix.key(first);
        let after = after.map(|rest| join(&prefix, rest));
        page_under(&prefix, after, limit)
    }
}

/// Keys are rebuilt from bytes rather than requiring `Clone` of every key type.
fn clone_key<K: Key>(key: &K) -> K {
    let bytes = key_bytes(key);
    K::read_key(&mut bytes.as_slice()).or_fatal("a key re-reads its own encoding")
}

/// An append-only list, addressed by index from 0.
pub struct List<T> {
    prefix: Prefix,
    _items: PhantomData<T>,
}

impl<T> Storage for List<T> {
    fn at(prefix: Prefix) -> Self {
        List { prefix, _items: PhantomData }
    }
}

impl<T: Encode + Decode> List<T> {
    /// Number of items.
    pub fn len(&self) -> u64 {
        read(self.prefix.as_slice()).unwrap_or(0)
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends an item and returns its index.
    pub fn push(&mut self, item: &T) -> u64 {
        let index = self.len();
        write(&self.prefix.key(&index), item);
        write(self.prefix.as_slice(), &(index + 1));
        index
    }

    /// The item at `index`.
    pub fn get(&self, index: u64) -> Option<T> {
        read(&self.prefix.key(&index))
    }

    /// Replaces the item at `index`; returns `false` (and writes nothing) if it does not exist.
    pub fn set(&mut self, index: u64, item: &T) -> bool {
        if index >= self.len() {
            return false;
        }
        write(&self.prefix.key(&index), item);
        true
    }

    /// Up to `limit` items starting at index `start`, with the next start index.
    pub fn page(&self, start: u64, limit: u32) -> Page<(u64, T), u64> {
        let len = self.len();
        let end = start.saturating_add(limit as u64).min(len);
        let items = (start..end)
            .map(|i| (i, self.get(i).or_fatal("indexes below the length exist")))
            .collect();
        Page { items, next: (end < len).then_some(end) }
    }
}

/// A counter that hands out ids 1, 2, 3, …; 0 is never issued and means "none".
pub struct Sequence {
    last: Item<u64>,
}

impl Storage for Sequence {
    fn at(prefix: Prefix) -> Self {
        Sequence { last: Item::at(prefix) }
    }
}

impl Sequence {
    /// The next id. Panics (reverting the call) after `u64::MAX` ids.
    pub fn next_id(&mut self) -> u64 {
        let id = self.last.get_or_default().checked_add(1).or_fatal("id sequence exhausted");
        self.last.set(&id);
        id
    }

    /// The last id handed out (0 if none).
    pub fn last_id(&self) -> u64 {
        self.last.get_or_default()
    }
}
