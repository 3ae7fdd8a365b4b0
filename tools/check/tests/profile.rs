//! The profile's host functions are exactly the imports of the SDK's host ABI file.

use kexin_check::{ValType, KEXIN_V1};

/// Reads `(name, params, results)` of every `fn` in the `extern "C"` block of `kexin_v1.rs`.
fn abi_imports() -> Vec<(String, Vec<ValType>, Vec<ValType>)> {
    let path = format!(
        "{}/../../sdk/kexin/src/host/kexin_v1.rs",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(path).unwrap();
    let start = source.find("extern \"C\" {").expect("extern block");
    let block = &source[start..];
    let block = &block[..block.find("\n}").expect("end of extern block")];
    let code: String = block
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join(" ");
    let ty = |t: &str| match t.trim() {
        "i32" => ValType::I32,
        "i64" => ValType::I64,
        other => panic!("host ABI type `{other}` is not i32 or i64"),
    };
    code.split("fn ")
        .skip(1)
        .map(|decl| {
            let decl = &decl[..decl.find(';').expect("declaration ends with ;")];
            let (name, rest) = decl.split_once('(').unwrap();
            let (params, ret) = rest.rsplit_once(')').unwrap();
            let params = params
                .split(',')
                .filter(|p| !p.trim().is_empty())
                .map(|p| ty(p.split_once(':').expect("name: type").1))
                .collect();
            let results = match ret.trim().strip_prefix("->").map(str::trim) {
                None | Some("!") => vec![],
                Some(t) => vec![ty(t)],
            };
            (name.trim().to_string(), params, results)
        })
        .collect()
}

#[test]
fn host_functions_match_the_sdk_abi_file() {
    let abi = abi_imports();
    assert_eq!(abi.len(), 21);
    let profile: Vec<(String, Vec<ValType>, Vec<ValType>)> = KEXIN_V1
        .imports
        .iter()
        .map(|f| (f.name.to_string(), f.params.to_vec(), f.results.to_vec()))
        .collect();
    assert_eq!(profile, abi);
    assert_eq!(KEXIN_V1.import_module, "kexin_v1");
}

#[test]
fn kexin_v1_validates_pure_webassembly_1() {
    assert!(KEXIN_V1.allowed_proposals.is_empty());
    assert_eq!(KEXIN_V1.wasm_features(), kexin_check::WasmFeatures::WASM1);
}
