#!/usr/bin/env bash
# Scaling of the Spark job: the whole BBC corpus on local[1] and on local[2], same partitions, then
# `dyad extract --threads 1|2` on the same input for the single-machine reference. Prints a Markdown table
# for BENCHMARKS.md.
#
#   spark/bench.sh [SHARED] [DYAD]      (defaults: ../shared, target/release/dyad; PARTITIONS=8)
#
# Words are counted as bench/run.sh counts them (whitespace-separated words of the article texts, of the
# documents kept); words/s divides them by the wall time of the whole spark-submit (JVM start-up, input
# reading, deduplication, aggregation and the Parquet writes included) or of the whole dyad process.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${1:-../shared}
DYAD=${2:-target/release/dyad}
PARTITIONS=${PARTITIONS:-8}
VENV=spark/.venv
[ -d "$SHARED/data/corpus/bbc/news" ] || { echo "no BBC corpus under $SHARED" >&2; exit 1; }
"$VENV/bin/python" -c "import pyspark" || { echo "run spark/test_local.sh once to create $VENV" >&2; exit 1; }
export PYSPARK_PYTHON="$PWD/$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$PWD/$VENV/bin/python"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$VENV/bin/python" spark/make_input.py "$SHARED/data/corpus/bbc/news" "$WORK/bbc.jsonl" --no-edges
WORDS=$("$VENV/bin/python" -c 'import json,sys; print(sum(len(json.loads(l)["text"].split()) for l in open(sys.argv[1])))' "$WORK/bbc.jsonl")
DOCS=$(wc -l < "$WORK/bbc.jsonl")

row() { # label, seconds
  "$VENV/bin/python" -c 'import sys; w, s = int(sys.argv[3]), float(sys.argv[2]); print(f"| {sys.argv[1]} | {s:.1f} | {w / s:,.0f} |")' "$1" "$2" "$WORDS"
}
timed() { # seconds of a command's wall time
  local t0 t1
  t0=$(date +%s.%N); "$@" >&2; t1=$(date +%s.%N)
  "$VENV/bin/python" -c "print($t1 - $t0)"
}

echo "Input: $DOCS BBC articles from $SHARED/data/corpus/bbc/news (spark/make_input.py --no-edges), $WORDS words;"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; dyad at $(git rev-parse --short HEAD)."
echo
echo "| run | wall s | words/s |"
echo "| --- | ---: | ---: |"
for master in 'local[1]' 'local[2]'; do
  s=$(timed "$VENV/bin/spark-submit" --master "$master" --conf spark.ui.enabled=false --files "$DYAD" \
    spark/dyad_spark.py "$WORK/bbc.jsonl" --out "$WORK/out-$master" --partitions "$PARTITIONS" 2> "$WORK/log-$master")
  row "spark-submit --master $master, $PARTITIONS partitions" "$s"
  grep '^dyad-spark' "$WORK/log-$master" >&2
done
for t in 1 2; do
  s=$(timed "$DYAD" extract --quiet --threads "$t" "$WORK/bbc.jsonl" --output "$WORK/extract.jsonl")
  row "dyad extract --threads $t (one machine, no aggregation)" "$s"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
