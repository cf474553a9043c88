#!/usr/bin/env bash
# Runs every fuzz target for a while, each from a corpus seeded with the repository's examples, and
# prints one line per target: seconds run, executions, and whether it found a crash.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default 240 s, every target)
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Crash inputs land in
# fuzz/artifacts/TARGET/; each one found is kept as a regression test (see fuzz/README.md).
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-240}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ingest_any html feed warc jsonl decode segment extract dictionaries)
ex=../examples

seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  case $target in
    ingest_any) cp $ex/* "$dir"/ ;;
    html) cp $ex/*.html "$dir"/ ;;
    feed) cp $ex/*.rss $ex/*.atom "$dir"/ ;;
    warc) gzip -dc $ex/crawl.warc.gz > "$dir"/crawl.warc ;;
    jsonl) split -l 1 $ex/wire.jsonl "$dir"/line- ;;
    decode) for f in $ex/*.txt $ex/*.html; do printf '\001' | cat - "$f" > "$dir/$(basename "$f")"; done ;;
    segment|extract) cp $ex/*.txt "$dir"/
      # the texts of the JSONL examples, one a file
      python3 -c 'import json,sys
for i,l in enumerate(open(sys.argv[1])):
    open(sys.argv[2]+"/doc-%d"%i,"w").write(json.loads(l)["text"])' $ex/wire.jsonl "$dir" ;;
    dictionaries)
      for f in ../crates/dyad-actors/data/*.txt; do printf '\000' | cat - "$f" > "$dir/actors-$(basename "$f")"; done
      for f in ../crates/dyad-events/data/*.txt; do printf '\001' | cat - "$f" > "$dir/verbs-$(basename "$f")"; done ;;
  esac
}

cargo +nightly fuzz build -O >/dev/null 2>&1 || { echo "cargo +nightly fuzz build failed"; exit 1; }
for t in "${targets[@]}"; do
  seed "$t"
  log=$(mktemp)
  # -rss_limit_mb: a case that needs more memory than this is a finding too.
  nice -n 10 cargo +nightly fuzz run -O "$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 \
    -max_len=65536 -print_final_stats=1 >"$log" 2>&1
  status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  echo "$t: ${secs}s, ${execs:-?} executions, ${cov:-cov: ?}, exit $status$( [ $status -ne 0 ] && echo ", FOUND: $(ls artifacts/$t 2>/dev/null | tr '\n' ' ')")"
  cp "$log" "fuzz-$t.log"
  rm -f "$log"
done
