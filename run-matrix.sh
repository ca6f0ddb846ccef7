#!/usr/bin/env bash
# The main job: run a matrix profile (default: quick) and render its report.
# Usage: ./run-matrix.sh [matrix options]   e.g. ./run-matrix.sh --profile smoke, ./run-matrix.sh --dry-run
# Every option: ./run-matrix.sh --help
set -euo pipefail
# Relative paths (--out, --trace, --jdk homes) are the caller's: this script does not change directory.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$root/bin/readstates-gc" matrix "$@"
