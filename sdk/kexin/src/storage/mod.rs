//! Typed, lazy storage: each field of a `#[contract]` struct is a collection under its own
//! key prefix, and each access reads or writes only the entries it touches.
//!
//! | type | keys | use |
//! |---|---|---|
//! | [`Item<T>`] | `P` | one value (configuration, a total) |
//! | [`Map<K, V>`] | `P` ‖ key | records by id or address; pages in key order |
//! | [`List<T>`] | `P` (length), `P` ‖ index | an append-only log, paged by index |
//! | [`Sequence`] | `P` | ids 1, 2, 3, … |
//!
//! Collections are zero-sized: the prefix `P` is a constant type parameter that `#[contract]`
//! fills in from the field's position (or its `#[prefix(n)]` attribute), as in
//! `balances: Map<Addr, u128>` becoming `Map<Addr, u128, 2>`. Building the contract costs
//! nothing at run time and every key prefix is known to the compiler. Fields may be added at
//! the end, but a deployed contract's fields must not be reordered unless each carries an
//! explicit `#[prefix(n)]`. Values are borsh-encoded; the ABI records the layout so that tools
//! can decode state.

mod key;

use alloc::vec::Vec;
use core::marker::PhantomData;

use crate::codec::{self, Decode, Encode};

pub use key::{key_bytes, Compound, Key};

use crate::error::OrAbort;
use crate::host;

/// The largest `limit` a paged view should accept, by the shared conventions.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// A storage collection that lives under a prefix; every field of a contract struct is one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of a #[contract] struct",
    label = "contract fields are storage collections",
    note = "wrap the value in a collection: `kexin::Item<{Self}>` for one value, `kexin::Map<K, {Self}>` for many"
)]
pub trait Storage {
    /// The collection (a zero-sized handle; its prefix is part of its type).
    const NEW: Self;
}

/// The value under a full storage key.
fn read<T: Decode>(key: &[u8]) -> Option<T> {
    host::storage_get(key).map(|bytes| decode(&bytes))
}

/// Stores a value under a full storage key.
fn write(key: &[u8], value: &dyn Encode) {
    host::storage_set(key, &codec::to_bytes(value));
}

#[inline(always)]
fn decode<T: Decode>(mut bytes: &[u8]) -> T {
    // Stored values were written by this contract; failing to read one means the state
    // layout changed without a migration, which must stop the call (`codec::malformed`).
    let value = T::read(&mut bytes);
    codec::read_end(bytes);
    value
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
        Some(Page {
            items: Vec::decode(input)?,
            next: Option::decode(input)?,
        })
    }
}

/// A single value, stored under the one-byte key `P`.
pub struct Item<T, const P: u8 = 0> {
    _value: PhantomData<T>,
}

impl<T, const P: u8> Storage for Item<T, P> {
    const NEW: Self = Item {
        _value: PhantomData,
    };
}

impl<T: Encode + Decode, const P: u8> Item<T, P> {
    const KEY: &'static [u8] = &[P];

    /// The value, or `None` if it was never set.
    pub fn get(&self) -> Option<T> {
        read(Self::KEY)
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
        write(Self::KEY, value);
    }

    /// Deletes the value; returns whether there was one.
    pub fn remove(&mut self) -> bool {
        host::storage_delete(Self::KEY)
    }

    /// Whether a value is set.
    pub fn exists(&self) -> bool {
        host::storage_len(Self::KEY).is_some()
    }
}

/// A map from keys to values under the prefix `P`, read and written one entry at a time.
pub struct Map<K, V, const P: u8 = 0> {
    _entries: PhantomData<(K, V)>,
}

impl<K, V, const P: u8> Storage for Map<K, V, P> {
    const NEW: Self = Map {
        _entries: PhantomData,
    };
}

/// `bytes` followed by the encoding of `key`.
fn join(bytes: &[u8], key: &dyn Key) -> host::Bytes {
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
        let value = read(&key).or_abort("a listed key has a value");
        let mut suffix = key.get(prefix.len()..).unwrap_or(&[]);
        let part = S::read_key(&mut suffix).or_abort("stored key does not match its declared type");
        items.push((part, value));
        cursor = Some(key);
    }
    let next = if more {
        items.last().map(|(k, _)| clone_key(k))
    } else {
        None
    };
    Page { items, next }
}

// The map operations are generic only in the value type, with the prefix and key passed in:
// maps holding the same value type share one copy of each (a token's balances and
// allowances are both `u128`). The methods below are inlined wrappers.

fn map_get<V: Decode>(prefix: u8, key: &dyn Key) -> Option<V> {
    read(&join(&[prefix], key))
}

fn map_get_or_default<V: Decode + Default>(prefix: u8, key: &dyn Key) -> V {
    map_get(prefix, key).unwrap_or_default()
}

fn map_set(prefix: u8, key: &dyn Key, value: &dyn Encode) {
    write(&join(&[prefix], key), value);
}

fn map_set_or_remove<V: Encode + Default + PartialEq>(prefix: u8, key: &dyn Key, value: &V) {
    let key = join(&[prefix], key);
    if *value == V::default() {
        host::storage_delete(&key);
    } else {
        write(&key, value);
    }
}

