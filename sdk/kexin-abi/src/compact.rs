//! The compact encoding of the ABI: what the section costs in every deployed contract.
//!
//! Lengths and codes are unsigned LEB128, enums are a one-byte tag, records are their fields
//! in order. Strings are UTF-8 after their length in a fragment; in a merged section they are
//! indexes into one string table, so `Addr`, `u128` and field names are stored once. Reading
//! never panics: malformed input is `None`.

use std::collections::HashMap;

use crate::{
    Abi, ContractDef, ErrorDef, ErrorVariantDef, EventDef, FieldDef, Fragment, Layout, MethodDef,
    MethodKind, StorageDef, StorageLayout, TypeDef, VariantDef,
};

/// Where encoded bytes go, with the string table of a merged section.
#[derive(Default)]
pub(crate) struct Out {
    pub bytes: Vec<u8>,
    strings: Option<HashMap<String, u32>>,
}

impl Out {
    fn push(&mut self, byte: u8) {
        self.bytes.push(byte);
    }
}

/// Bytes being decoded, with the string table of a merged section.
pub(crate) struct In<'a> {
    pub bytes: &'a [u8],
    strings: Option<Vec<String>>,
}

impl<'a> In<'a> {
    pub fn new(bytes: &'a [u8]) -> In<'a> {
        In {
            bytes,
            strings: None,
        }
    }
}

/// A value with a compact encoding.
pub(crate) trait Compact: Sized {
    fn write(&self, out: &mut Out);
    fn read(input: &mut In<'_>) -> Option<Self>;
}

fn byte(input: &mut In<'_>) -> Option<u8> {
    let (first, rest) = input.bytes.split_first()?;
    input.bytes = rest;
    Some(*first)
}

impl Compact for u32 {
    fn write(&self, out: &mut Out) {
        let mut v = *self;
        loop {
            let low = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(low);
                return;
            }
            out.push(low | 0x80);
        }
    }

    fn read(input: &mut In<'_>) -> Option<Self> {
        let mut value: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = byte(input)?;
            value |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
}

fn write_len(len: usize, out: &mut Out) {
    u32::try_from(len).expect("ABI lists are short").write(out);
}

fn write_str(s: &str, out: &mut Out) {
    write_len(s.len(), out);
    out.bytes.extend_from_slice(s.as_bytes());
}

fn read_str(input: &mut In<'_>) -> Option<String> {
    let len = u32::read(input)? as usize;
    let (head, rest) = input.bytes.split_at_checked(len)?;
    input.bytes = rest;
    String::from_utf8(head.to_vec()).ok()
}

impl Compact for String {
    fn write(&self, out: &mut Out) {
        match &mut out.strings {
            None => write_str(self, out),
            Some(table) => {
                let next = table.len() as u32;
                let index = *table.entry(self.clone()).or_insert(next);
                index.write(out);
            }
        }
    }

    fn read(input: &mut In<'_>) -> Option<Self> {
        if input.strings.is_none() {
            return read_str(input);
        }
        let index = u32::read(input)? as usize;
        input.strings.as_ref()?.get(index).cloned()
    }
}

impl Compact for u8 {
    fn write(&self, out: &mut Out) {
        out.push(*self);
    }

    fn read(input: &mut In<'_>) -> Option<Self> {
        byte(input)
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn write(&self, out: &mut Out) {
        write_len(self.len(), out);
        for item in self {
            item.write(out);
        }
    }

    fn read(input: &mut In<'_>) -> Option<Self> {
        let len = u32::read(input)? as usize;
        // Each item takes at least one byte: never reserve more than the input could hold.
        let mut items = Vec::with_capacity(len.min(input.bytes.len()));
        for _ in 0..len {
            items.push(T::read(input)?);
        }
        Some(items)
    }
}

impl<T: Compact> Compact for Option<T> {
    fn write(&self, out: &mut Out) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.write(out);
            }
        }
    }

    fn read(input: &mut In<'_>) -> Option<Self> {
        match byte(input)? {
            0 => Some(None),
            1 => T::read(input).map(Some),
            _ => None,
        }
    }
}

/// Implements `Compact` for a record by its fields, in order.
macro_rules! record {
    ($name:ident { $($field:ident),* }) => {
        impl Compact for $name {
            fn write(&self, out: &mut Out) {
                $(self.$field.write(out);)*
            }

            fn read(input: &mut In<'_>) -> Option<Self> {
                Some($name { $($field: Compact::read(input)?),* })
            }
        }
    };
}

