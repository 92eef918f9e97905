#!/usr/bin/env bash
# Runs every test of careerbook: formatting, lints, the Rust test suite
# (unit, CLI, snapshot and schema tests) and the browser tests.
# Usage: scripts/test.sh        (from anywhere inside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

# The pass-through tests compare against a plain `mdbook build`.
if ! command -v mdbook >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/mdbook" ]; then
  echo "== installing mdbook 0.5.4 (for the pass-through tests)"
  cargo install mdbook --version 0.5.4 --locked --quiet
fi

# The browser assets: lint the source, and check that the committed build
# (theme/dist/, what the Rust build inlines) is the build of that source.
echo "== browser assets: eslint, and theme/dist/ up to date"
scripts/build-assets.sh --check
(cd theme && node_modules/.bin/eslint js build.mjs eslint.config.js)

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --locked --all-targets

# The README's build command, as written there but in the debug profile
# (the release profile's LTO build takes minutes; `cargo run` picks the
# binary the same way).
echo "== README build command (debug profile)"
cargo run --locked --quiet -- build book

if [ -x tests/browser/run.sh ]; then
  echo "== browser tests"
  tests/browser/run.sh
fi
