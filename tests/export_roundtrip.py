#!/usr/bin/env python3
"""Python side of tests/export_roundtrip.rs.

  export_roundtrip.py OUT_DIR

Builds tiny seeded models (hidden 32, 2 layers) in the layouts users bring,
exports each through scripts/export_bundle.py's command line, and writes
OUT_DIR/expected.json with the probabilities the *original* PyTorch models
give for a set of inputs, computed the way the original pipelines do it
(CodeXGLUE: ' '.join(code.split()), tokenizer, truncate to max_tokens-2,
<s> … </s>, pad to max_tokens). The Rust test feeds the same inputs through
the oracle and compares.

Bundles:
  roberta-vuln    HF RobertaForSequenceClassification, one segment, single
                  sigmoid logit (CodeXGLUE Devign), vocab.json + merges.txt
  bert-vuln       HF BertForSequenceClassification, WordPiece vocab.txt
  codexglue-clone CodeXGLUE clone-detection model.bin + encoder dir with tokenizer.json
  student-clone   Compressor-style student: model.bin only, 1000-token lower-cased BPE

Self-checks before anything is written: the exported tokenizer.json gives the
original pipeline's ids; model.pt with per-batch padding (what Rust does)
gives the original probabilities; inputs that the pipeline makes equal
(truncation, whitespace) score equal, and the others spread out enough that
a tokenization mistake could not hide below the Rust test's tolerance.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import export_bundle  # noqa: E402
import make_tiny_bundles as tiny  # noqa: E402

MAX_TOKENS = 64
TINY = dict(hidden=32, layers=2, heads=4, intermediate=64, max_tokens=MAX_TOKENS, init_range=0.2)


def texts():
    funcs = tiny.fixture_functions()
    long_body = funcs[2] * 6  # far beyond 62 tokens
    return {
        "short": "int add(int a, int b) { return a + b; }",
        "short-spaced": "  int add(int a,\n\tint b)   {\n    return a + b;\n}\n",
        "method-a": funcs[0],
        "method-b": funcs[1],
        "method-c": funcs[5],
        "long": long_body,
        "long-other-tail": long_body + "\nreturn null; // a tail beyond max_tokens\n",
        "unicode": 'String s = "héllo wörld — 你好 🚀"; // ünïcödé Ωμέγα\n',
        "empty": "",
        "blank": "   \n\t  \n",
        "brace": "{",
    }


# Inputs the pipeline must score identically: truncation and whitespace collapse.
SAME = [("short", "short-spaced"), ("long", "long-other-tail"), ("empty", "blank")]

SINGLE_CASES = ["short", "short-spaced", "method-a", "method-b", "method-c", "long", "long-other-tail",
                "unicode", "empty", "blank", "brace"]
PAIR_CASES = [("short", "method-a"), ("short-spaced", "method-a"), ("method-a", "method-b"),
              ("method-b", "method-a"), ("long", "unicode"), ("long-other-tail", "unicode"),
              ("unicode", "empty"), ("empty", "blank"), ("blank", "empty"), ("brace", "long"),
              ("method-c", "short"), ("long", "long")]


class Original:
    """A model as its own pipeline runs it: tokenizer + full padding + PyTorch."""

    def __init__(self, tok, special, forward, segments):
        self.tok, self.forward, self.segments = tok, forward, segments
        self.ids = {role: tok.token_to_id(token) for role, token in special.items()}

    def segment_ids(self, text: str):
        body = self.tok.encode(tiny.collapse(text), add_special_tokens=False).ids[:MAX_TOKENS - 2]
        return [self.ids["bos"]] + body + [self.ids["eos"]]

    def probabilities(self, case):
        row = []
        for text in case:
            ids = self.segment_ids(text)
            row += ids + [self.ids["pad"]] * (MAX_TOKENS - len(ids))
        with torch.no_grad():
            scores = self.forward(torch.tensor([row]))
        if scores.shape[1] == 1:
            p = torch.sigmoid(scores[0, 0]).item()
            return [1 - p, p]
        return torch.softmax(scores[0], dim=0).tolist()


def hf_original(directory: Path, tok, special):
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(directory).eval()
    pad = tok.token_to_id(special["pad"])
    return Original(tok, special, lambda ids: model(input_ids=ids, attention_mask=ids.ne(pad)).logits, 1)


def codexglue_original(config, state, tok):
    """CodeXGLUE clone detection's Model.forward, written out independently."""
    from transformers import RobertaModel

    encoder = RobertaModel(config, add_pooling_layer=False).eval()
    encoder.load_state_dict({k[8:]: v for k, v in state.items() if k.startswith("encoder.")})
    dense = torch.nn.Linear(2 * config.hidden_size, config.hidden_size)
    out = torch.nn.Linear(config.hidden_size, 2)
    dense.load_state_dict({"weight": state["classifier.dense.weight"], "bias": state["classifier.dense.bias"]})
    out.load_state_dict({"weight": state["classifier.out_proj.weight"], "bias": state["classifier.out_proj.bias"]})

    def forward(ids):
        ids = ids.view(-1, MAX_TOKENS)
        x = encoder(input_ids=ids, attention_mask=ids.ne(1))[0][:, 0, :]
        return out(torch.tanh(dense(x.reshape(-1, 2 * config.hidden_size))))

    return Original(tok, export_bundle.SPECIAL_TOKENS["roberta"], forward, 2)


