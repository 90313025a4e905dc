#!/usr/bin/env bash
# Runs every benchmark of the project, in the order docs/performance.md
# presents them, each printing its own figures: ranking methods, ingestion,
# jury, the plugin boundary (Google Benchmark, medians of repetitions), how
# often ingestion names the right language on real translated text, how
# fairly the criteria treat languages on the parallel corpus, the web
# service under load (wrk), evaluation end to end over generated corpora and
# `audit verify` over a call of 10,000 proposals. Takes about 30 minutes on 2
# cores, most of it the 100,000-proposal end-to-end run; pass smaller sizes
# to shorten it.
#
#   bench/run-all.sh [BUILD_DIR] [END_TO_END_SIZE...]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
shift || true
cmake --build "$build"
repeat=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true)
for name in ranking ingest jury plugin; do
  echo "== $name"
  "$build/${name}_benchmark" "${repeat[@]}"
done
echo "== language detection"
bench/language/accuracy.py "$build"
echo "== fairness across languages"
"$build/shortlist_fairness" --build "$build"
echo "== web service"
bench/load/run.sh "$build" 10
echo "== slow clients"
bench/load/slow_clients.sh "$build" 10
echo "== end to end"
bench/e2e/run.sh "$build" "$@"
echo "== the audit check"
bench/audit/run.sh "$build"
