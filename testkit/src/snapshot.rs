//! Snapshots: a chain (or one contract) as a stable, readable value for `insta`.
//!
//! State is decoded through each contract's ABI storage layout where the types are known
//! (raw hex otherwise); every call appears with its caller, decoded arguments, result,
//! events and gas, so a change in behaviour or in gas shows up as a snapshot diff. Addresses
//! appear by label (`alice`, `token`); keys are ordered; nothing depends on the wall clock.

use std::collections::BTreeMap;

use kexin::Addr;
use kexin_abi::{Abi, StorageDef, TypeExpr};
use serde_json::{json, Map, Value};

use crate::chain::{hex, Chain, Receipt};

type Labeler<'a> = &'a dyn Fn(&[u8; 32]) -> Option<String>;

/// JSON object keys must be strings: a decoded key shown compactly.
fn key_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            format!(
                "({})",
                items.iter().map(key_text).collect::<Vec<_>>().join(", ")
            )
        }
        other => other.to_string(),
    }
}

/// How one storage field lays out its entries, from its collection type.
enum Shape {
    /// One value under the prefix.
    Item(String),
    /// `prefix ‖ key` → value.
    Map(String, String),
    /// Length under the prefix, items under `prefix ‖ index`.
    List(String),
    /// The owner under the prefix, a proposed owner under `prefix ‖ 1`.
    Owner,
}

fn shape(def: &StorageDef) -> Option<Shape> {
    let TypeExpr::Named { name, args } = TypeExpr::parse(&def.ty).ok()? else {
        return None;
    };
    let arg = |i: usize| args.get(i).map(ToString::to_string);
    Some(match name.as_str() {
        "Item" => Shape::Item(arg(0)?),
        "Map" => Shape::Map(arg(0)?, arg(1)?),
        "List" => Shape::List(arg(0)?),
        "Sequence" => Shape::Item("u64".into()),
        "Pause" => Shape::Item("bool".into()),
        "Owner" => Shape::Owner,
        "Roles" => Shape::Map(format!("({}, Addr)", arg(0)?), "()".into()),
        _ => return None,
    })
}

/// One contract's state, decoded field by field.
fn decode_state(abi: Option<&Abi>, entries: &[(Vec<u8>, Vec<u8>)], labels: Labeler<'_>) -> Value {
    let layout = abi.and_then(|abi| abi.storage.as_ref());
    let mut fields: BTreeMap<String, Value> = BTreeMap::new();
    let mut raw = Map::new();
    for (key, value) in entries {
        let decoded = layout.zip(abi).and_then(|(layout, abi)| {
            let def = layout.fields.iter().find(|f| key.starts_with(&f.prefix))?;
            let rest = &key[def.prefix.len()..];
            let decoded = match shape(def)? {
                Shape::Item(ty) if rest.is_empty() => {
                    (None, abi.decode_labeled(&ty, value, Some(labels)).ok()?)
                }
                Shape::Owner if rest.is_empty() => (
                    Some("owner".into()),
                    abi.decode_labeled("Addr", value, Some(labels)).ok()?,
                ),
                Shape::Owner if rest == [1] => (
                    Some("proposed".into()),
                    abi.decode_labeled("Addr", value, Some(labels)).ok()?,
                ),
                Shape::List(_) if rest.is_empty() => {
                    (Some("len".into()), abi.decode("u64", value).ok()?)
                }
                Shape::List(ty) => {
                    let index = abi.decode_key("u64", rest, None).ok()?;
                    (
                        Some(key_text(&index)),
                        abi.decode_labeled(&ty, value, Some(labels)).ok()?,
                    )
                }
                Shape::Map(k, v) => {
                    let key = abi.decode_key(&k, rest, Some(labels)).ok()?;
                    (
                        Some(key_text(&key)),
                        abi.decode_labeled(&v, value, Some(labels)).ok()?,
                    )
                }
                _ => return None,
            };
            Some((def.name.clone(), decoded))
        });
        match decoded {
            Some((field, (None, value))) => {
                fields.insert(field, value);
            }
            Some((field, (Some(entry), value))) => {
                let slot = fields
                    .entry(field)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(map) = slot {
                    map.insert(entry, value);
                }
            }
            None => {
                raw.insert(hex(key), json!(hex(value)));
            }
        }
    }
    let mut state: Map<String, Value> = fields.into_iter().collect();
    if !raw.is_empty() {
        state.insert("raw".into(), Value::Object(raw));
    }
    Value::Object(state)
}

