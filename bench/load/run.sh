#!/usr/bin/env bash
# Load test of `shortlist serve` on loopback with wrk, bounded in time: the
# applicants' status lookup (POST /api/v1/status), an online application
# (POST /api/v1/applications, each one new and stored) and the organisers'
# shortlist (GET /api/v1/shortlist), each next to the server's own static
# stylesheet (GET /static/shortlist.css) measured in the same run, as
# ratios. Results go to standard output as a Markdown table.
#
#   bench/load/run.sh [BUILD_DIR] [SECONDS per endpoint, default 10]
#
# The store is a fresh SQLite file with the bundled call ingested and
# evaluated; the access log goes to a file, as in production. wrk's 32
# connections all come from 127.0.0.1, standing for many clients: the cap
# on connections per address is raised for them (bench/load/slow_clients.sh
# measures the default cap against slow clients).
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
seconds="${2:-10}"
shortlist="$build/shortlist"
for tool in wrk curl; do
  command -v "$tool" > /dev/null || { echo "$tool is not installed (scripts/install-deps.sh)" >&2; exit 1; }
done

work="$(mktemp -d)"
server=""
cleanup() {
  [[ -n "$server" ]] && kill -TERM "$server" 2> /dev/null && wait "$server" 2> /dev/null
  rm -rf "$work"
}
trap cleanup EXIT

db="sqlite:$work/shortlist.db"
"$shortlist" ingest submissions --db "$db" > "$work/ingest.txt"
"$shortlist" evaluate --db "$db" --format csv > /dev/null 2>&1
printf 'load test passphrase\n' | "$shortlist" user add load --role organiser --db "$db" > /dev/null
code="$(grep -oE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' "$work/ingest.txt" | head -1)"

# The bundled call with its submission window open now, for applications.
criteria="$work/criteria.yaml"
sed -e 's/^  opens: .*/  opens: 2000-01-01T00:00:00Z/' -e 's/^  closes: .*/  closes: 2199-12-31T23:59:59Z/' \
  criteria/digital-champions.yaml > "$criteria"

"$shortlist" serve --db "$db" --port 0 --status-limit 1000000 --application-limit 1000000 \
  --max-connections-per-address 64 \
  --criteria "$criteria" \
  > "$work/serve.out" 2> "$work/access.log" &
server=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/serve.out" 2> /dev/null && break
  sleep 0.1
done
url="$(sed -n 's/^listening on //p' "$work/serve.out")"
[[ -n "$url" ]] || { echo "the server did not start" >&2; exit 1; }

cookie="$(curl -s -i -X POST "$url/api/v1/session" -H 'Content-Type: application/json' \
  -d '{"name": "load", "password": "load test passphrase"}' |
  sed -n 's/^Set-Cookie: \(shortlist_session=[0-9a-f]*\).*/\1/p' | tr -d '\r')"
[[ -n "$cookie" ]] || { echo "cannot sign in" >&2; exit 1; }

# wrk's requests a second and 99th percentile latency in milliseconds.
measure() {
  local out
  out="$(wrk --latency -t 2 -c 32 -d "${seconds}s" "$@")"
  local rate p99
  rate="$(awk '/^Requests\/sec:/ {print $2}' <<< "$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<< "$out")"
  # wrk writes latencies as 812.00us, 1.23ms or 1.01s.
  p99="$(awk -v v="$p99" 'BEGIN {
    n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000;
    printf "%.2f", n }')"
  echo "$rate $p99"
}

read -r static_rate static_p99 < <(measure "$url/static/shortlist.css")
read -r status_rate status_p99 < <(STATUS_CODE="$code" measure -s bench/load/status.lua \
  "$url/api/v1/status")
read -r application_rate application_p99 < <(measure -s bench/load/application.lua \
  "$url/api/v1/applications")
applications="$(grep -c '"path":"/api/v1/applications","status":201' "$work/access.log" || true)"
refused="$(grep '"path":"/api/v1/applications"' "$work/access.log" | grep -vc '"status":201' || true)"
read -r shortlist_rate shortlist_p99 < <(measure -H "Cookie: $cookie" "$url/api/v1/shortlist")
read -r static2_rate static2_p99 < <(measure "$url/static/shortlist.css")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "| endpoint | requests/s | p99 (ms) | rate vs static | p99 vs static |"
echo "|---|---|---|---|---|"
echo "| static file (before) | $static_rate | $static_p99 | | |"
echo "| static file (after) | $static2_rate | $static2_p99 | | |"
base_rate="$(awk -v a="$static_rate" -v b="$static2_rate" 'BEGIN { print (a + b) / 2 }')"
base_p99="$(awk -v a="$static_p99" -v b="$static2_p99" 'BEGIN { print (a + b) / 2 }')"
echo "| POST /api/v1/status | $status_rate | $status_p99 | $(ratio "$status_rate" "$base_rate") | $(ratio "$status_p99" "$base_p99") |"
echo "| POST /api/v1/applications | $application_rate | $application_p99 | $(ratio "$application_rate" "$base_rate") | $(ratio "$application_p99" "$base_p99") |"
echo "| GET /api/v1/shortlist | $shortlist_rate | $shortlist_p99 | $(ratio "$shortlist_rate" "$base_rate") | $(ratio "$shortlist_p99" "$base_p99") |"
echo
echo "wrk -t 2 -c 32 -d ${seconds}s, $(nproc) cores; access log lines: $(wc -l < "$work/access.log");"
echo "applications stored: $applications, refused: $refused"