def build(work: Path, out: Path):
    """Yields (bundle name, Original) after exporting each bundle to out/name."""
    funcs = tiny.fixture_functions()
    roberta = export_bundle.SPECIAL_TOKENS["roberta"]
    bert = export_bundle.SPECIAL_TOKENS["bert"]
    common = ["--max-tokens", str(MAX_TOKENS), "--force"]

    # (a) HF RoBERTa, Devign-style single logit; tokenizer as vocab.json + merges.txt.
    tok = tiny.train_bpe(funcs, 600, lowercase=False, prefix_space=False)
    ckpt = work / "roberta-hf"
    ckpt.mkdir()
    torch.manual_seed(1)
    from transformers import AutoModelForSequenceClassification

    config = tiny.encoder_config("roberta", vocab=tok.get_vocab_size(), num_labels=1, **TINY)
    model = AutoModelForSequenceClassification.from_config(config)
    tiny.seeded_init(model, TINY["init_range"], 1)
    model.save_pretrained(ckpt)
    tiny.save_bpe_files(tok, ckpt)
    export_bundle.run(["hf", str(ckpt), "--out", str(out / "roberta-vuln")] + common)
    yield "roberta-vuln", hf_original(ckpt, tok, roberta)

    # (a') HF BERT; WordPiece vocab.txt.
    tok = tiny.train_wordpiece(funcs, 500)
    ckpt = work / "bert-hf"
    ckpt.mkdir()
    config = tiny.encoder_config("bert", vocab=tok.get_vocab_size(), **TINY)
    model = AutoModelForSequenceClassification.from_config(config)
    tiny.seeded_init(model, TINY["init_range"], 2)
    model.save_pretrained(ckpt)
    tiny.save_wordpiece_vocab(tok, ckpt)
    export_bundle.run(["hf", str(ckpt), "--out", str(out / "bert-vuln")] + common)
    yield "bert-vuln", hf_original(ckpt, tok, bert)

    # (b) CodeXGLUE clone detection: model.bin + encoder dir with tokenizer.json.
    tok = tiny.train_bpe(funcs, 700, lowercase=False, prefix_space=False)
    enc = work / "codebert-like"
    enc.mkdir()
    config = tiny.encoder_config("roberta", vocab=tok.get_vocab_size(), **TINY)
    config.save_pretrained(enc)
    tok.save(str(enc / "tokenizer.json"))
    state = tiny.codexglue_state(config, 2, 3)
    torch.save(state, work / "clone.bin")
    export_bundle.run(["codexglue", "--state", str(work / "clone.bin"), "--encoder", str(enc),
                       "--out", str(out / "codexglue-clone")] + common)
    yield "codexglue-clone", codexglue_original(config, state, tok)

    # (c) Compressor-style student: its own 1000-token lower-cased BPE, no config.json.
    tok = tiny.train_bpe(funcs, 1000, lowercase=True, prefix_space=True)
    config = tiny.encoder_config("roberta", vocab=1000, **dict(TINY, heads=8))
    state = tiny.codexglue_state(config, 2, 4)
    torch.save(state, work / "student.bin")
    tok.save(str(work / "BPE_clone_1000.json"))
    export_bundle.run(["student", "--state", str(work / "student.bin"), "--heads", "8",
                       "--tokenizer", str(work / "BPE_clone_1000.json"),
                       "--out", str(out / "student-clone")] + common)
    yield "student-clone", codexglue_original(config, state, tok)


