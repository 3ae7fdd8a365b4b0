#!/usr/bin/env bash
# Installs what building and testing Kexin needs on a fresh machine; every step is skipped
# when its tool is already there, so running it twice is cheap.
#   bash scripts/setup.sh          the toolchain the main job needs (target, wasm-opt)
#   bash scripts/setup.sh --all    also the tools the test suite uses (cargo-generate, mdbook)
set -euo pipefail

log() { printf 'setup: %s\n' "$*" >&2; }

# Contracts build for pure WebAssembly 1.0.
if ! rustup target list --installed | grep -qx wasm32v1-none; then
    log "adding the wasm32v1-none target"
    rustup target add wasm32v1-none
fi

# binaryen's wasm-opt is the optimiser of the build pipeline (version 108 keeps MVP output MVP).
if ! command -v wasm-opt >/dev/null 2>&1; then
    log "installing binaryen (wasm-opt)"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binaryen >/dev/null
fi

if [ "${1:-}" = "--all" ]; then
    # Versions that build on Rust 1.95 (see TOOLCHAIN notes): cargo-generate 0.24+ needs 1.96.
    if ! command -v cargo-generate >/dev/null 2>&1; then
        log "installing cargo-generate 0.23.7 (about 3 minutes)"
        cargo install cargo-generate --version 0.23.7 --locked --quiet
    fi
    if ! command -v mdbook >/dev/null 2>&1; then
        log "installing mdbook 0.5.4 (about 2 minutes)"
        cargo install mdbook --version 0.5.4 --locked --quiet
    fi
fi
log "ready: $(rustc --version), $(wasm-opt --version)"
