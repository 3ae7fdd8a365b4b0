//! Assembles the quick start's contract: the template's `src/lib.rs`, rendered for
//! `my-notary`, with the `count_of` view of the chapter's "Make a first change" section
//! added at the end of `impl Notary`.

use std::path::Path;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let template_path = manifest.join("../../../templates/contract/src/lib.rs");
    let chapter_path = manifest.join("../../src/quick-start.md");
    println!("cargo::rerun-if-changed={}", template_path.display());
    println!("cargo::rerun-if-changed={}", chapter_path.display());
    let template =
        std::fs::read_to_string(&template_path).expect("the contract template is readable");
    let chapter =
        std::fs::read_to_string(&chapter_path).expect("the quick start chapter is readable");

    // Render the template the way cargo-generate does for `--name my-notary`. Inner attributes
    // and inner doc comments cannot be `include!`d: src/lib.rs has its own.
    let rendered: Vec<&str> = template
        .lines()
        .filter(|line| !line.starts_with("//!") && !line.starts_with("#!["))
        .collect();
    let mut source = rendered
        .join("\n")
        .replace("{{project-name}}", "my-notary")
        .replace("{{crate_name}}", "my_notary");
    assert!(
        !source.contains("{{"),
        "the template has a placeholder this build script does not render"
    );

    // The chapter's new view: the visible lines of the ```rust block that defines `count_of`.
    let view = rust_blocks(&chapter)
        .into_iter()
        .find(|block| block.iter().any(|line| line.contains("pub fn count_of")))
        .expect("the quick start has a Rust block defining `count_of`");
    let view: Vec<&str> = view
        .iter()
        .filter(|line| !(line.trim_start().starts_with("# ") || line.trim() == "#"))
        .copied()
        .collect();

    // Insert it before the closing brace of `impl Notary`.
    let start = source
        .find("impl Notary {")
        .expect("the template has `impl Notary {`");
    let end = start
        + source[start..]
            .find("\n}")
            .expect("`impl Notary` ends with `}` in column 0");
    source.insert_str(end, &format!("\n\n{}", view.join("\n")));

    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("notary.rs");
    std::fs::write(out, source).expect("OUT_DIR is writable");
}

/// The lines of each ```rust block of a Markdown text.
fn rust_blocks(markdown: &str) -> Vec<Vec<&str>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.starts_with("```rust") => current = Some(Vec::new()),
            Some(_) if line.starts_with("```") => blocks.extend(current.take()),
            Some(block) => block.push(line),
            None => {}
        }
    }
    blocks
}
