#!/usr/bin/env bash
# Installs what building and testing Kexin needs on a fresh machine; every step is skipped
# when its tool is already there, so running it twice is cheap.
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
log "ready: $(rustc --version), $(wasm-opt --version)"
