//! Turning borsh values and storage keys into readable JSON through the ABI.

use core::fmt;

use serde_json::{json, Map, Value};

use crate::{Abi, Layout, TypeExpr};

/// Why bytes could not be decoded as the given type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The type expression names a type the ABI does not describe.
    UnknownType(String),
    /// The bytes ended early or held an invalid value.
    Invalid(String),
    /// Bytes were left over after the value.
    TrailingBytes(usize),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnknownType(t) => write!(f, "the ABI does not describe type `{t}`"),
            DecodeError::Invalid(why) => write!(f, "invalid value: {why}"),
            DecodeError::TrailingBytes(n) => write!(f, "{n} bytes left after the value"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Turns an account address into a display name, if the caller knows one.
pub type Labeler<'a> = &'a dyn Fn(&[u8; 32]) -> Option<String>;

/// Whether bytes are a borsh value or a storage key; they differ for integers and strings.
#[derive(Clone, Copy, PartialEq)]
enum Encoding {
    Borsh,
    Key,
}

struct Reader<'a, 'l> {
    abi: &'a Abi,
    bytes: &'a [u8],
    encoding: Encoding,
    labeler: Option<Labeler<'l>>,
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(2 + bytes.len() * 2);
    s.push_str("0x");
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Type names the SDK defines as aliases, resolved before lookup.
fn resolve_alias(name: &str) -> Option<TypeExpr> {
    Some(match name {
        "Id" | "Ts" => TypeExpr::named("u64"),
        "Fen" => TypeExpr::named("u128"),
        "Bps" => TypeExpr::named("u32"),
        "Hash32" => TypeExpr::Array(Box::new(TypeExpr::named("u8")), 32),
        _ => return None,
    })
}

impl<'a> Reader<'a, '_> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if self.bytes.len() < n {
            return Err(DecodeError::Invalid(format!(
                "needed {n} more bytes, {} left",
                self.bytes.len()
            )));
        }
        let bytes: &'a [u8] = self.bytes;
        let (head, tail) = bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    fn len_prefix(&mut self) -> Result<usize, DecodeError> {
        let raw: [u8; 4] = self.take(4)?.try_into().expect("took 4 bytes");
        Ok(match self.encoding {
            Encoding::Borsh => u32::from_le_bytes(raw),
            Encoding::Key => u32::from_be_bytes(raw),
        } as usize)
    }

    fn integer(&mut self, name: &str) -> Result<Option<Value>, DecodeError> {
        let (width, signed) = match name {
            "u8" => (1, false),
            "u16" => (2, false),
            "u32" => (4, false),
            "u64" => (8, false),
            "u128" => (16, false),
            "i8" => (1, true),
            "i16" => (2, true),
            "i32" => (4, true),
            "i64" => (8, true),
            "i128" => (16, true),
            _ => return Ok(None),
        };
        let raw = self.take(width)?;
        let mut buf = [0u8; 16];
        if self.encoding == Encoding::Key {
            // Keys are big-endian with the sign bit flipped, so that byte order is number order.
            for (i, b) in raw.iter().rev().enumerate() {
                buf[i] = *b;
            }
            if signed {
                buf[width - 1] ^= 0x80;
            }
        } else {
            buf[..width].copy_from_slice(raw);
        }
        if signed && buf[width - 1] & 0x80 != 0 {
            for b in &mut buf[width..] {
                *b = 0xff;
            }
        }
        Ok(Some(if signed {
            let v = i128::from_le_bytes(buf);
            i64::try_from(v).map_or_else(|_| json!(v.to_string()), |v| json!(v))
        } else {
            let v = u128::from_le_bytes(buf);
            u64::try_from(v).map_or_else(|_| json!(v.to_string()), |v| json!(v))
        }))
    }

    fn value(&mut self, ty: &TypeExpr) -> Result<Value, DecodeError> {
        match ty {
            TypeExpr::Tuple(items) if items.is_empty() => Ok(Value::Null),
            TypeExpr::Tuple(items) => {
                let values = items
                    .iter()
                    .map(|t| self.value(t))
                    .collect::<Result<_, _>>()?;
                Ok(Value::Array(values))
            }
            TypeExpr::Array(item, len) => {
                if **item == TypeExpr::named("u8") {
                    return Ok(json!(hex(self.take(*len)?)));
                }
                let values = (0..*len)
                    .map(|_| self.value(item))
                    .collect::<Result<_, _>>()?;
                Ok(Value::Array(values))
            }
            TypeExpr::Named { name, args } => self.named(name, args),
        }
    }

    fn named(&mut self, name: &str, args: &[TypeExpr]) -> Result<Value, DecodeError> {
        if let Some(v) = self.integer(name)? {
            return Ok(v);
        }
        if let Some(alias) = resolve_alias(name) {
            return self.value(&alias);
        }
        let arg = |i: usize| {
            args.get(i)
                .ok_or_else(|| DecodeError::UnknownType(format!("{name} without type arguments")))
        };
        match name {
            "bool" => match self.take(1)?[0] {
                0 => Ok(json!(false)),
                1 => Ok(json!(true)),
                b => Err(DecodeError::Invalid(format!("bool byte {b}"))),
            },
            "Addr" => {
                let raw: [u8; 32] = self.take(32)?.try_into().expect("took 32 bytes");
                let label = self.labeler.and_then(|l| l(&raw));
                Ok(json!(label.unwrap_or_else(|| hex(&raw))))
            }
            "String" | "str" => {
                let len = self.len_prefix()?;
                let raw = self.take(len)?;
                String::from_utf8(raw.to_vec())
                    .map(Value::String)
                    .map_err(|_| DecodeError::Invalid("string is not UTF-8".into()))
            }
            "Vec" | "VecDeque" | "BTreeSet" => {
                let item = arg(0)?;
                let len = self.len_prefix()?;
                if *item == TypeExpr::named("u8") {
                    return Ok(json!(hex(self.take(len)?)));
                }
                let values = (0..len)
                    .map(|_| self.value(item))
                    .collect::<Result<_, _>>()?;
                Ok(Value::Array(values))
            }
            "BTreeMap" => {
                let (k, v) = (arg(0)?, arg(1)?);
                let len = self.len_prefix()?;
                let mut pairs = Vec::with_capacity(len);
                for _ in 0..len {
                    pairs.push(json!([self.value(k)?, self.value(v)?]));
                }
                Ok(Value::Array(pairs))
            }
            "Option" => match self.take(1)?[0] {
                0 => Ok(Value::Null),
                1 => self.value(arg(0)?),
                b => Err(DecodeError::Invalid(format!("option tag {b}"))),
            },
            "Box" => self.value(arg(0)?),
            "Result" => match self.take(1)?[0] {
                1 => Ok(json!({ "Ok": self.value(arg(0)?)? })),
                0 => Ok(json!({ "Err": self.value(arg(1)?)? })),
                b => Err(DecodeError::Invalid(format!("result tag {b}"))),
            },
            _ => self.user_type(name),
        }
    }

    fn fields(&mut self, fields: &[crate::FieldDef]) -> Result<Value, DecodeError> {
        let mut map = Map::new();
        for field in fields {
            let ty = parse(&field.ty)?;
            map.insert(field.name.clone(), self.value(&ty)?);
        }
        Ok(Value::Object(map))
    }

    fn user_type(&mut self, name: &str) -> Result<Value, DecodeError> {
        // User types are borsh-encoded even inside keys.
        let saved = self.encoding;
        self.encoding = Encoding::Borsh;
        let result = self.user_type_borsh(name);
        self.encoding = saved;
        result
    }

    fn user_type_borsh(&mut self, name: &str) -> Result<Value, DecodeError> {
        let abi = self.abi;
        if let Some(def) = abi.type_def(name) {
            return match &def.layout {
                Layout::Struct(fields) => self.fields(fields),
                Layout::Enum(variants) => {
                    let tag = self.take(1)?[0] as usize;
                    let variant = variants.get(tag).ok_or_else(|| {
                        DecodeError::Invalid(format!("{name} has no variant {tag}"))
                    })?;
                    if variant.fields.is_empty() {
                        Ok(json!(variant.name))
                    } else {
                        Ok(json!({ variant.name.clone(): self.fields(&variant.fields)? }))
                    }
                }
            };
        }
        if let Some(def) = abi.event(name) {
            return self.fields(&def.fields);
        }
        Err(DecodeError::UnknownType(name.to_string()))
    }
}

