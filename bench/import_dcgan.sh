#!/usr/bin/env bash
# Import benchmark of the DCGAN-64 generator; see bench/README.md.
# Arguments are passed on to import_dcgan.py (--runs N, --build DIR, --out DIR).
set -euo pipefail
exec /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/import_dcgan.py" "$@"
