#!/usr/bin/env bash
# Lighthouse (mobile, simulated throttling) over the bundled handbook: each
# page RUNS times (default 3), interleaved, median reported. The site is
# served by `serve` (gzip on, as any static host would), and the plain
# mdBook page to compare against is the introduction, a chapter without any
# careerbook content in the same book.
#
#   scripts/lighthouse.sh                # the bundled handbook
#   BOOK=/path/to/built/site scripts/lighthouse.sh
#   TWINS=1 scripts/lighthouse.sh        # each page also without careerbook
#
# TWINS=1 measures beside each page its twin: the same HTML without the
# links to careerbook's stylesheet and script, that is, a plain mdBook page
# of the same weight (reported as PAGE.twin.html). The difference between
# the two is what careerbook's files cost.
#
# Needs node and Debian's chromium; Lighthouse 12 and serve are installed
# into a scratch folder on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
PORT=${PORT:-4391}
TOOLS=${TOOLS:-/tmp/careerbook-lighthouse}
CHROME=${CHROME:-/usr/bin/chromium}

if [ ! -x "$TOOLS/node_modules/.bin/lighthouse" ]; then
    mkdir -p "$TOOLS"
    (cd "$TOOLS" && npm init -y >/dev/null && npm install --silent lighthouse@12 serve@14 >/dev/null)
fi

if [ -z "${BOOK:-}" ]; then
    cargo build --release --quiet
    ./target/release/careerbook build book >/dev/null
    BOOK=book/book
fi

"$TOOLS/node_modules/.bin/serve" --listen "$PORT" --no-clipboard "$BOOK" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1

PAGES=${PAGES:-"introduction.html ladder.html engineering-ladder/levels/senior.html engineering-ladder/compare/senior-to-staff.html self-assessment.html checklists.html glossary.html"}
if [ -n "${TWINS:-}" ]; then
    for page in $PAGES; do
        grep -v 'href="[./]*careerbook/careerbook-[0-9a-f]*\.css"\|src="[./]*careerbook/careerbook-[0-9a-f]*\.js"' \
            "$BOOK/$page" >"$BOOK/${page%.html}.twin.html" || true
        PAGES="$PAGES ${page%.html}.twin.html"
    done
    trap 'kill $SERVER; find "$BOOK" -name "*.twin.html" -delete' EXIT
fi
OUT=$(mktemp -d)
for run in $(seq 1 "$RUNS"); do
    for page in $PAGES; do
        name=$(echo "$page" | tr '/' '_')
        CHROME_PATH=$CHROME "$TOOLS/node_modules/.bin/lighthouse" \
            "http://localhost:$PORT/$page" \
            --quiet --output=json --output-path="$OUT/$name.$run.json" \
            --only-categories=performance,accessibility,best-practices \
            --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null 2>&1
    done
done

# shellcheck disable=SC2086 # one argument per page
node - "$OUT" "$RUNS" $PAGES <<'EOF'
const fs = require('fs');
const [dir, runs, ...pages] = process.argv.slice(2);
const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log('page | performance | accessibility | best practices | CLS | TBT ms | FCP ms | LCP ms');
console.log('--- | --- | --- | --- | --- | --- | --- | ---');
for (const page of pages) {
    const reports = [];
    for (let run = 1; run <= Number(runs); run++) {
        const file = `${dir}/${page.replaceAll('/', '_')}.${run}.json`;
        reports.push(JSON.parse(fs.readFileSync(file, 'utf8')));
    }
    const score = (category) => median(reports.map((r) => Math.round(r.categories[category].score * 100)));
    const audit = (id) => median(reports.map((r) => r.audits[id].numericValue));
    console.log([
        page,
        score('performance'),
        score('accessibility'),
        score('best-practices'),
        audit('cumulative-layout-shift').toFixed(3),
        Math.round(audit('total-blocking-time')),
        Math.round(audit('first-contentful-paint')),
        Math.round(audit('largest-contentful-paint')),
    ].join(' | '));
}
EOF
