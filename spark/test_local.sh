#!/usr/bin/env bash
# The Spark job in local mode against dyad on one machine: a few hundred BBC articles from ../shared go
# through `dyad ingest` + `dyad export --format parquet` and through spark/dyad_spark.py on local[2];
# spark/compare.py checks that the Parquet datasets are equal row for row. Run by .ci/run.
#
#   spark/test_local.sh [SHARED] [DYAD]     (defaults: ../shared, target/release/dyad)
#
# Needs Java (17+) and Python 3; pyspark is installed from PyPI into spark/.venv (git-ignored) when missing.
# SPARK_TEST_DOCS sets the number of articles (default 300).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${1:-../shared}
DYAD=${2:-target/release/dyad}
DOCS=${SPARK_TEST_DOCS:-300}
PYSPARK_VERSION=4.0.1

if [ ! -d "$SHARED/data/corpus/bbc/news" ]; then
  echo "!!!! spark: $SHARED/data/corpus/bbc/news is absent: SKIPPING the Spark local-mode test !!!!"
  exit 0
fi
if ! command -v java > /dev/null; then
  echo "spark: no java on the PATH; Spark needs Java 17 or newer" >&2
  exit 1
fi
[ -x "$DYAD" ] || { echo "spark: no dyad binary at $DYAD (cargo build --release -p dyad)" >&2; exit 1; }

VENV=spark/.venv
if ! "$VENV/bin/python" -c "import pyspark" 2> /dev/null; then
  echo "-- spark: installing pyspark $PYSPARK_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "pyspark==$PYSPARK_VERSION"
fi
export PYSPARK_PYTHON="$PWD/$VENV/bin/python"
export PYSPARK_DRIVER_PYTHON="$PYSPARK_PYTHON"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$VENV/bin/python" spark/make_input.py "$SHARED/data/corpus/bbc/news" "$WORK/input.jsonl" --limit "$DOCS" \
  --seed "$SHARED/seed/xi-putin-reelection.txt"
echo "-- spark: $(wc -l < "$WORK/input.jsonl") input lines ($DOCS BBC articles, the seed twice from two outlets, and three edge cases)"

# One machine. Exit status 3: the broken line was reported and skipped, the rest stored.
status=0
"$DYAD" ingest "$WORK/input.jsonl" --db "$WORK/single.db" --threads 2 || status=$?
[ "$status" -eq 3 ] || { echo "spark: dyad ingest exited with $status, expected 3 (one bad line)" >&2; exit 1; }
"$DYAD" export --db "$WORK/single.db" --format parquet --out "$WORK/single" 2> /dev/null

# Spark, shipping the binary as a cluster would (--files); four partitions over two local cores.
if ! "$VENV/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false --files "$DYAD" \
  spark/dyad_spark.py "$WORK/input.jsonl" --out "$WORK/spark" --partitions 4 > "$WORK/spark.log" 2>&1; then
  tail -n 60 "$WORK/spark.log"
  echo "spark: the job failed" >&2
  exit 1
fi
grep '^dyad-spark' "$WORK/spark.log" | sort | uniq

"$VENV/bin/python" spark/compare.py "$WORK/single" "$WORK/spark"
echo "-- spark: the local-mode job's Parquet equals dyad export's, row for row"
