//! Kexin's codec writes and reads exactly what the `borsh` crate does, so any borsh
//! implementation (Rust, JS, Go) exchanges data with Kexin contracts.

use std::collections::{BTreeMap, BTreeSet};

use borsh::{BorshDeserialize, BorshSerialize};
use kexin::codec::{self, Decode, Encode};
use kexin::prelude::*;
use proptest::prelude::*;

/// Encodes with both, checks the bytes are equal, and that each decodes the other's bytes —
/// with the checked `decode` and with `read`, the contract side's reader (which, on good
/// bytes, must use exactly the same bytes and give the same value).
fn same<T>(value: &T)
where
    T: Encode + Decode + BorshSerialize + BorshDeserialize + PartialEq + std::fmt::Debug,
{
    let ours = codec::to_vec(value);
    let theirs = borsh::to_vec(value).unwrap();
    assert_eq!(ours, theirs, "encoding of {value:?}");
    assert_eq!(codec::from_slice::<T>(&theirs).as_ref(), Some(value));
    let mut rest = theirs.as_slice();
    assert_eq!(&T::read(&mut rest), value, "read of {value:?}");
    assert!(
        rest.is_empty(),
        "read of {value:?} left {} bytes",
        rest.len()
    );
    assert_eq!(&T::try_from_slice(&ours).unwrap(), value);
}

proptest! {
    #[test]
    fn integers(a: u8, b: u16, c: u32, d: u64, e: u128, f: i8, g: i16, h: i32, i: i64, j: i128, k: bool) {
        same(&a); same(&b); same(&c); same(&d); same(&e);
        same(&f); same(&g); same(&h); same(&i); same(&j); same(&k);
    }

    #[test]
    fn strings_and_bytes(s in ".{0,40}", bytes in proptest::collection::vec(any::<u8>(), 0..64), array: [u8; 32]) {
        same(&s);
        same(&bytes);
        same(&array);
    }

    #[test]
    fn containers(
        v in proptest::collection::vec(any::<u32>(), 0..16),
        o: Option<u64>,
        r in prop_oneof![any::<u32>().prop_map(Ok), ".{0,8}".prop_map(Err)],
        m in proptest::collection::btree_map(any::<u16>(), ".{0,6}", 0..8),
        set in proptest::collection::btree_set(any::<i64>(), 0..8),
        t: (u8, u128, bool),
    ) {
        same(&v);
        same(&o);
        same::<Result<u32, String>>(&r);
        same::<BTreeMap<u16, String>>(&m);
        same::<BTreeSet<i64>>(&set);
        same(&t);
        same(&(v.clone(), o, (t, s_of(&m))));
    }
}

fn s_of(m: &BTreeMap<u16, String>) -> Vec<String> {
    m.values().cloned().collect()
}

#[test]
fn addresses_are_their_32_bytes() {
    let addr = Addr([7; 32]);
    assert_eq!(codec::to_vec(&addr), vec![7; 32]);
    assert_eq!(codec::from_slice::<Addr>(&[7; 32]), Some(addr));
}

/// A `#[data]` type and a borsh-derived twin encode alike.
#[data]
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: u64,
    pub holders: Vec<(Addr, u32)>,
    pub note: Option<String>,
    pub state: State,
}

#[data]
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Open,
    Settled { at: u64, amount: u128 },
    Closed(u8),
}

#[derive(BorshSerialize, Debug)]
struct RecordTwin {
    id: u64,
    holders: Vec<([u8; 32], u32)>,
    note: Option<String>,
    state: StateTwin,
}

#[derive(BorshSerialize, Debug)]
enum StateTwin {
    Open,
    Settled { at: u64, amount: u128 },
    Closed(u8),
}

proptest! {
    #[test]
    fn data_types_encode_like_borsh_derives(id: u64, who: [u8; 32], share: u32, note: Option<String>, tag in 0u8..3, at: u64, amount: u128) {
        let (state, twin) = match tag {
            0 => (State::Open, StateTwin::Open),
            1 => (State::Settled { at, amount }, StateTwin::Settled { at, amount }),
            _ => (State::Closed(at as u8), StateTwin::Closed(at as u8)),
        };
        let record = Record { id, holders: vec![(Addr(who), share)], note: note.clone(), state };
        let twin = RecordTwin { id, holders: vec![(who, share)], note, state: twin };
        let ours = codec::to_vec(&record);
        prop_assert_eq!(&ours, &borsh::to_vec(&twin).unwrap());
        let mut rest = ours.as_slice();
        prop_assert_eq!(&Record::read(&mut rest), &record);
        prop_assert!(rest.is_empty());
        prop_assert_eq!(codec::from_slice::<Record>(&ours), Some(record));
    }
}

#[test]
fn malformed_input_decodes_to_none_never_a_panic() {
    assert_eq!(codec::from_slice::<bool>(&[2]), None);
    assert_eq!(codec::from_slice::<Option<u8>>(&[2, 0]), None);
    assert_eq!(
        codec::from_slice::<String>(&[1, 0, 0, 0, 0xff]),
        None,
        "not UTF-8"
    );
    assert_eq!(
        codec::from_slice::<Vec<u64>>(&[255, 255, 255, 255]),
        None,
        "a huge length"
    );
    assert_eq!(
        codec::from_slice::<u32>(&[1, 2, 3, 4, 5]),
        None,
        "trailing bytes"
    );
    assert_eq!(
        codec::from_slice::<BTreeMap<u8, u8>>(&[2, 0, 0, 0, 5, 0, 5, 0]),
        None,
        "keys must increase"
    );
    assert_eq!(codec::from_slice::<State>(&[9]), None, "unknown variant");
    for cut in 0..40 {
        let bytes = codec::to_vec(&Record {
            id: 1,
            holders: vec![(Addr([1; 32]), 2)],
            note: Some("x".into()),
            state: State::Closed(3),
        });
        let _ = codec::from_slice::<Record>(&bytes[..cut.min(bytes.len())]);
    }
}
