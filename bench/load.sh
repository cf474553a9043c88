#!/usr/bin/env bash
# Load test of `dyad serve` on loopback (issue 11): throughput and latency of queries and of
# POST /api/extract, then an overload run that must be shed with 503, never a failure to answer.
# Usage: bench/load.sh [--duration SECONDS] [--connections N] [--no-append]
#   --duration S     seconds per wrk run (default 15)
#   --connections N  concurrent connections (default 16; the overload run uses 8 times as many)
#   --no-append      print the table but leave BENCHMARKS.md alone
# Needs wrk (apt-get install wrk). Everything listens on 127.0.0.1 and stops when the script ends.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=15
CONNS=16
APPEND=1
COMMAND_LINE=$(echo "bench/load.sh $*" | sed "s/ *$//")
while [ $# -gt 0 ]; do
    case $1 in
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNS=$2; shift 2 ;;
        --no-append) APPEND=0; shift ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "load: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { echo "load: wrk not found (apt-get install wrk)" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

cd "$ROOT"
cargo build --release -p dyad --quiet
DYAD=$ROOT/target/release/dyad

# A store with the examples and 2,000 generated articles, so that queries have rows to page through.
python3 - "$WORK/gen.jsonl" <<'PY'
import json, sys, datetime
cities = ["London", "Washington", "Paris", "Moscow", "Beijing", "Nairobi", "Brasilia"]
with open(sys.argv[1], "w") as f:
    for i in range(2000):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 300)
        text = (f"Chinese President Xi Jinping met Russian President Vladimir Putin in {cities[i % 7]} on Monday. "
                f"Russia praised China for sending {i + 2} envoys. France accused Germany of interference, "
                f"officials said in report {i * 7 + 1}.")
        f.write(json.dumps({"id": f"gen-{i}", "text": text, "date": str(day)}) + "\n")
PY
"$DYAD" ingest --quiet --db "$WORK/store.db" examples "$WORK/gen.jsonl"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
"$DYAD" serve --db "$WORK/store.db" --addr "127.0.0.1:$PORT" 2>"$WORK/serve.log" &
SERVER=$!
for _ in $(seq 100); do curl -sf "$BASE/api/counts" >/dev/null 2>&1 && break; sleep 0.1; done

ARTICLE=$(head -1 examples/wire.jsonl)
cat >"$WORK/extract.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[$ARTICLE]==]
LUA

ROWS=$WORK/rows.md
run() { # name, connections, wrk args...
    local name=$1 conns=$2
    shift 2
    local out=$WORK/wrk.txt
    timeout $((DURATION + 30)) wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 10s --latency "$@" >"$out" 2>&1 || true
    python3 - "$out" "$name" "$conns" >>"$ROWS" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def lat(p):
    m = re.search(rf"^\s*{p}%\s+([\d.]+)(us|ms|s)", text, re.M)
    if not m: return "?"
    v, u = float(m.group(1)), m.group(2)
    return f"{v / 1000 if u == 'us' else v * 1000 if u == 's' else v:.1f}"
req = re.search(r"(\d+) requests in", text)
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
print(f"| {sys.argv[2]} | {sys.argv[3]} | {req.group(1) if req else '?'} | {float(rps.group(1)) if rps else 0:,.0f} | "
      f"{lat('50')} | {lat('99')} | {non2xx.group(1) if non2xx else 0} | {errors.group(1) if errors else 'none'} |")
PY
}

run "GET /api/counts" "$CONNS" "$BASE/api/counts"
run "GET /api/events?actor=CHN&limit=50" "$CONNS" "$BASE/api/events?actor=CHN&limit=50"
run "GET /api/dyad?a=CHN&b=RUS&by=month" "$CONNS" "$BASE/api/dyad?a=CHN&b=RUS&by=month"
run "GET /api/search?q=envoys" "$CONNS" "$BASE/api/search?q=envoys"
# As many connections as the server codes documents at once (2 per core): none is shed.
run "POST /api/extract (one article)" $((2 * $(nproc))) -s "$WORK/extract.lua" "$BASE/api/extract"
run "POST /api/extract, overload" $((CONNS * 8)) -s "$WORK/extract.lua" "$BASE/api/extract"
# What an overloaded server answers, by status: 200 or 503, nothing else.
STATUSES=$(python3 - "$BASE/api/extract" "$ARTICLE" <<'PY'
import collections, concurrent.futures, sys, urllib.error, urllib.request
def post(_):
    req = urllib.request.Request(sys.argv[1], sys.argv[2].encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception as e:
        return type(e).__name__
with concurrent.futures.ThreadPoolExecutor(64) as pool:
    tally = collections.Counter(pool.map(post, range(640)))
print(", ".join(f"{k}: {v}" for k, v in sorted(tally.items(), key=str)))
PY
)
kill -0 "$SERVER" || { echo "load: the server died" >&2; cat "$WORK/serve.log" >&2; exit 1; }
curl -sf "$BASE/api/counts" >/dev/null || { echo "load: the server stopped answering" >&2; exit 1; }

LOAD=$(cut -d' ' -f1 /proc/loadavg)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
TABLE=$WORK/table.md
{
    echo "### $(date -u '+%Y-%m-%d %H:%M') UTC, \`$COMMAND_LINE\`"
    echo
    echo "Machine: $(nproc) cores, $CPU, load average $LOAD after the run. dyad at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates || echo ' (with uncommitted changes)'),"
    echo "\`dyad serve\` with its default limits (pipeline runs at once: 2 per core, then 503), on loopback;"
    echo "wrk 2 threads, ${DURATION} s per row. Store: examples/ and 2,000 generated articles. Latency in ms."
    echo
    echo "| request | connections | requests | requests/s | p50 ms | p99 ms | non-2xx (503 shed) | socket errors |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    cat "$ROWS"
    echo
    echo "640 requests to POST /api/extract from 64 threads at once were answered by status: $STATUSES."
    echo
} >"$TABLE"
cat "$TABLE"
if [ "$APPEND" = 1 ]; then
    if ! grep -q '^## Server load' BENCHMARKS.md; then
        printf '\n## Server load\n\n`bench/load.sh` starts `dyad serve` on loopback over a generated store and runs wrk against\nqueries and `POST /api/extract`, then overloads `/api/extract` with 8 times the connections: the\nexcess must come back as 503 (shed), the server must keep answering. Figures are appended below.\n\n' >>BENCHMARKS.md
    fi
    cat "$TABLE" >>BENCHMARKS.md
fi
