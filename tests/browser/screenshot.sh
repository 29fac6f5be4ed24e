#!/usr/bin/env bash
# Renders the HTML diff report of the demo (rules/cloud-cn against samples/cloud-cn-candidate,
# 2000 generated orders) in headless Chromium and checks the screenshot: a 1200x900 PNG that is
# not blank. Leaves build-browser/diff.html and build-browser/diff.png to look at.
#   tests/browser/screenshot.sh path/to/refundctl
set -euo pipefail
refundctl=${1:?usage: screenshot.sh path/to/refundctl}
out=build-browser
mkdir -p "$out"
"$refundctl" gen --count 2000 --seed 1 --profile samples/profiles/cloud.yaml >"$out/orders.jsonl"
"$refundctl" diff --base rules/cloud-cn --candidate samples/cloud-cn-candidate --format html \
  "$out/orders.jsonl" >"$out/diff.html"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out/diff.png"
# No network, no first-run or background services: the page is self-contained.
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --screenshot="$PWD/$out/diff.png" --window-size=1200,900 \
  "file://$PWD/$out/diff.html" >"$out/chromium.log" 2>&1 || { cat "$out/chromium.log" >&2; exit 1; }
[ -s "$out/diff.png" ] || { echo "FAIL: chromium wrote no screenshot" >&2; cat "$out/chromium.log" >&2; exit 1; }
python3 tests/browser/check_png.py "$out/diff.png" 1200 900
echo "browser test: ok ($out/diff.png)"
