//! `check` never panics: truncated modules, random bytes and random edits of valid modules
//! all give a report.

use kexin_check::{check, custom_section, Problem, KEXIN_V1};

fn corpus() -> Vec<Vec<u8>> {
    let dir = format!("{}/tests/corpus", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| wat::parse_file(path).unwrap())
        .collect()
}

/// xorshift64: deterministic pseudo-random numbers without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Checks bytes and returns the report's problems, asserting the report stays printable.
fn check_any(bytes: &[u8]) -> Vec<Problem> {
    let report = check(bytes, &KEXIN_V1);
    for problem in &report.problems {
        assert!(!problem.to_string().contains('\n'), "{problem}");
    }
    let _ = custom_section(bytes, "kexin_abi");
    report.problems
}

#[test]
fn every_truncation_of_a_valid_module_is_reported_not_panicked() {
    for module in corpus() {
        // A cut at a section boundary can leave a valid module (e.g. without its custom
        // sections), so only the header-only prefixes are certain to be rejected.
        for len in 0..module.len() {
            let problems = check_any(&module[..len]);
            if len <= 8 {
                assert!(!problems.is_empty(), "truncated to {len} bytes: no problem");
            }
        }
    }
}

#[test]
fn random_bytes_are_reported_not_panicked() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..2_000 {
        let len = rng.below(200);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // Half of them get a valid header, so that the section parsers see random input too.
        if rng.next().is_multiple_of(2) {
            bytes.splice(0..0, *b"\0asm\x01\0\0\0");
        }
        assert!(!check_any(&bytes).is_empty());
    }
}

#[test]
fn random_edits_of_valid_modules_never_panic() {
    let corpus = corpus();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let mut module = corpus[rng.below(corpus.len())].clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(module.len());
            match rng.below(4) {
                0 => module[at] = rng.next() as u8,
                1 => module[at] ^= 1 << rng.below(8),
                2 => module.insert(at, rng.next() as u8),
                _ => module.truncate(at.max(1)),
            }
        }
        check_any(&module);
    }
}

#[test]
fn huge_declared_counts_are_malformed_not_allocated() {
    // A type section, then a function section that claims u32::MAX entries but holds none.
    let mut module = b"\0asm\x01\0\0\0".to_vec();
    module.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
    module.extend_from_slice(&[0x03, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    let problems = check_any(&module);
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::Malformed { .. } | Problem::Invalid { .. })),
        "{problems:?}"
    );
}
