#!/usr/bin/env bash
# First run on a fresh Debian 12 machine: installs what is missing, builds,
# and ranks the bundled sample proposals against the bundled criteria.
# Extra arguments go to `shortlist evaluate` (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default >/dev/null
# The command and what it runs (bundled plugins, messages), not the tests
# and benchmarks: those are for `cmake --workflow --preset default`.
cmake --build --preset default --target shortlist
exec build/shortlist evaluate "$@"
