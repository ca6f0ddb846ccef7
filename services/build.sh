#!/usr/bin/env bash
# Builds the case study's two services — go-readstates (Go's collector) and rust-readstates (no
# collector) — into services/bin, standard library only and offline (the Go module proxy and the
# Rust crate registry are not reachable here). Installs Debian's golang-go when Go is missing and
# this runs as root; runs each service's unit tests; records the toolchain versions beside the binaries.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$here/bin"
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v go >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's golang-go for the Go service" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null
  else
    echo "error: Go is missing; install it with: sudo apt-get install golang-go" >&2
    exit 2
  fi
fi
command -v cargo >/dev/null 2>&1 || { echo "error: cargo is missing; install Rust (rustup) to build the Rust service" >&2; exit 2; }
# Each service's own unit tests first (write-behind queue, eviction commits), then the release build.
(cd "$here/rust-readstates" && export RUSTC_VERSION="$(rustc --version)" && cargo test --offline --quiet >/dev/null && cargo build --release --offline --quiet)
cp -p "$here/rust-readstates/target/release/rust-readstates" "$here/bin/rust-readstates"
(cd "$here/go-readstates" && export GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local && go vet . && go test -count=1 . >/dev/null \
    && go build -trimpath -o "$here/bin/go-readstates" .)
{ go version; rustc --version; } > "$here/bin/toolchains.txt"
