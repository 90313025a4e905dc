#!/usr/bin/env bash
# End-to-end benchmark: `shortlist evaluate` with every bundled plugin
# (criteria/digital-champions-plugins.yaml) over generated corpora of each
# size, on one and on two threads, next to the raw chain (bench/raw_chain.h:
# read + ICU NFC + ICU word break + CLD2) over the same files in the same
# run. Wall time and peak memory come from GNU time. Each evaluation runs
# twice, with the host's shared text analysis (plugin ABI 1.3) off
# (SHORTLIST_TEXT_ANALYSIS=off: every text plugin breaks and stems the text
# itself, as before 1.3) and on, so that before and after come from the
# same run. Results go to standard output as a Markdown table, with the
# machine's load before and after.
#
#   bench/e2e/run.sh [BUILD_DIR] [SIZE...]        (default sizes: 1000 10000 100000)
#
# The corpora hold the text formats only (JSON, YAML, Markdown, plain text,
# CSV), so that the raw chain reads exactly what evaluation reads. Corpora
# are generated once into BUILD_DIR/corpus/ (seed 2026, no malformed files)
# and kept for the next run.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000 100000)
[[ -x /usr/bin/time ]] || { echo "GNU time is not installed (scripts/install-deps.sh)" >&2; exit 1; }
criteria=criteria/digital-champions-plugins.yaml

corpus() {  # corpus NAME COUNT FORMATS -> prints its folder
  local dir="$build/corpus/$1-$2"
  if [[ ! -f "$dir.done" ]]; then
    rm -rf "$dir"
    "$build/shortlist_corpus" --count "$2" --seed 2026 --malformed 0 --formats "$3" \
      --out "$dir" > /dev/null
    touch "$dir.done"
  fi
  echo "$dir"
}

measure() {  # measure COMMAND... -> "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$build/corpus/time.txt" "$@" > /dev/null 2>&1 ||
    { echo "failed: $*" >&2; exit 1; }
  cat "$build/corpus/time.txt"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

mkdir -p "$build/corpus"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| proposals | MB | threads | raw chain s | evaluate s, before / after | of raw chain, before / after | peak MB, before / after | 2 threads vs 1, before / after |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  dir="$(corpus text "$n" json=25,yaml=20,md=10,txt=5,csv=15)"
  mb="$(du -sb "$dir" | awk '{ printf "%.1f", $1 / 1e6 }')"
  declare -A one=()
  for threads in 1 2; do
    read -r raw _ < <(measure "$build/raw_chain" --threads "$threads" "$dir")
    declare -A wall=() peak=()
    for analysis in off on; do
      read -r wall[$analysis] peak[$analysis] < <(measure env SHORTLIST_TEXT_ANALYSIS=$analysis \
        "$build/shortlist" evaluate --criteria "$criteria" --submissions "$dir" --format json \
        --output /dev/null --threads "$threads")
      [[ $threads == 1 ]] && one[$analysis]="${wall[$analysis]}"
    done
    speedup=""
    [[ $threads == 2 ]] &&
      speedup="$(ratio "${one[off]}" "${wall[off]}")x / $(ratio "${one[on]}" "${wall[on]}")x"
    echo "| $n | $mb | $threads | $raw | ${wall[off]} / ${wall[on]} |" \
         "$(ratio "$raw" "${wall[off]}") / $(ratio "$raw" "${wall[on]}") |" \
         "$((peak[off] / 1024)) / $((peak[on] / 1024)) | $speedup |"
  done
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
