#!/usr/bin/env bash
# Builds careerbook's browser assets: theme/js/ and theme/css/ into
# theme/dist/careerbook.js and theme/dist/careerbook.css (bundled by esbuild,
# the script minified by terser; versions pinned in theme/package-lock.json).
# The binary embeds theme/dist/ and writes it into every built site, so commit
# it after running this.
# Usage: scripts/build-assets.sh [--check]   (--check: fail when theme/dist/ is stale)
set -euo pipefail
cd "$(dirname "$0")/../theme"
command -v node >/dev/null || { echo "node is required to build the browser assets" >&2; exit 2; }
if [ ! -x node_modules/.bin/esbuild ] || [ ! -x node_modules/.bin/eslint ] || [ ! -d node_modules/terser ]; then
  npm ci --no-audit --no-fund --silent
fi
node build.mjs "$@"
