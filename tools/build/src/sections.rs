//! Reading and rewriting custom sections of a wasm module, without a full parser.
//!
//! A module is an 8-byte header followed by sections: an id byte, a LEB128 length, and that
//! many bytes. A custom section (id 0) starts with its name (LEB128 length + UTF-8).

use std::fmt;

/// A module whose section structure is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedModule(pub String);

impl fmt::Display for MalformedModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed wasm module: {}", self.0)
    }
}

impl std::error::Error for MalformedModule {}

fn leb(bytes: &[u8], pos: &mut usize) -> Result<usize, MalformedModule> {
    let mut value: u64 = 0;
    for shift in (0..35).step_by(7) {
        let b = *bytes
            .get(*pos)
            .ok_or_else(|| MalformedModule("truncated length".into()))?;
        *pos += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return usize::try_from(value).map_err(|_| MalformedModule("length too large".into()));
        }
    }
    Err(MalformedModule("length longer than 5 bytes".into()))
}

fn write_leb(mut value: usize, out: &mut Vec<u8>) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// One section: its id, where its whole encoding starts and ends, and its payload.
struct Section<'a> {
    id: u8,
    start: usize,
    end: usize,
    payload: &'a [u8],
}

fn sections(wasm: &[u8]) -> Result<Vec<Section<'_>>, MalformedModule> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err(MalformedModule("missing the \\0asm header".into()));
    }
    let mut pos = 8;
    let mut out = Vec::new();
    while pos < wasm.len() {
        let start = pos;
        let id = wasm[pos];
        pos += 1;
        let len = leb(wasm, &mut pos)?;
        let end = pos
            .checked_add(len)
            .filter(|&e| e <= wasm.len())
            .ok_or_else(|| MalformedModule(format!("section at byte {start} runs past the end")))?;
        out.push(Section {
            id,
            start,
            end,
            payload: &wasm[pos..end],
        });
        pos = end;
    }
    Ok(out)
}

/// Splits a custom section payload into its name and contents.
fn custom_parts(payload: &[u8]) -> Result<(&str, &[u8]), MalformedModule> {
    let mut pos = 0;
    let len = leb(payload, &mut pos)?;
    let name = payload
        .get(pos..pos + len)
        .and_then(|n| std::str::from_utf8(n).ok())
        .ok_or_else(|| MalformedModule("bad custom section name".into()))?;
    Ok((name, &payload[pos + len..]))
}

/// The contents of every custom section with this name, in module order.
pub fn custom_sections<'a>(wasm: &'a [u8], name: &str) -> Result<Vec<&'a [u8]>, MalformedModule> {
    let mut found = Vec::new();
    for section in sections(wasm)? {
        if section.id == 0 {
            let (section_name, contents) = custom_parts(section.payload)?;
            if section_name == name {
                found.push(contents);
            }
        }
    }
    Ok(found)
}

/// The module with every custom section called `name` removed and one with `contents`
/// appended at the end.
pub fn replace_custom_section(
    wasm: &[u8],
    name: &str,
    contents: &[u8],
) -> Result<Vec<u8>, MalformedModule> {
    let mut out = wasm[..8.min(wasm.len())].to_vec();
    for section in sections(wasm)? {
        if section.id == 0 && custom_parts(section.payload)?.0 == name {
            continue;
        }
        out.extend_from_slice(&wasm[section.start..section.end]);
    }
    let mut payload = Vec::new();
    write_leb(name.len(), &mut payload);
    payload.extend_from_slice(name.as_bytes());
    payload.extend_from_slice(contents);
    out.push(0);
    write_leb(payload.len(), &mut out);
    out.extend_from_slice(&payload);
    Ok(out)
}

/// The module with only the exports `keep` accepts (by name) left in its export section.
pub fn retain_exports(
    wasm: &[u8],
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<u8>, MalformedModule> {
    let mut out = wasm[..8.min(wasm.len())].to_vec();
    for section in sections(wasm)? {
        if section.id != 7 {
            out.extend_from_slice(&wasm[section.start..section.end]);
            continue;
        }
        let payload = section.payload;
        let mut pos = 0;
        let count = leb(payload, &mut pos)?;
        let mut kept = Vec::new();
        let mut kept_count = 0usize;
        for _ in 0..count {
            let entry_start = pos;
            let name_len = leb(payload, &mut pos)?;
            let name = payload
                .get(pos..pos + name_len)
                .and_then(|n| std::str::from_utf8(n).ok())
                .ok_or_else(|| MalformedModule("bad export name".into()))?;
            pos += name_len + 1; // name, then the kind byte
            leb(payload, &mut pos)?; // the index
            if keep(name) {
                kept.extend_from_slice(&payload[entry_start..pos]);
                kept_count += 1;
            }
        }
        let mut new_payload = Vec::new();
        write_leb(kept_count, &mut new_payload);
        new_payload.extend_from_slice(&kept);
        out.push(7);
        write_leb(new_payload.len(), &mut out);
        out.extend_from_slice(&new_payload);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module_with(sections: &[(&str, &[u8])]) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        for (name, contents) in sections {
            let mut payload = Vec::new();
            write_leb(name.len(), &mut payload);
            payload.extend_from_slice(name.as_bytes());
            payload.extend_from_slice(contents);
            wasm.push(0);
            write_leb(payload.len(), &mut wasm);
            wasm.extend_from_slice(&payload);
        }
        wasm
    }

    #[test]
    fn finds_and_replaces_custom_sections() {
        let wasm = module_with(&[("kexin_abi", b"ab"), ("other", b"x"), ("kexin_abi", b"cd")]);
        assert_eq!(
            custom_sections(&wasm, "kexin_abi").unwrap(),
            vec![b"ab".as_slice(), b"cd"]
        );
        let replaced = replace_custom_section(&wasm, "kexin_abi", &[7; 200]).unwrap();
        assert_eq!(
            custom_sections(&replaced, "kexin_abi").unwrap(),
            vec![[7u8; 200].as_slice()]
        );
        assert_eq!(
            custom_sections(&replaced, "other").unwrap(),
            vec![b"x".as_slice()]
        );
    }

    #[test]
    fn keeps_only_the_exports_asked_for() {
        let wasm = wat::parse_str(
            r#"(module (memory (export "memory") 1 1) (func (export "init")) (func (export "memcpy")))"#,
        )
        .unwrap();
        let filtered = retain_exports(&wasm, |name| name != "memcpy").unwrap();
        let text = String::from_utf8_lossy(&filtered);
        assert!(text.contains("init") && text.contains("memory") && !text.contains("memcpy"));
        assert!(wasmparser_valid(&filtered));
    }

    fn wasmparser_valid(wasm: &[u8]) -> bool {
        kexin_check::check(wasm, &kexin_check::KEXIN_V1)
            .problems
            .iter()
            .all(|p| !p.to_string().contains("malformed"))
    }

    #[test]
    fn rejects_broken_modules_without_panicking() {
        let wasm = module_with(&[("kexin_abi", b"abc")]);
        for cut in 0..wasm.len() {
            let _ = custom_sections(&wasm[..cut], "kexin_abi");
            let _ = replace_custom_section(&wasm[..cut], "kexin_abi", b"");
        }
        assert!(custom_sections(b"not wasm", "x").is_err());
    }
}
