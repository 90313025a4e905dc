#!/usr/bin/env bash
# `shortlist audit verify` over a large call: PROPOSALS generated proposals
# (default 10,000) ingested and evaluated with every one of them on the
# shortlist, a roster of 100 jurors, three of them assigned in turn to each
# proposal and every review sent (3 x PROPOSALS reviews), 100 decisions
# released; then verify is run as a whole process and timed with GNU time
# (wall seconds, peak memory) next to `shortlist export` of the same call,
# the baseline, with the size of what it checked.
#
#   bench/audit/run.sh [BUILD_DIR] [PROPOSALS]
#
# SQLite, in a folder of the system's temporary folder removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
n="${2:-10000}"
[[ -x /usr/bin/time ]] || { echo "GNU time is not installed (scripts/install-deps.sh)" >&2; exit 1; }
command -v sqlite3 > /dev/null || { echo "the sqlite3 shell is not installed" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/shortlist.db"
uri="sqlite:$db"
shortlist="$build/shortlist"

step() {  # step NAME COMMAND... -> times the command, prints "NAME: seconds"
  local name="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/out.txt" 2>&1 ||
    { cat "$work/out.txt" >&2; echo "failed: $*" >&2; exit 1; }
  read -r seconds kb < "$work/time.txt"
  echo "$name: ${seconds} s, peak $((kb / 1024)) MB" >&2
}

"$build/shortlist_corpus" --count "$n" --seed 2026 --malformed 0 --near-duplicates 0 \
  --formats json=100 --out "$work/corpus" > /dev/null
sed "s/^  size: 5$/  size: $n/" criteria/digital-champions.yaml > "$work/criteria.yaml"
{
  echo "jurors:"
  for j in $(seq 1 100); do
    echo "  - id: j$j"
    echo "    name: Juror $j"
    echo "    organisation: Jury panel $j"
    echo "    country: CH"
    echo "    languages: {en: native, fr: native, es: native, ar: native, zh: native, ru: native, pt: native, sw: native}"
    echo "    max_load: $((n * 3 / 100 + 30))"
  done
} > "$work/jurors.yaml"

step ingest "$shortlist" ingest "$work/corpus" --db "$uri"
step evaluate "$shortlist" evaluate --db "$uri" --criteria "$work/criteria.yaml" --format csv
step "jury import" "$shortlist" jury import "$work/jurors.yaml" --db "$uri"
# Three jurors in turn for each proposal, through the store: the min-cost
# flow of `jury assign` is not what is measured here.
step assign "$build/shortlist_bench_assign" "$uri"
{
  echo "proposal,juror,feasibility,feasibility_comment,impact,confidence,comment,abstain"
  sqlite3 -csv "$db" "SELECT submission_id, juror_id, 1 + (length(submission_id) + length(juror_id)) % 5, 'as read', 1 + length(submission_id) % 5, 1, '', '' FROM assignments"
} > "$work/reviews.csv"
step "jury reviews" "$shortlist" jury reviews "$work/reviews.csv" --db "$uri" --criteria "$work/criteria.yaml"
for id in $(sqlite3 "$db" "SELECT id FROM submissions ORDER BY id LIMIT 100"); do
  "$shortlist" decide "$id" awarded --reason "among the strongest" --db "$uri" > /dev/null
done
"$shortlist" decide --release --db "$uri" > /dev/null

echo "proposals $(sqlite3 "$db" 'SELECT COUNT(*) FROM submissions'), reviews $(sqlite3 "$db" 'SELECT COUNT(*) FROM reviews'), review scores $(sqlite3 "$db" 'SELECT COUNT(*) FROM review_scores'), run scores $(sqlite3 "$db" 'SELECT COUNT(*) FROM run_scores'), audit entries $(sqlite3 "$db" 'SELECT COUNT(*) FROM audit_log'), database $(($(stat -c %s "$db") / 1048576)) MB"
# The baseline: exporting the call, which reads every row of the same tables
# once and writes it out; then verify, which reads them, the whole log, and
# digests both.
for i in 1 2 3; do
  step "export, the baseline ($i)" "$shortlist" export --call main --db "$uri" --output "$work/call.jsonl"
  step "audit verify ($i)" "$shortlist" audit verify --db "$uri"
done
tail -1 "$work/out.txt"