fn map_remove(prefix: u8, key: &dyn Key) -> bool {
    host::storage_delete(&join(&[prefix], key))
}

fn map_contains(prefix: u8, key: &dyn Key) -> bool {
    host::storage_len(&join(&[prefix], key)).is_some()
}

impl<K: Key, V: Encode + Decode, const P: u8> Map<K, V, P> {
    fn key(key: &K) -> host::Bytes {
        join(&[P], key)
    }

    /// The value under `key`.
    #[inline(always)]
    pub fn get(&self, key: &K) -> Option<V> {
        map_get(P, key)
    }

    /// The value under `key`, or the default.
    #[inline(always)]
    pub fn get_or_default(&self, key: &K) -> V
    where
        V: Default,
    {
        map_get_or_default(P, key)
    }

    /// Whether `key` has a value.
    #[inline(always)]
    pub fn contains(&self, key: &K) -> bool {
        map_contains(P, key)
    }

    /// Sets the value under `key`.
    #[inline(always)]
    pub fn set(&mut self, key: &K, value: &V) {
        map_set(P, key, value);
    }

    /// Deletes `key`; returns whether it had a value.
    #[inline(always)]
    pub fn remove(&mut self, key: &K) -> bool {
        map_remove(P, key)
    }

    /// Sets the value under `key`, or deletes the entry when the value is the default (a
    /// zero balance, an empty allowance), so that state holds only what matters and a read
    /// of a missing key with [`Map::get_or_default`] gives the same answer.
    #[inline(always)]
    pub fn set_or_remove(&mut self, key: &K, value: &V)
    where
        V: Default + PartialEq,
    {
        map_set_or_remove(P, key, value);
    }

    /// Up to `limit` entries with keys greater than `after`, in key order.
    pub fn page(&self, after: Option<&K>, limit: u32) -> Page<(K, V), K> {
        page_under(&[P], after.map(Self::key), limit)
    }
}

impl<K: Compound, V: Encode + Decode, const P: u8> Map<K, V, P> {
    /// Up to `limit` entries whose key starts with `first`, after the rest-of-key `after`.
    ///
    /// This is how secondary indexes are read: a `Map<(Addr, Id), ()>` paged by holder.
    pub fn page_prefix(
        &self,
        first: &K::First,
        after: Option<&K::Rest>,
        limit: u32,
    ) -> Page<(K::Rest, V), K::Rest> {
        let prefix = join(&[P], first);
        let after = after.map(|rest| join(&prefix, rest));
        page_under(&prefix, after, limit)
    }
}

/// Keys are rebuilt from bytes rather than requiring `Clone` of every key type.
fn clone_key<K: Key>(key: &K) -> K {
    let bytes = key_bytes(key);
    K::read_key(&mut bytes.as_slice()).or_abort("a key re-reads its own encoding")
}

/// An append-only list, addressed by index from 0: its length under `P`, item `i` under
/// `P` ‖ `i` (big-endian).
pub struct List<T, const P: u8 = 0> {
    _items: PhantomData<T>,
}

impl<T, const P: u8> Storage for List<T, P> {
    const NEW: Self = List {
        _items: PhantomData,
    };
}

impl<T: Encode + Decode, const P: u8> List<T, P> {
    fn key(index: u64) -> host::Bytes {
        join(&[P], &index)
    }

    /// Number of items.
    pub fn len(&self) -> u64 {
        read(&[P]).unwrap_or(0)
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends an item and returns its index.
    pub fn push(&mut self, item: &T) -> u64 {
        let index = self.len();
        write(&Self::key(index), item);
        write(&[P], &(index + 1));
        index
    }

    /// The item at `index`.
    pub fn get(&self, index: u64) -> Option<T> {
        read(&Self::key(index))
    }

    /// Replaces the item at `index`; returns `false` (and writes nothing) if it does not exist.
    pub fn set(&mut self, index: u64, item: &T) -> bool {
        if index >= self.len() {
            return false;
        }
        write(&Self::key(index), item);
        true
    }

    /// Up to `limit` items starting at index `start`, with the next start index.
    pub fn page(&self, start: u64, limit: u32) -> Page<(u64, T), u64> {
        let len = self.len();
        let end = start.saturating_add(limit as u64).min(len);
        let items = (start..end)
            .map(|i| (i, self.get(i).or_abort("indexes below the length exist")))
            .collect();
        Page {
            items,
            next: (end < len).then_some(end),
        }
    }
}

/// A counter that hands out ids 1, 2, 3, …; 0 is never issued and means "none".
pub struct Sequence<const P: u8 = 0> {
    last: Item<u64, P>,
}

impl<const P: u8> Storage for Sequence<P> {
    const NEW: Self = Sequence { last: Item::NEW };
}

impl<const P: u8> Sequence<P> {
    /// The next id. Panics (reverting the call) after `u64::MAX` ids.
    pub fn next_id(&mut self) -> u64 {
        let id = self
            .last
            .get_or_default()
            .checked_add(1)
            .or_abort("id sequence exhausted");
        self.last.set(&id);
        id
    }

    /// The last id handed out (0 if none).
    pub fn last_id(&self) -> u64 {
        self.last.get_or_default()
    }
}
