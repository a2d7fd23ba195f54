#!/usr/bin/env python3
"""Builds tests/fixtures/bcb-mini: a BigCloneBench-format split of real Java
methods from Apache Commons Lang 3.12.0 (Apache-2.0), for demos and benchmarks.

  make_bcb_mini.py SOURCE_TREE OUT_DIR [--pairs 40]

SOURCE_TREE is the unpacked commons-lang3 source (…/commons-lang-rel-commons-lang-3.12.0).
Writes data.jsonl ({"func", "idx"}), test.txt (idx1<TAB>idx2<TAB>label) and NOTICE.
Labels are a heuristic, not BigCloneBench's judgement: 1 for two overloads of
the same method in the same class whose bodies have nearly the same length
(e.g. ArrayUtils.reverse(int[]) and reverse(long[])), 0 for methods with
different names from different classes. Deterministic (seeded).
"""
import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

# Members of top-level classes are indented by 4 spaces in commons-lang.
SIGNATURE = re.compile(r"^    (?:public|protected|private|static|final|synchronized|<)[^;=]*?\b(\w+)\s*\([^;]*\)\s*(?:throws [\w.,\s]+)?\{\s*$")


def methods(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = SIGNATURE.match(lines[i])
        if not m:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j] == "    }"), None)
        if end is None:
            return
        body = [line[4:] if line.startswith("    ") else line for line in lines[i:end + 1]]
        yield m.group(1), "\n".join(body) + "\n"
        i = end + 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--pairs", type=int, default=40)
    args = ap.parse_args()
    java = sorted((args.source / "src/main/java").rglob("*.java"))
    if not java:
        print(f"make_bcb_mini: no Java files under {args.source}/src/main/java", file=sys.stderr)
        return 1
    groups = defaultdict(list)  # (file, name) -> bodies
    for path in java:
        for name, body in methods(path):
            if 6 <= body.count("\n") <= 40:
                groups[(path.stem, name)].append(body)
    rng = random.Random(20261124)
    overloads = [bodies for bodies in groups.values() if len(bodies) >= 2]
    rng.shuffle(overloads)
    funcs, pairs = [], []

    def add(body):
        funcs.append(body)
        return str(len(funcs))

    for bodies in overloads:
        a, b = rng.sample(bodies, 2)
        if len(pairs) < args.pairs // 2 and abs(len(a) - len(b)) <= 0.2 * max(len(a), len(b)):
            pairs.append((add(a), add(b), 1))
    singles = [(key, bodies[0]) for key, bodies in groups.items()]
    while len(pairs) < args.pairs:
        (ka, a), (kb, b) = rng.sample(singles, 2)
        if ka[0] != kb[0] and ka[1] != kb[1]:
            pairs.append((add(a), add(b), 0))
    rng.shuffle(pairs)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "data.jsonl", "w", encoding="utf-8") as f:
        for idx, body in enumerate(funcs, 1):
            f.write(json.dumps({"func": body, "idx": str(idx)}) + "\n")
    with open(args.out / "test.txt", "w", encoding="utf-8") as f:
        for a, b, label in pairs:
            f.write(f"{a}\t{b}\t{label}\n")
    notice = (args.source / "NOTICE.txt").read_text(encoding="utf-8")
    (args.out / "NOTICE").write_text(
        "The functions in data.jsonl are methods copied from Apache Commons Lang 3.12.0\n"
        "(src/main/java), licensed under the Apache License 2.0, by scripts/make_bcb_mini.py.\n"
        "Pair labels in test.txt are heuristic (see the script), not BigCloneBench's.\n\n" + notice,
        encoding="utf-8")
    print(f"{len(funcs)} functions, {len(pairs)} pairs ({sum(p[2] for p in pairs)} labelled 1)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
