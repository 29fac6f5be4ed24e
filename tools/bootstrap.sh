#!/usr/bin/env bash
# Installs the Debian packages the build needs, only when some are missing.
# Idempotent and quiet when everything is present; uses sudo only when not root.
set -euo pipefail

packages=(cmake make g++ pkg-config libyaml-cpp-dev libfmt-dev nlohmann-json3-dev doctest-dev
          libcli11-dev libhowardhinnant-date-dev libssl-dev tzdata)
# Extra groups, asked for by name: `tools/bootstrap.sh bench` adds Google Benchmark, `browser`
# Chromium (for `make test-browser`).
for group in "$@"; do
  case "$group" in
    bench) packages+=(libbenchmark-dev python3) ;;
    browser) packages+=(chromium) ;;
    *) echo "bootstrap: unknown package group '$group'" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "bootstrap: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
