#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time: new inputs it finds go to
# WORK_DIR (the seeds stay as they are), a crash to WORK_DIR-crash-*. The
# random seed is SHORTLIST_FUZZ_SEED (1 by default), so that what a run
# finds can be found again; set it to 0 for a fresh one each time. Memory
# is held to 1 GiB in all and 256 MiB in one allocation: within the input
# limits (-max_len) an honest reading takes a few MB, so that an expansion
# that is not bounded (a YAML alias bomb grew to 24 GB) fails the run.
#
#   tests/fuzz/run-target.sh FUZZER SEED_DIR WORK_DIR SECONDS
set -euo pipefail
fuzzer="$1" seeds="$2" work="$3" seconds="$4"
mkdir -p "$work"
exec "$fuzzer" "$work" "$seeds" -max_total_time="$seconds" -seed="${SHORTLIST_FUZZ_SEED:-1}" \
  -timeout=10 -rss_limit_mb=1024 -malloc_limit_mb=256 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$work-"
