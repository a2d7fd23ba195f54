#!/usr/bin/env bash
# `make demo` until trained models are embedded: builds (once) the untrained
# tiny teacher and student bundles with scripts/make_tiny_bundles.py and runs
# `metacompress predict` on tests/fixtures/bcb-mini (40 pairs of commons-lang3
# methods, BigCloneBench format). The figures only show the pipeline working:
# the tiny models are random, so accuracy and fidelity mean nothing yet.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=$(scripts/setup_venv.sh)
[ -e .libtorch ] || ln -sfn "$(ls -d "$venv"/lib/python3*/site-packages/torch)" .libtorch
bundles=$("$venv/bin/python" scripts/make_tiny_bundles.py | tail -n 1)
set -x
cargo run --quiet --bin metacompress -- predict --teacher "$bundles/teacher" --student "$bundles/student" \
    --data tests/fixtures/bcb-mini --split test --device auto "$@"