record!(FieldDef { name, ty });
record!(MethodDef {
    name,
    kind,
    args,
    returns,
    error
});
record!(ContractDef { name, methods });
record!(StorageDef { name, prefix, ty });
record!(StorageLayout { contract, fields });
record!(EventDef { name, fields });
record!(ErrorVariantDef {
    code,
    name,
    fields,
    message
});
record!(ErrorDef { name, variants });
record!(VariantDef { name, fields });
record!(TypeDef { name, layout });

impl Compact for MethodKind {
    fn write(&self, out: &mut Out) {
        out.push(match self {
            MethodKind::Constructor => 0,
            MethodKind::Call => 1,
            MethodKind::View => 2,
        });
    }

    fn read(input: &mut In<'_>) -> Option<Self> {
        match byte(input)? {
            0 => Some(MethodKind::Constructor),
            1 => Some(MethodKind::Call),
            2 => Some(MethodKind::View),
            _ => None,
        }
    }
}

impl Compact for Layout {
    fn write(&self, out: &mut Out) {
        match self {
            Layout::Struct(fields) => {
                out.push(0);
                fields.write(out);
            }
            Layout::Enum(variants) => {
                out.push(1);
                variants.write(out);
            }
        }
    }

    fn read(input: &mut In<'_>) -> Option<Self> {
        match byte(input)? {
            0 => Compact::read(input).map(Layout::Struct),
            1 => Compact::read(input).map(Layout::Enum),
            _ => None,
        }
    }
}

impl Compact for Fragment {
    fn write(&self, out: &mut Out) {
        match self {
            Fragment::Contract(c) => {
                out.push(0);
                c.write(out);
            }
            Fragment::Storage(s) => {
                out.push(1);
                s.write(out);
            }
            Fragment::Event(e) => {
                out.push(2);
                e.write(out);
            }
            Fragment::Error(e) => {
                out.push(3);
                e.write(out);
            }
            Fragment::Type(t) => {
                out.push(4);
                t.write(out);
            }
        }
    }

    fn read(input: &mut In<'_>) -> Option<Self> {
        match byte(input)? {
            0 => Compact::read(input).map(Fragment::Contract),
            1 => Compact::read(input).map(Fragment::Storage),
            2 => Compact::read(input).map(Fragment::Event),
            3 => Compact::read(input).map(Fragment::Error),
            4 => Compact::read(input).map(Fragment::Type),
            _ => None,
        }
    }
}

/// A merged section body: the string table, then the ABI with strings as table indexes.
pub(crate) fn write_merged(abi: &Abi) -> Vec<u8> {
    let mut body = Out {
        bytes: Vec::new(),
        strings: Some(HashMap::new()),
    };
    abi.contract.write(&mut body);
    abi.storage.write(&mut body);
    abi.events.write(&mut body);
    abi.errors.write(&mut body);
    abi.types.write(&mut body);
    let mut table: Vec<(String, u32)> = body
        .strings
        .take()
        .unwrap_or_default()
        .into_iter()
        .collect();
    table.sort_by_key(|(_, index)| *index);
    let mut out = Out::default();
    write_len(table.len(), &mut out);
    for (s, _) in &table {
        write_str(s, &mut out);
    }
    out.bytes.extend_from_slice(&body.bytes);
    out.bytes
}

/// Reads a merged section body written by [`write_merged`].
pub(crate) fn read_merged(bytes: &[u8]) -> Option<Abi> {
    let mut input = In::new(bytes);
    let count = u32::read(&mut input)? as usize;
    let mut strings = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        strings.push(read_str(&mut input)?);
    }
    input.strings = Some(strings);
    let abi = Abi {
        version: crate::FORMAT_VERSION,
        contract: Compact::read(&mut input)?,
        storage: Compact::read(&mut input)?,
        events: Compact::read(&mut input)?,
        errors: Compact::read(&mut input)?,
        types: Compact::read(&mut input)?,
    };
    input.bytes.is_empty().then_some(abi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_their_edges() {
        for v in [0u32, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            let mut out = Out::default();
            v.write(&mut out);
            assert_eq!(u32::read(&mut In::new(&out.bytes)), Some(v));
        }
        assert_eq!(
            u32::read(&mut In::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
            None
        );
    }

    #[test]
    fn truncated_fragments_do_not_read() {
        let fragment = Fragment::Event(EventDef {
            name: "Transfer".into(),
            fields: vec![FieldDef {
                name: "to".into(),
                ty: "Addr".into(),
            }],
        });
        let mut out = Out::default();
        fragment.write(&mut out);
        for cut in 0..out.bytes.len() {
            assert_eq!(
                Fragment::read(&mut In::new(&out.bytes[..cut])),
                None,
                "cut at {cut}"
            );
        }
        assert_eq!(Fragment::read(&mut In::new(&out.bytes)), Some(fragment));
    }
}
