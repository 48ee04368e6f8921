#!/usr/bin/env bash
# The main job: set up, ingest the shipped corpus/ into the data folder, serve the web app.
# Data folder: $EVIDENCE_DATA, else ./instance.  Host and port: $HOST (127.0.0.1) and $PORT (5000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/evidence ingest corpus/
exec .venv/bin/evidence serve --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}"
