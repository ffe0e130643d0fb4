#!/usr/bin/env bash
# Renders the whole-CB HTML report of the examples in a real headless browser (Debian's
# chromium) and checks what the browser built: the charts, every finding, no script.
# CI runs it; it installs chromium when it can.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true
  fi
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "check-html-report: chromium is not available here; the browser check was NOT run" >&2
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet --release -- check examples/cases --staff examples/staff.json --as-of 2025-12-31 \
  --format html --output "$out/report.html" || test $? -eq 1
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$out/profile" --dump-dom "file://$out/report.html" > "$out/dom.html" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$out/profile" --window-size=1280,2000 --screenshot="$out/report.png" \
  "file://$out/report.html" >/dev/null 2>&1
fail() { echo "check-html-report: $*" >&2; exit 1; }
[ -s "$out/report.png" ] || fail "the browser produced no screenshot"
grep -q "<svg" "$out/dom.html" || fail "no SVG chart in the rendered page"
for rule in cycle/itsms-surveillance-interval decision/override-justified sampling/site-in-management-review \
            programme/mr-ia-before-certification initial/stage1-report-reviewed decision/mr-ia-evidence; do
  grep -q "$rule" "$out/dom.html" || fail "finding $rule missing from the rendered page"
done
grep -qi "<script" "$out/dom.html" && fail "the page must not contain scripts"
echo "check-html-report: the HTML report renders in $(chromium --version)"
