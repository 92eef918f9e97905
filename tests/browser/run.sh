#!/usr/bin/env bash
# Browser tests: headless Debian chromium driven by playwright-core.
# Installs chromium (apt) and the npm packages when missing, builds the sites
# under test, then runs node's test runner over tests/*.test.mjs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (apt)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
command -v node >/dev/null || { echo "node is required for the browser tests" >&2; exit 2; }
cd "$here"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund --silent
fi

cd "$repo"
cargo build --quiet --bins
export CAREERBOOK_BIN="$repo/target/debug/careerbook"
export CAREERBOOK_REPO="$repo"
mkdir -p "$here/artifacts"
cd "$here"
node --test --test-concurrency=1 tests/
