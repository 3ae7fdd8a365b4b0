#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, every test of the workspace
# (contracts run as compiled wasm and natively in the testkit, book snippets as doctests),
# the contract template rendered and tested, and the book built.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

bash scripts/setup.sh --all

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

echo "== cargo test"
# Property tests: a thousand random call sequences per contract model in CI (each test's own
# default is smaller, for quick local runs; KEXIN_PROPTEST_CASES=100000 is a long run).
export KEXIN_PROPTEST_CASES="${KEXIN_PROPTEST_CASES:-1000}"
cargo test --workspace

echo "== the contract template: render, test, build"
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
cargo generate --path templates/contract --name ci-notary --destination "$SCRATCH" \
    --define kexin_repo="$ROOT" --silent --vcs none
# The generated project shares this workspace's target directory so that wasmer is not
# compiled twice; it is still its own workspace with its own manifest and profile.
(cd "$SCRATCH/ci-notary" && CARGO_TARGET_DIR="$ROOT/target" cargo test)
cargo kexin build "$SCRATCH/ci-notary"
cargo kexin check "$SCRATCH/ci-notary/target/kexin/ci-notary.wasm"

echo "== the book"
mdbook build book