fn parse(ty: &str) -> Result<TypeExpr, DecodeError> {
    TypeExpr::parse(ty).map_err(|e| DecodeError::UnknownType(e.to_string()))
}

impl Abi {
    /// Decodes a borsh value of the given type into JSON.
    pub fn decode(&self, ty: &str, bytes: &[u8]) -> Result<Value, DecodeError> {
        self.decode_labeled(ty, bytes, None)
    }

    /// Decodes a borsh value, naming known account addresses through `labeler`.
    pub fn decode_labeled(
        &self,
        ty: &str,
        bytes: &[u8],
        labeler: Option<Labeler<'_>>,
    ) -> Result<Value, DecodeError> {
        self.read(ty, bytes, Encoding::Borsh, labeler)
    }

    /// Decodes the part of a storage key after its prefix, written in the SDK's key encoding.
    pub fn decode_key(
        &self,
        ty: &str,
        bytes: &[u8],
        labeler: Option<Labeler<'_>>,
    ) -> Result<Value, DecodeError> {
        self.read(ty, bytes, Encoding::Key, labeler)
    }

    fn read(
        &self,
        ty: &str,
        bytes: &[u8],
        encoding: Encoding,
        labeler: Option<Labeler<'_>>,
    ) -> Result<Value, DecodeError> {
        let ty = parse(ty)?;
        let mut reader = Reader {
            abi: self,
            bytes,
            encoding,
            labeler,
        };
        let value = reader.value(&ty)?;
        if !reader.bytes.is_empty() {
            return Err(DecodeError::TrailingBytes(reader.bytes.len()));
        }
        Ok(value)
    }

