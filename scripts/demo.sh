#!/usr/bin/env bash
# `make demo`: the main job on the embedded default. Until trained models are
# embedded in models/, it builds (once) untrained tiny teacher and student
# bundles with scripts/make_tiny_bundles.py and runs them on
# tests/fixtures/bcb-mini (40 pairs of commons-lang3 methods, BigCloneBench
# format). The model figures only show the pipeline working: the tiny models
# are random, so their accuracy and fidelity mean nothing yet.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=$(scripts/setup_venv.sh)
[ -e .libtorch ] || ln -sfn "$(ls -d "$venv"/lib/python3*/site-packages/torch)" .libtorch
cargo build --release --quiet
mc=target/release/metacompress
bundles=$("$venv/bin/python" scripts/make_tiny_bundles.py | tail -n 1)

echo "== The relation catalog"
"$mc" relations --brief | tail -n 1

echo
echo "== A variant of a real method: a random chain of 4 relations (seed 7), and its record"
method=$(mktemp --suffix=.java)
trap 'rm -f "$method"' EXIT
"$venv/bin/python" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["func"])' \
    tests/fixtures/bcb-mini/data.jsonl > "$method"
"$mc" transform "$method" --steps 4 --seed 7 --explain

echo
echo "== Teacher and student on tests/fixtures/bcb-mini"
set -x
"$mc" predict --teacher "$bundles/teacher" --student "$bundles/student" \
    --data tests/fixtures/bcb-mini --split test --device auto "$@"
