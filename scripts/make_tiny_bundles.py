#!/usr/bin/env python3
"""Makes untrained (randomly initialised, seeded) teacher and student bundles
for clone detection, so that the demo and the benchmarks run before trained
models exist. They go through scripts/export_bundle.py exactly like real
checkpoints do: a CodeXGLUE-layout model.bin for the teacher, a
Compressor-layout model.bin with its own 1000-token lower-cased BPE for the
student.

  make_tiny_bundles.py [--out DIR] [--force]

Prints DIR (default: $XDG_CACHE_HOME/metacompress/tiny-bundles-v1, or
~/.cache/…) which then holds teacher/ and student/. Existing bundles are kept
unless --force. Sizes follow the project's calibration shapes: teacher
4 layers x 256 hidden (8000-token byte-level BPE), student 12 layers x 96
hidden, 8 heads, intermediate 64 (Compressor's 3 MB shape), max_tokens 400.
Their predictions mean nothing; their cost is realistic.

The helpers here (tokenizer training, random checkpoints in the CodeXGLUE and
Hugging Face layouts) are shared with tests/export_roundtrip.py.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

import torch

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))
import export_bundle  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "bcb-mini" / "data.jsonl"
# v2: manifests record vocab_size (the embedding table is larger than the tokenizer on purpose).
VERSION = "tiny-bundles-v2"


def fixture_functions() -> List[str]:
    with open(FIXTURE, encoding="utf-8") as f:
        return [json.loads(line)["func"] for line in f if line.strip()]


def collapse(text: str) -> str:
    """CodeXGLUE's and Compressor's preprocessing."""
    return " ".join(text.split())


def train_bpe(texts: List[str], vocab_size: int, *, lowercase: bool, prefix_space: bool):
    """Byte-level BPE; with lowercase+prefix_space it is Compressor's tokenizer."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    if lowercase:
        tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=prefix_space)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  special_tokens=["<s>", "<pad>", "</s>", "<unk>"], show_progress=False)
    tok.train_from_iterator([collapse(t) for t in texts], trainer)
    return tok


def train_wordpiece(texts: List[str], vocab_size: int):
    """BERT-style WordPiece (cased), as BertWordPieceTokenizer would train it."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, show_progress=False,
                                        special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    tok.train_from_iterator([collapse(t) for t in texts], trainer)
    return tok


def save_bpe_files(tok, directory: Path) -> None:
    """vocab.json + merges.txt, the layout of older RoBERTa checkpoints."""
    tok.model.save(str(directory))


def save_wordpiece_vocab(tok, directory: Path) -> None:
    vocab = sorted(tok.get_vocab().items(), key=lambda kv: kv[1])
    (directory / "vocab.txt").write_text("".join(token + "\n" for token, _ in vocab), encoding="utf-8")


def encoder_config(family: str, *, vocab: int, hidden: int, layers: int, heads: int, intermediate: int,
                   max_tokens: int, init_range: float, num_labels: int = 2):
    """A randomly initialised encoder's config; positions fit max_tokens."""
    from transformers import BertConfig, RobertaConfig

    common = dict(vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
                  intermediate_size=intermediate, initializer_range=init_range, num_labels=num_labels)
    if family == "roberta":
        return RobertaConfig(max_position_embeddings=max_tokens + 2, pad_token_id=1, bos_token_id=0,
                             eos_token_id=2, type_vocab_size=1, layer_norm_eps=1e-5, **common)
    return BertConfig(max_position_embeddings=max_tokens, pad_token_id=0, **common)


def seeded_init(module: torch.nn.Module, init_range: float, seed: int) -> None:
    """Normal weights of the given spread everywhere (HF's 0.02 makes every
    input score alike, which would hide tokenization mistakes)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "LayerNorm" in name:
                continue
            p.copy_(torch.randn(p.shape, generator=gen) * init_range)


def codexglue_state(config, segments: int, seed: int) -> Dict[str, torch.Tensor]:
    """State dict of CodeXGLUE's clone-detection `Model(RobertaModel)` (also Compressor's)."""
    from transformers import RobertaModel

    encoder = RobertaModel(config, add_pooling_layer=False)
    head = export_bundle.PairHead(config.hidden_size, segments, config.num_labels)
    model = torch.nn.ModuleDict({"encoder": encoder, "classifier": head})
    seeded_init(model, config.initializer_range, seed)
    return model.state_dict()


def make_bundles(out: Path, force: bool) -> None:
    texts = fixture_functions()
    specs = {
        "teacher": dict(hidden=256, layers=4, heads=4, intermediate=1024, vocab=8000, lowercase=False,
                        prefix_space=False, seed=1),
        "student": dict(hidden=96, layers=12, heads=8, intermediate=64, vocab=1000, lowercase=True,
                        prefix_space=True, seed=2),
    }
    for role, spec in specs.items():
        if (out / role / "bundle.json").is_file() and not force:
            continue
        tok = train_bpe(texts, spec["vocab"], lowercase=spec["lowercase"], prefix_space=spec["prefix_space"])
        config = encoder_config("roberta", vocab=spec["vocab"], hidden=spec["hidden"], layers=spec["layers"],
                                heads=spec["heads"], intermediate=spec["intermediate"], max_tokens=400,
                                init_range=0.1)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            torch.save(codexglue_state(config, 2, spec["seed"]), work / "model.bin")
            tok.save(str(work / "tokenizer.json"))
            if role == "teacher":
                config.save_pretrained(work)
                argv = ["codexglue", "--state", str(work / "model.bin"), "--encoder", str(work)]
            else:
                argv = ["student", "--state", str(work / "model.bin"), "--heads", str(spec["heads"]),
                        "--tokenizer", str(work / "tokenizer.json")]
            argv += ["--out", str(out / role), "--name", f"tiny-{role}", "--max-tokens", "400", "--force"]
            export_bundle.run(argv)
        print(f"make_tiny_bundles: wrote {out / role}", file=sys.stderr)


def default_out() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "metacompress" / VERSION


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=default_out(), help="where teacher/ and student/ go")
    ap.add_argument("--force", action="store_true", help="rebuild existing bundles")
    args = ap.parse_args()
    torch.manual_seed(0)
    try:
        make_bundles(args.out, args.force)
    except export_bundle.ExportError as err:
        print(f"make_tiny_bundles: error: {err}", file=sys.stderr)
        return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
