#!/usr/bin/env bash
# `make demo`: the main job on the embedded default — the teacher and the
# distilled student in models/, trained by metacompress on real Java code, and
# the seeds in corpus/. It shows the relation catalog on a real method, both
# models' metrics and the student's fidelity on the committed test split, and
# a one-minute divergence fuzzing campaign whose findings land in
# target/demo-fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=$(scripts/setup_venv.sh)
[ -e .libtorch ] || ln -sfn "$(ls -d "$venv"/lib/python3*/site-packages/torch)" .libtorch
cargo build --release --quiet
mc=target/release/metacompress

echo "== The relation catalog"
"$mc" relations --brief | tail -n 1

echo
echo "== A variant of a real method: a random chain of 4 relations (seed 7), and its record"
method=$(mktemp --suffix=.java)
trap 'rm -f "$method"' EXIT
"$venv/bin/python" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["func"])' \
    corpus/clone-detection/test/data.jsonl > "$method"
"$mc" transform "$method" --steps 4 --seed 7 --explain

echo
echo "== The embedded teacher and student on the committed test split (corpus/clone-detection/test)"
"$mc" predict --device auto

echo
echo "== Divergence fuzzing for ${DEMO_FUZZ_SECONDS:-60} s on the 200 seeds of corpus/clone-detection"
rm -rf target/demo-fuzz
"$mc" fuzz --budget "${DEMO_FUZZ_SECONDS:-60}s" --out target/demo-fuzz --device auto "$@"
