#!/usr/bin/env bash
# Slow clients against `shortlist serve` on loopback: the applicants' status
# lookup (POST /api/v1/status) measured with wrk from 127.0.0.1, alone and
# then while 127.0.0.2 holds 64 connections trickling their request heads
# (bench/load/slow_clients.pl), with the server's defaults: 16 threads, 8
# connections per address, a 10 s request deadline. Results go to standard
# output as a Markdown table, the run with slow clients as ratios against
# the run without.
#
#   bench/load/slow_clients.sh [BUILD_DIR] [SECONDS per run, default 10] [CAP]
#
# CAP, when given, is passed as --max-connections-per-address (0: none, to
# see what the slow clients do without the cap).
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
seconds="${2:-10}"
cap=()
[[ -n "${3:-}" ]] && cap=(--max-connections-per-address "$3")
shortlist="$build/shortlist"
for tool in wrk perl; do
  command -v "$tool" > /dev/null || { echo "$tool is not installed (scripts/install-deps.sh)" >&2; exit 1; }
done

work="$(mktemp -d)"
server=""
slow=""
cleanup() {
  [[ -n "$slow" ]] && kill -TERM "$slow" 2> /dev/null && wait "$slow" 2> /dev/null
  [[ -n "$server" ]] && kill -TERM "$server" 2> /dev/null && wait "$server" 2> /dev/null
  rm -rf "$work"
}
trap cleanup EXIT

db="sqlite:$work/shortlist.db"
"$shortlist" ingest submissions --db "$db" > "$work/ingest.txt"
code="$(grep -oE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' "$work/ingest.txt" | head -1)"

"$shortlist" serve --db "$db" --port 0 --status-limit 1000000 "${cap[@]}" \
  > "$work/serve.out" 2> "$work/access.log" &
server=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/serve.out" 2> /dev/null && break
  sleep 0.1
done
url="$(sed -n 's/^listening on //p' "$work/serve.out")"
[[ -n "$url" ]] || { echo "the server did not start" >&2; exit 1; }
port="${url##*:}"

# wrk's requests a second, 99th percentile latency in milliseconds, and
# errors (connect, read, write, timeout, non-2xx).
measure() {
  local out
  out="$(STATUS_CODE="$code" wrk --latency -t 2 -c 8 -d "${seconds}s" --timeout 5s \
    -s bench/load/status.lua "$url/api/v1/status")"
  local rate p99 errors
  rate="$(awk '/^Requests\/sec:/ {print $2}' <<< "$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<< "$out")"
  p99="$(awk -v v="$p99" 'BEGIN {
    n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000;
    printf "%.2f", n }')"
  errors="$(awk '/Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
                 /Non-2xx/ {n += $NF} END {print n + 0}' <<< "$out")"
  echo "$rate $p99 $errors"
}

read -r alone_rate alone_p99 alone_errors < <(measure)
perl bench/load/slow_clients.pl 127.0.0.2 127.0.0.1 "$port" 64 > "$work/slow.txt" &
slow=$!
sleep 3  # every slow connection opened, the server's threads taken if they can be
read -r slowed_rate slowed_p99 slowed_errors < <(measure)
kill -TERM "$slow"
wait "$slow" || true
slow=""

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "| POST /api/v1/status from 127.0.0.1 | requests/s | p99 (ms) | errors | rate vs alone | p99 vs alone |"
echo "|---|---|---|---|---|---|"
echo "| alone | $alone_rate | $alone_p99 | $alone_errors | | |"
echo "| while 127.0.0.2 holds 64 slow connections | $slowed_rate | $slowed_p99 | $slowed_errors | $(ratio "$slowed_rate" "$alone_rate") | $(ratio "$slowed_p99" "$alone_p99") |"
echo
echo "wrk -t 2 -c 8 -d ${seconds}s --timeout 5s, $(nproc) cores, cap per address: ${3:-default}; slow clients: $(cat "$work/slow.txt")"