    /// Decodes the arguments of a method call (a borsh tuple) into an object keyed by name.
    pub fn decode_args(&self, method: &str, bytes: &[u8]) -> Result<Value, DecodeError> {
        let def = self
            .method(method)
            .ok_or_else(|| DecodeError::UnknownType(format!("method {method}")))?;
        let mut reader = Reader {
            abi: self,
            bytes,
            encoding: Encoding::Borsh,
            labeler: None,
        };
        let value = reader.fields(&def.args)?;
        if !reader.bytes.is_empty() {
            return Err(DecodeError::TrailingBytes(reader.bytes.len()));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FieldDef, TypeDef, VariantDef};

    fn abi() -> Abi {
        Abi {
            types: vec![
                TypeDef {
                    name: "Role".into(),
                    layout: Layout::Enum(vec![
                        VariantDef {
                            name: "Admin".into(),
                            fields: vec![],
                        },
                        VariantDef {
                            name: "Limited".into(),
                            fields: vec![FieldDef {
                                name: "cap".into(),
                                ty: "u32".into(),
                            }],
                        },
                    ]),
                },
                TypeDef {
                    name: "Account".into(),
                    layout: Layout::Struct(vec![
                        FieldDef {
                            name: "owner".into(),
                            ty: "Addr".into(),
                        },
                        FieldDef {
                            name: "tags".into(),
                            ty: "Vec<String>".into(),
                        },
                    ]),
                },
            ],
            ..Abi::default()
        }
    }

    #[test]
    fn decodes_borsh_values() {
        let abi = abi();
        assert_eq!(abi.decode("u128", &7u128.to_le_bytes()).unwrap(), json!(7));
        assert_eq!(
            abi.decode("u128", &u128::MAX.to_le_bytes()).unwrap(),
            json!(u128::MAX.to_string())
        );
        assert_eq!(
            abi.decode("i32", &(-5i32).to_le_bytes()).unwrap(),
            json!(-5)
        );
        assert_eq!(abi.decode("Option<u8>", &[1, 9]).unwrap(), json!(9));
        assert_eq!(
            abi.decode("Vec<u8>", &[2, 0, 0, 0, 0xab, 0xcd]).unwrap(),
            json!("0xabcd")
        );
        assert_eq!(
            abi.decode("Role", &[1, 3, 0, 0, 0]).unwrap(),
            json!({"Limited": {"cap": 3}})
        );
        let mut account = vec![7u8; 32];
        account.extend([1, 0, 0, 0, 2, 0, 0, 0, b'h', b'i']);
        let labeler = |a: &[u8; 32]| (a[0] == 7).then(|| "alice".to_string());
        assert_eq!(
            abi.decode_labeled("Account", &account, Some(&labeler))
                .unwrap(),
            json!({"owner": "alice", "tags": ["hi"]})
        );
    }

    #[test]
    fn decodes_storage_keys() {
        let abi = abi();
        let mut key = 258u64.to_be_bytes().to_vec();
        key.extend((-1i16 as u16 ^ 0x8000).to_be_bytes());
        key.extend([0, 0, 0, 1, b'x']);
        assert_eq!(
            abi.decode_key("(u64, i16, String)", &key, None).unwrap(),
            json!([258, -1, "x"])
        );
    }

    #[test]
    fn reports_what_it_cannot_decode() {
        let abi = abi();
        assert_eq!(
            abi.decode("u32", &[1, 2]),
            Err(DecodeError::Invalid("needed 4 more bytes, 2 left".into()))
        );
        assert_eq!(
            abi.decode("u8", &[1, 2]),
            Err(DecodeError::TrailingBytes(1))
        );
        assert_eq!(
            abi.decode("Mystery", &[]),
            Err(DecodeError::UnknownType("Mystery".into()))
        );
        assert!(abi.decode("bool", &[2]).is_err());
    }
}
