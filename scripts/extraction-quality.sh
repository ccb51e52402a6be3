#!/usr/bin/env bash
# How faithfully web page import keeps the article: token F1 against a public page
# set with known article text (BENCHMARKS.md, "Intake").
#
# The set is Mozilla Readability's test pages (Apache-2.0; the pages themselves
# belong to their publishers and are not committed here). They are taken from a
# crates.io package that ships them (`readabilityrs`, in its tests folder), so
# the script needs only cargo and the registry. Pages under 10 kB are the suite's
# synthetic unit cases and are left out by the measuring example.
#
#     scripts/extraction-quality.sh            # summary
#     VERBOSE=1 scripts/extraction-quality.sh  # one line per page
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fetch/src"
cat > "$work/fetch/Cargo.toml" <<'EOF'
[package]
name = "fetch-page-set"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
readabilityrs = "=0.1.4"
EOF
echo > "$work/fetch/src/lib.rs"
cargo fetch --quiet --manifest-path "$work/fetch/Cargo.toml"
cargo_home=${CARGO_HOME:-$HOME/.cargo}
pages=$(find "$cargo_home/registry/src" -maxdepth 4 -type d -path '*readabilityrs-0.1.4/tests/test-pages' | head -1)
if [ -z "$pages" ]; then
    echo "the page set was not found in the cargo registry" >&2
    exit 1
fi
cargo run --quiet --release --example extraction_quality -- mozilla "$pages"
