#!/usr/bin/env bash
# Benchmarks careerbook on generated handbooks (release build, hyperfine,
# several runs; report the median). Results go in BENCHMARKS.md.
# Usage: scripts/bench.sh [check]      (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-check}
cargo build --release --quiet
cargo build --release --quiet --example gen_handbook
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in 1000 10000; do
  ./target/release/examples/gen_handbook "$tmp/h$n" "$n"
done
case "$what" in
  check)
    for n in 1000 10000; do
      hyperfine --warmup 2 --runs 15 --export-json "$tmp/check$n.json" \
        "./target/release/careerbook check $tmp/h$n" >/dev/null
      python3 - "$tmp/check$n.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"check, {sys.argv[2]} items: median {r['median']*1000:.0f} ms (min {r['min']*1000:.0f}, max {r['max']*1000:.0f}, {len(r['times'])} runs)")
PY
      /usr/bin/time -f "check, $n items: max RSS %M KB" ./target/release/careerbook check "$tmp/h$n" >/dev/null
    done
    ;;
esac
