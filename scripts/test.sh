#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, and every test of the workspace
# (contracts run as compiled wasm in the testkit).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

echo "== cargo test"
cargo test --workspace
