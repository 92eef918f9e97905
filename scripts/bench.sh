#!/usr/bin/env bash
# Benchmarks careerbook on generated handbooks (release build, hyperfine,
# several runs; report the median). Results go in BENCHMARKS.md.
# Usage: scripts/bench.sh [check|build|serve]
#   check: needs hyperfine (apt-get install hyperfine)
#   build: needs mdbook 0.5.4 on PATH (or MDBOOK=...)
#   serve: the edit loop of `careerbook serve` (examples/edit_loop.rs): edit a
#          content file, time until the page's reload message and until the
#          page is fetched again; RUNS=n interleaved runs (default 21);
#          CAREERBOOK_OLD=path/to/careerbook also runs that binary (e.g. one
#          from before the websocket, long-polled) interleaved, on copies
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-check}
# Binaries are where cargo puts them (CARGO_TARGET_DIR is honoured).
rel=$(realpath -m "${CARGO_TARGET_DIR:-target}/release")
cargo build --release --quiet
cargo build --release --quiet --example gen_handbook
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sizes="1000 10000"
[ "$what" = serve ] && sizes="1000 1500 10000"
for n in $sizes; do
  "$rel/examples/gen_handbook" "$tmp/h$n" "$n"
done
case "$what" in
  check)
    for n in 1000 10000; do
      hyperfine --warmup 2 --runs 15 --export-json "$tmp/check$n.json" \
        "$rel/careerbook check $tmp/h$n" >/dev/null
      python3 - "$tmp/check$n.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"check, {sys.argv[2]} items: median {r['median']*1000:.0f} ms (min {r['min']*1000:.0f}, max {r['max']*1000:.0f}, {len(r['times'])} runs)")
PY
      /usr/bin/time -f "check, $n items: max RSS %M KB" "$rel/careerbook" check "$tmp/h$n" >/dev/null
    done
    ;;
  build)
    # careerbook build versus a plain `mdbook build` of the same rendered
    # Markdown (the chapters as careerbook rendered them, written out by
    # mdBook's markdown renderer, then built without careerbook).
    # MDBOOK=path/to/mdbook compares against another mdbook build (e.g. one
    # compiled with the same LTO profile as careerbook).
    mdbook=${MDBOOK:-mdbook}
    command -v "$mdbook" >/dev/null || { echo "needs mdbook 0.5.4 on PATH (or MDBOOK=...)" >&2; exit 2; }
    books="$tmp/h1000 $tmp/h10000 book"
    for b in $books; do
      name=$(basename "$b")
      work="$tmp/work-$name"; plain="$tmp/plain-$name"
      rm -rf "$work" "$plain"; cp -r "$b" "$work"; rm -rf "$work/book"
      # Emit the preprocessed chapters.
      printf '\n[output.markdown]\n' >> "$work/book.toml"
      grep -q '^\[preprocessor.careerbook\]' "$work/book.toml" || printf '\n[preprocessor.careerbook]\nbefore = ["links"]\n' >> "$work/book.toml"
      PATH="$rel:$PATH" mdbook build "$work" >/dev/null 2>&1
      mkdir -p "$plain"
      if [ -d "$work/book/markdown" ]; then cp -r "$work/book/markdown" "$plain/src"; else cp -r "$work/book" "$plain/src"; fi
      cp "$b/src/SUMMARY.md" "$plain/src/SUMMARY.md"
      # book.toml without careerbook's table and its watch folder.
      awk '/^\[/ { skip = ($0 ~ /^\[preprocessor\.careerbook/) } !skip && !/^extra-watch-dirs/' "$b/book.toml" > "$plain/book.toml"
      rm -rf "$work/book"; cp "$b/book.toml" "$work/book.toml"
      # Interleaved runs (a, b, a, b, ...): on a shared machine the noise
      # drifts, and interleaving gives both sides the same conditions.
      python3 - "$name" "$rel/careerbook build $work" "$mdbook build $plain" <<'PY'
import os, statistics, subprocess, sys, time
name, a, b = sys.argv[1:]
RUNS = 41
wall = {a: [], b: []}
cpu = {a: [], b: []}
def once(cmd):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    assert status == 0, cmd
    return time.perf_counter() - t, usage.ru_utime + usage.ru_stime
for cmd in (a, b):
    once(cmd)  # warm-up
for _ in range(RUNS):
    for cmd in (a, b):
        w, c = once(cmd)
        wall[cmd].append(w)
        cpu[cmd].append(c)
med = lambda xs: statistics.median(xs) * 1000
print(f"{name}: careerbook build {med(wall[a]):.0f} ms, plain mdbook build {med(wall[b]):.0f} ms, "
      f"ratio {med(wall[a]) / med(wall[b]):.2f}x; CPU time {med(cpu[a]):.0f} vs {med(cpu[b]):.0f} ms, "
      f"ratio {med(cpu[a]) / med(cpu[b]):.2f}x (medians of {RUNS} interleaved runs)")
PY
    done
    ;;
  serve)
    cargo build --release --quiet --example edit_loop
    "$rel/examples/edit_loop" "$rel/careerbook" "${RUNS:-21}" \
      "$tmp/h1000" "$tmp/h1500" "$tmp/h10000"
    ;;
  *)
    echo "usage: scripts/bench.sh [check|build|serve]" >&2
    exit 2
    ;;
esac
