#!/usr/bin/env python3
"""The plain PyTorch loop that `metacompress bench oracle` compares the oracle with.

  bench_python_baseline.py --teacher DIR --student DIR --inputs JOB.json
                           [--device cpu|cuda:N] [--threads N]

JOB.json (written by the Rust benchmark): {"segments": [[text, …], …],
"teacher_batches": [[sample index, …], …], "student_batches": […]}.
For each model in turn (teacher, then student) and each of its batches: HF
tokenizers (the bundle's tokenizer.json) encode the segments without special
tokens, ids are cut to max_tokens-2, wrapped <s> … </s> and padded to the
batch's longest segment, exactly as the oracle does; then torch.jit.load of
the bundle's model.pt runs under torch.no_grad and softmax gives
probabilities. Model loading is not timed.

Prints one JSON object: seconds, tokenize_seconds, teacher_seconds,
student_seconds (forward + softmax), torch_version, and the probabilities
per sample for both models, so the caller can check that both did the same job.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import torch
from tokenizers import Tokenizer


class Model:
    def __init__(self, directory: Path, device: torch.device):
        manifest = json.loads((directory / "bundle.json").read_text())
        special = manifest.get("special_tokens") or {"bos": "<s>", "eos": "</s>", "pad": "<pad>", "unk": "<unk>"}
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.bos, self.eos, self.pad = (self.tokenizer.token_to_id(special[k]) for k in ("bos", "eos", "pad"))
        self.max_body = manifest["max_tokens"] - 2
        self.probabilities = manifest["output"] == "probabilities"
        self.hidden = manifest.get("hidden_output", False)
        self.module = torch.jit.load(str(directory / "model.pt"), map_location=device).eval()
        self.device = device

    def encode(self, rows):
        """rows: list of samples, each a list of segment texts -> [B, segments*L] ids."""
        flat = [text for row in rows for text in row]
        encoded = self.tokenizer.encode_batch(flat, add_special_tokens=False)
        segments = [[self.bos] + e.ids[:self.max_body] + [self.eos] for e in encoded]
        length = max(len(s) for s in segments)
        per_row = len(rows[0])
        padded = [s + [self.pad] * (length - len(s)) for s in segments]
        return torch.tensor(padded, dtype=torch.long).view(len(rows), per_row * length)

    def forward(self, ids):
        with torch.no_grad():
            out = self.module(ids.to(self.device))
            scores = out[0] if self.hidden else out
            probs = scores if self.probabilities else torch.softmax(scores.float(), dim=-1)
            return probs.cpu()


def run(model: Model, segments, batches):
    probs = [None] * len(segments)
    tokenize = forward = 0.0
    for batch in batches:
        start = time.perf_counter()
        ids = model.encode([segments[i] for i in batch])
        middle = time.perf_counter()
        out = model.forward(ids)
        end = time.perf_counter()
        tokenize += middle - start
        forward += end - middle
        for i, row in zip(batch, out.tolist()):
            probs[i] = row
    return probs, tokenize, forward


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--teacher", required=True, type=Path)
    ap.add_argument("--student", required=True, type=Path)
    ap.add_argument("--inputs", required=True, type=Path)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    for d in (args.teacher, args.student):
        for f in ("bundle.json", "tokenizer.json", "model.pt"):
            if not (d / f).is_file():
                print(f"bench_python_baseline: {d / f} is missing", file=sys.stderr)
                return 1
    job = json.loads(args.inputs.read_text(encoding="utf-8"))
    device = torch.device(args.device)
    teacher, student = Model(args.teacher, device), Model(args.student, device)
    segments = job["segments"]
    # Warm-up outside the timing, as the Rust side does: first TorchScript runs are slow.
    for model, key in ((teacher, "teacher_batches"), (student, "student_batches")):
        for batch in job[key][-2:]:
            model.forward(model.encode([segments[i] for i in batch]))
    start = time.perf_counter()
    t_probs, t_tok, t_fwd = run(teacher, segments, job["teacher_batches"])
    s_probs, s_tok, s_fwd = run(student, segments, job["student_batches"])
    seconds = time.perf_counter() - start
    json.dump({"seconds": seconds, "tokenize_seconds": t_tok + s_tok, "teacher_seconds": t_fwd,
               "student_seconds": s_fwd, "torch_version": torch.__version__, "threads": torch.get_num_threads(),
               "teacher_probabilities": t_probs, "student_probabilities": s_probs}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
