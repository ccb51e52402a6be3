#!/usr/bin/env bash
# How faithfully web page import keeps the article: token F1 against public page
# sets with known article text (BENCHMARKS.md, "Intake").
#
# Two sets, each taken from a registry package that ships it, so the script needs
# only cargo, pip and the registries. The pages belong to their publishers and are
# not committed here.
# - Mozilla Readability's test pages (Apache-2.0), from the crates.io package
#   `readabilityrs` (its tests folder). Pages under 10 kB are the suite's
#   synthetic unit cases and are left out by the measuring example.
# - newspaper4k's test pages (MIT), from its source package on PyPI (its
#   tests/data folder): the 18 whose text its own tests check, in 8 languages.
#   Without pip this set is skipped, with a warning.
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
    echo "the Mozilla page set was not found in the cargo registry" >&2
    exit 1
fi
sets=(mozilla "$pages")

# The PyPI source package, pinned by version and hash.
if python3 -m pip --version >/dev/null 2>&1; then
    mkdir -p "$work/pypi"
    echo 'newspaper4k==0.9.6 --hash=sha256:a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e' \
        > "$work/pypi/requirements.txt"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
        --require-hashes -r "$work/pypi/requirements.txt" -d "$work/pypi"
    tar -xzf "$work/pypi/newspaper4k-0.9.6.tar.gz" -C "$work/pypi"
    sets+=(newspaper "$work/pypi/newspaper4k-0.9.6/tests/data")
else
    echo "warning: no pip (python3 -m pip): the newspaper4k set is left out" >&2
fi

cargo run --quiet --release --example extraction_quality -- "${sets[@]}"