def check_bundle(directory: Path, original: Original, cases, expected):
    """The bundle alone, used as the Rust side uses it, reproduces the original."""
    from tokenizers import Tokenizer

    manifest = json.loads((directory / "bundle.json").read_text())
    tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
    special = {role: tok.token_to_id(token) for role, token in manifest["special_tokens"].items()}
    model = torch.jit.load(str(directory / "model.pt"))
    rows = []
    for case in cases:
        segs = []
        for text in case:
            body = tok.encode(text, add_special_tokens=False).ids[:manifest["max_tokens"] - 2]
            ids = [special["bos"]] + body + [special["eos"]]
            if ids != original.segment_ids(text):
                raise AssertionError(f"{directory.name}: exported tokenizer differs on {text[:40]!r}:\n"
                                     f"{ids}\nvs {original.segment_ids(text)}")
            segs.append(ids)
        rows.append(segs)
    length = max(len(s) for segs in rows for s in segs)  # per-batch padding, as in Rust
    batch = torch.tensor([[i for s in segs for i in s + [special["pad"]] * (length - len(s))] for segs in rows])
    with torch.no_grad():
        probs = torch.softmax(model(batch), dim=1)
    worst = (probs - torch.tensor(expected)).abs().max().item()
    if worst > 1e-5:
        raise AssertionError(f"{directory.name}: model.pt with batch padding differs by {worst}")


def check_sensitivity(name: str, by_case: dict):
    for a, b in SAME:
        for case, probs in by_case.items():
            twin = tuple(b if t == a else t for t in case)
            if twin != case and twin in by_case:
                gap = abs(probs[1] - by_case[twin][1])
                if gap > 1e-6:
                    raise AssertionError(f"{name}: {case} and {twin} should score equal, differ by {gap}")
    values = sorted({round(p[1], 6) for p in by_case.values()})
    spread = values[-1] - values[0]
    if len(values) < 4 or spread < 0.02:
        raise AssertionError(f"{name}: scores barely depend on the input ({values}); the test would be blind")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    export_bundle.quiet_transformers()
    out.mkdir(parents=True, exist_ok=True)
    inputs = texts()
    result = {"max_tokens": MAX_TOKENS, "bundles": []}
    with tempfile.TemporaryDirectory() as tmp:
        for name, original in build(Path(tmp), out):
            cases = ([(c,) for c in SINGLE_CASES] if original.segments == 1 else PAIR_CASES)
            by_case = {case: original.probabilities([inputs[t] for t in case]) for case in cases}
            check_sensitivity(name, by_case)
            check_bundle(out / name, original, [[inputs[t] for t in case] for case in cases],
                         list(by_case.values()))
            result["bundles"].append({
                "name": name,
                "dir": str(out / name),
                "cases": [{"labels": list(case), "segments": [inputs[t] for t in case],
                           "ids": [original.segment_ids(inputs[t]) for t in case], "probabilities": probs}
                          for case, probs in by_case.items()],
            })
            print(f"export_roundtrip: {name}: {len(cases)} cases checked", file=sys.stderr)
    (out / "expected.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
