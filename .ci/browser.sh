#!/usr/bin/env bash
# Browser tests of the dashboard: a store built from examples/, `dyad serve` on a free loopback port,
# every view loaded in headless Debian chromium (driven by playwright-core) and checked; screenshots
# go to target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
cargo build --release -p dyad
DYAD=target/release/dyad

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Some example inputs may be skipped (exit status 3, reported on stderr); the rest is the store.
status=0
"$DYAD" ingest examples --db "$work/examples.db" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  echo "dyad ingest failed ($status)"
  exit 1
fi

# Port 0: the system picks a free port, and serve prints the address it got.
"$DYAD" serve --db "$work/examples.db" --addr 127.0.0.1:0 --token "browser-test-$$" 2>"$work/serve.log" &
server=$!
url=""
for _ in $(seq 1 120); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" | head -n1 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; echo "dyad serve exited"; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$work/serve.log"; echo "dyad serve did not start"; exit 1; }
echo "== browser tests against $url"
mkdir -p target/screenshots
DYAD_URL="$url" SCREENSHOTS=target/screenshots node tests/browser/dashboard.test.mjs