fn call(receipt: &Receipt, abi: Option<&Abi>, labels: Labeler<'_>, contract_name: String) -> Value {
    let show = |a: &Addr| labels(&a.0).unwrap_or_else(|| hex(&a.0));
    let args = abi
        .and_then(|abi| abi.decode_args(&receipt.method, &receipt.args).ok())
        .map(|v| relabel(v, labels))
        .unwrap_or_else(|| json!(hex(&receipt.args)));
    let result = match &receipt.result {
        Ok(data) => {
            let returns = abi
                .and_then(|abi| abi.method(&receipt.method))
                .map(|m| m.returns.clone());
            match returns.as_deref() {
                Some("()") | None if data.is_empty() => Value::Null,
                Some(ty) => abi
                    .and_then(|abi| abi.decode_labeled(ty, data, Some(labels)).ok())
                    .unwrap_or_else(|| json!(hex(data))),
                None => json!(hex(data)),
            }
        }
        Err(failure) => json!({ "failed": failure.message }),
    };
    let events: Vec<Value> = receipt
        .events
        .iter()
        .map(|event| {
            let data = abi
                .and_then(|abi| {
                    abi.decode_labeled(&event.topic, &event.data, Some(labels))
                        .ok()
                })
                .unwrap_or_else(|| json!(hex(&event.data)));
            json!({ event.topic.clone(): data })
        })
        .collect();
    let mut entry = Map::new();
    entry.insert("caller".into(), json!(show(&receipt.caller)));
    entry.insert("contract".into(), json!(contract_name));
    entry.insert("method".into(), json!(receipt.method));
    entry.insert("args".into(), args);
    entry.insert("result".into(), result);
    if !events.is_empty() {
        entry.insert("events".into(), Value::Array(events));
    }
    entry.insert("gas".into(), json!(receipt.gas_used));
    Value::Object(entry)
}

/// Replaces hex addresses inside an already decoded value by their labels.
fn relabel(value: Value, labels: Labeler<'_>) -> Value {
    match value {
        Value::String(s) => {
            let bytes = s
                .strip_prefix("0x")
                .filter(|h| h.len() == 64)
                .and_then(|h| {
                    (0..32)
                        .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).ok())
                        .collect::<Option<Vec<u8>>>()
                });
            match bytes
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .and_then(|a| labels(&a))
            {
                Some(label) => json!(label),
                None => Value::String(s),
            }
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| relabel(v, labels)).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, relabel(v, labels)))
                .collect(),
        ),
        other => other,
    }
}

impl Chain {
    /// The whole chain as a snapshot: the block, each contract's decoded state, and every
    /// call with its arguments, result, events and gas.
    ///
    /// ```ignore
    /// insta::assert_yaml_snapshot!(chain.snapshot());
    /// ```
    pub fn snapshot(&self) -> Value {
        let labeler = self.labeler();
        let labels: Labeler<'_> = &labeler;
        let block = self.block();
        let mut contracts = Map::new();
        for address in self.contracts() {
            contracts.insert(self.display(&address), self.contract_snapshot(&address));
        }
        let calls: Vec<Value> = self
            .receipts()
            .iter()
            .map(|r| {
                call(
                    r,
                    self.abi(&r.contract).as_ref(),
                    labels,
                    self.display(&r.contract),
                )
            })
            .collect();
        json!({
            "block": { "height": block.height, "time": block.time },
            "contracts": contracts,
            "calls": calls,
        })
    }

    /// One contract's state, decoded through its ABI where the types are known.
    pub fn contract_snapshot(&self, contract: &Addr) -> Value {
        let labeler = self.labeler();
        decode_state(
            self.abi(contract).as_ref(),
            &self.storage(contract),
            &labeler,
        )
    }
}
