//! Contract state: a key-value map per contract, with a journal so that a failed call — or a
//! failed nested call inside a successful one — leaves no write behind.

use std::collections::BTreeMap;
use std::ops::Bound;

use kexin::Addr;

/// All contracts' storage, with an undo journal of the running transaction.
#[derive(Default, Debug, Clone)]
pub struct Store {
    contracts: BTreeMap<Addr, BTreeMap<Vec<u8>, Vec<u8>>>,
    /// (contract, key, value before the write) for every write since the last commit.
    journal: Vec<(Addr, Vec<u8>, Option<Vec<u8>>)>,
}

/// A write as the journal reports it: `(contract, key)` and the value now (`None`: deleted).
pub type Change = ((Addr, Vec<u8>), Option<Vec<u8>>);

/// A point in the journal to roll back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpoint(usize);

impl Store {
    /// The value under `key` in `contract`'s storage.
    pub fn get(&self, contract: &Addr, key: &[u8]) -> Option<&[u8]> {
        self.contracts.get(contract)?.get(key).map(Vec::as_slice)
    }

    /// Stores a value, remembering the old one.
    pub fn set(&mut self, contract: &Addr, key: &[u8], value: &[u8]) {
        let old = self
            .contracts
            .entry(*contract)
            .or_default()
            .insert(key.to_vec(), value.to_vec());
        self.journal.push((*contract, key.to_vec(), old));
    }

    /// Deletes a key, remembering the old value; returns whether it existed.
    pub fn remove(&mut self, contract: &Addr, key: &[u8]) -> bool {
        let old = self
            .contracts
            .get_mut(contract)
            .and_then(|kv| kv.remove(key));
        let existed = old.is_some();
        if existed {
            self.journal.push((*contract, key.to_vec(), old));
        }
        existed
    }

    /// The smallest key of `contract` that starts with `prefix` and is greater than `after`
    /// (or is the first with the prefix when `after` is `None`).
    pub fn next_key(&self, contract: &Addr, prefix: &[u8], after: Option<&[u8]>) -> Option<&[u8]> {
        let kv = self.contracts.get(contract)?;
        let lower = match after {
            Some(after) if after >= prefix => Bound::Excluded(after.to_vec()),
            _ => Bound::Included(prefix.to_vec()),
        };
        kv.range((lower, Bound::Unbounded))
            .map(|(k, _)| k.as_slice())
            .next()
            .filter(|k| k.starts_with(prefix))
    }

    /// Every key and value of a contract, in key order.
    pub fn entries(&self, contract: &Addr) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.contracts
            .get(contract)
            .into_iter()
            .flat_map(|kv| kv.iter().map(|(k, v)| (k.as_slice(), v.as_slice())))
    }

    /// The current point of the journal.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.journal.len())
    }

    /// Every key written since `checkpoint`, with its value now (`None`: deleted), in order.
    pub fn changes_since(
        &self,
        checkpoint: Checkpoint,
    ) -> BTreeMap<(Addr, Vec<u8>), Option<Vec<u8>>> {
        self.journal[checkpoint.0.min(self.journal.len())..]
            .iter()
            .map(|(contract, key, _)| {
                let now = self.get(contract, key).map(<[u8]>::to_vec);
                ((*contract, key.clone()), now)
            })
            .collect()
    }

    /// Undoes every write after `checkpoint`, newest first.
    pub fn rollback(&mut self, checkpoint: Checkpoint) {
        while self.journal.len() > checkpoint.0 {
            let (contract, key, old) = self.journal.pop().expect("length checked");
            let kv = self.contracts.entry(contract).or_default();
            match old {
                Some(value) => kv.insert(key, value),
                None => kv.remove(&key),
            };
        }
    }

    /// Makes every write final (at the end of a successful top-level call).
    pub fn commit(&mut self) {
        self.journal.clear();
    }

    /// Deletes every key of a contract (a failed deployment).
    pub fn clear(&mut self, contract: &Addr) {
        self.contracts.remove(contract);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Addr = Addr([1; 32]);
    const B: Addr = Addr([2; 32]);

    #[test]
    fn rollback_restores_every_kind_of_write() {
        let mut store = Store::default();
        store.set(&A, b"kept", b"1");
        store.set(&A, b"changed", b"old");
        store.commit();
        let cp = store.checkpoint();
        store.set(&A, b"changed", b"new");
        store.set(&A, b"added", b"x");
        store.remove(&A, b"kept");
        store.set(&B, b"other", b"y");
        store.rollback(cp);
        assert_eq!(store.get(&A, b"kept"), Some(&b"1"[..]));
        assert_eq!(store.get(&A, b"changed"), Some(&b"old"[..]));
        assert_eq!(store.get(&A, b"added"), None);
        assert_eq!(store.get(&B, b"other"), None);
    }

    #[test]
    fn nested_checkpoints_roll_back_independently() {
        let mut store = Store::default();
        let outer = store.checkpoint();
        store.set(&A, b"a", b"1");
        let inner = store.checkpoint();
        store.set(&A, b"b", b"2");
        store.rollback(inner);
        assert_eq!(store.get(&A, b"a"), Some(&b"1"[..]));
        assert_eq!(store.get(&A, b"b"), None);
        store.rollback(outer);
        assert_eq!(store.get(&A, b"a"), None);
    }

    #[test]
    fn next_key_pages_within_a_prefix() {
        let mut store = Store::default();
        for key in [&b"\x01a"[..], b"\x01b", b"\x01c", b"\x02a", b"\x01"] {
            store.set(&A, key, b"");
        }
        store.set(&B, b"\x01z", b"");
        assert_eq!(store.next_key(&A, b"\x01", None), Some(&b"\x01"[..]));
        assert_eq!(
            store.next_key(&A, b"\x01", Some(b"\x01")),
            Some(&b"\x01a"[..])
        );
        assert_eq!(
            store.next_key(&A, b"\x01", Some(b"\x01b")),
            Some(&b"\x01c"[..])
        );
        assert_eq!(store.next_key(&A, b"\x01", Some(b"\x01c")), None);
        assert_eq!(store.next_key(&A, b"\x03", None), None);
        // An `after` below the prefix starts at the prefix.
        assert_eq!(
            store.next_key(&A, b"\x02", Some(b"\x01z")),
            Some(&b"\x02a"[..])
        );
    }
}
