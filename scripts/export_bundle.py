#!/usr/bin/env python3
"""Export a code classifier to a metacompress bundle (model.pt + tokenizer.json + bundle.json).

A bundle is what `metacompress` loads as a teacher or a student. The model inside
obeys one contract: forward(input_ids: int64 [B, segments*L]) -> scores [B, C]
for any batch size B and any per-segment length L <= max_tokens. Each segment is
`bos tokens eos` padded with the pad id; the module splits the segments, masks
the padding (input_ids != pad) and classifies.

Three sources are understood:

  hf         a Hugging Face RoBERTa/BERT *ForSequenceClassification checkpoint
             directory (config.json, weights, tokenizer files); one segment,
             e.g. a Devign vulnerability predictor.
  codexglue  a CodeXGLUE-style state dict (`model.bin` saved from the
             `Model(encoder)` wrapper of the CodeXGLUE clone-detection or
             defect-detection code) plus the encoder's directory (config.json
             and tokenizer files, e.g. a local copy of codebert-base).
             The head is recognised from the state dict: a classifier over
             the two functions' <s> vectors (clone detection, two segments)
             or a sequence-classification head (one segment; a single-logit
             sigmoid head becomes the two logits [0, z]).
  student    a Compressor/AVATAR-style student: the same `model.bin` layout,
             but no config.json (sizes are read from the state dict; give
             --heads) and its own tokenizer (a tokenizer.json such as
             Compressor's BPE_*_1000.json, or vocab.json + merges.txt).

The exported module re-implements the BERT/RoBERTa encoder with plain tensor
operations (no shape or device baked in), is compiled with torch.jit.script,
and is compared with the original PyTorch model at several (B, L), with and
without padding, before and after saving; the bundle is written only if all
scores agree within --tolerance.

Text normalisation that the original pipeline applied before tokenizing
(CodeXGLUE and Compressor both collapse whitespace with ' '.join(code.split()))
is stored in tokenizer.json as a normaliser, so the Rust side reproduces it.

Examples:
  export_bundle.py hf ./devign-codebert --out bundles/devign-teacher
  export_bundle.py codexglue --state saved_models/checkpoint-best-f1/model.bin \\
      --encoder ./codebert-base --out bundles/bcb-teacher
  export_bundle.py student --state checkpoint/3/best/model.bin --heads 8 \\
      --tokenizer data/clone_detection/BPE_unlabel_1000.json --out bundles/bcb-student
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

FORMAT = "metacompress-bundle/1"
TASKS = {"clone-detection": 2, "vulnerability-prediction": 1}
DEFAULT_LABELS = {
    "clone-detection": ["not-clone", "clone"],
    "vulnerability-prediction": ["not-vulnerable", "vulnerable"],
}
SPECIAL_TOKENS = {
    "roberta": {"bos": "<s>", "eos": "</s>", "pad": "<pad>", "unk": "<unk>"},
    "bert": {"bos": "[CLS]", "eos": "[SEP]", "pad": "[PAD]", "unk": "[UNK]"},
}
ACTIVATIONS = {"gelu": "none", "gelu_new": "tanh", "gelu_pytorch_tanh": "tanh", "relu": "relu"}


class ExportError(Exception):
    """A problem the user can fix (missing file, unsupported model, mismatch)."""


# --------------------------------------------------------------------------
# The exported module: a shape- and device-agnostic BERT/RoBERTa encoder.
# HF's own forward, when traced, bakes the trace device into arange/to calls
# and decides at trace time whether a mask is needed; this one has neither.
# --------------------------------------------------------------------------


class EncoderLayer(nn.Module):
    def __init__(self, hf_layer: nn.Module, heads: int, activation: str):
        super().__init__()
        attn = hf_layer.attention
        self.query = attn.self.query
        self.key = attn.self.key
        self.value = attn.self.value
        self.attn_out = attn.output.dense
        self.attn_norm = attn.output.LayerNorm
        self.inter = hf_layer.intermediate.dense
        self.out = hf_layer.output.dense
        self.out_norm = hf_layer.output.LayerNorm
        self.heads = heads
        self.activation = activation

    def split_heads(self, x: Tensor) -> Tensor:
        return x.unflatten(-1, (self.heads, -1)).transpose(1, 2)

    def forward(self, x: Tensor, keep: Tensor) -> Tensor:
        q = self.split_heads(self.query(x))
        k = self.split_heads(self.key(x))
        v = self.split_heads(self.value(x))
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
        a = a.transpose(1, 2).flatten(2)
        x = self.attn_norm(self.attn_out(a) + x)
        h = self.inter(x)
        if self.activation == "relu":
            h = F.relu(h)
        else:
            h = F.gelu(h, approximate=self.activation)
        return self.out_norm(self.out(h) + x)


class Encoder(nn.Module):
    """input_ids [N, L] -> hidden states [N, L, H]; padding = pad_id."""

    def __init__(self, hf_base: nn.Module, config, pad_id: int):
        super().__init__()
        emb = hf_base.embeddings
        self.words = emb.word_embeddings
        self.positions = emb.position_embeddings
        self.norm = emb.LayerNorm
        # Segment ids are always 0: only row 0 of the token-type table is used.
        self.register_buffer("type0", emb.token_type_embeddings.weight[0].detach().clone())
        act = ACTIVATIONS[config.hidden_act]
        self.layers = nn.ModuleList(
            EncoderLayer(layer, config.num_attention_heads, act) for layer in hf_base.encoder.layer
        )
        self.pad_id = pad_id
        # RoBERTa numbers positions from padding_idx + 1 and skips padding;
        # BERT numbers them from 0.
        self.roberta_positions = config.model_type == "roberta"

    def forward(self, ids: Tensor) -> Tensor:
        keep = ids.ne(self.pad_id)
        if self.roberta_positions:
            pos = torch.cumsum(keep.long(), dim=1) * keep.long() + self.pad_id
        else:
            pos = torch.cumsum(torch.ones_like(ids), dim=1) - 1
        x = self.norm(self.words(ids) + self.positions(pos) + self.type0)
        mask = keep[:, None, None, :]
        for layer in self.layers:
            x = layer(x, mask)
        return x


class Classifier(nn.Module):
    """The bundle's model contract: [B, segments*L] ids -> scores [B, C]
    (and, with hidden output, the head's input features [B, segments*H])."""

    def __init__(self, encoder: Encoder, dense: nn.Linear, out_proj: nn.Linear,
                 segments: int, single_logit: bool):
        super().__init__()
        self.encoder = encoder
        self.dense = dense
        self.out_proj = out_proj
        self.segments = segments
        self.single_logit = single_logit

    def scores_and_features(self, ids: Tensor) -> Tuple[Tensor, Tensor]:
        flat = ids.unflatten(1, (self.segments, -1)).flatten(0, 1)
        first = self.encoder(flat)[:, 0, :]
        features = first.unflatten(0, (-1, self.segments)).flatten(1)
        scores = self.out_proj(torch.tanh(self.dense(features)))
        if self.single_logit:
            # sigmoid(z) == softmax([0, z])[1]: two ordinary logits.
            scores = torch.cat([torch.zeros_like(scores), scores], dim=1)
        return scores, features

    def forward(self, ids: Tensor) -> Tensor:
        return self.scores_and_features(ids)[0]


class ClassifierWithHidden(Classifier):
    def forward(self, ids: Tensor) -> Tuple[Tensor, Tensor]:  # type: ignore[override]
        return self.scores_and_features(ids)


# --------------------------------------------------------------------------
# Reference models: the original PyTorch computation, used only to check.
# --------------------------------------------------------------------------


def single_logit_fix(scores: Tensor) -> Tensor:
    if scores.shape[1] == 1:
        return torch.cat([torch.zeros_like(scores), scores], dim=1)
    return scores


class HfSequenceReference(nn.Module):
    """HF *ForSequenceClassification called as CodeXGLUE calls it."""

    def __init__(self, model: nn.Module, pad_id: int):
        super().__init__()
        self.model, self.pad_id = model, pad_id

    def forward(self, ids: Tensor) -> Tensor:
        return single_logit_fix(self.model(input_ids=ids, attention_mask=ids.ne(self.pad_id)).logits)


class CodexglueReference(nn.Module):
    """CodeXGLUE clone detection: encoder over each block, head over the <s> vectors."""

    def __init__(self, encoder: nn.Module, head: nn.Module, segments: int, pad_id: int):
        super().__init__()
        self.encoder, self.head, self.segments, self.pad_id = encoder, head, segments, pad_id

    def forward(self, ids: Tensor) -> Tensor:
        blocks = ids.view(-1, ids.shape[1] // self.segments)
        hidden = self.encoder(input_ids=blocks, attention_mask=blocks.ne(self.pad_id))[0]
        x = hidden[:, 0, :].reshape(-1, hidden.shape[-1] * self.segments)
        return self.head.out_proj(torch.tanh(self.head.dense(x)))


class PairHead(nn.Module):
    def __init__(self, hidden: int, segments: int, labels: int):
        super().__init__()
        self.dense = nn.Linear(hidden * segments, hidden)
        self.out_proj = nn.Linear(hidden, labels)


# --------------------------------------------------------------------------
# Loading models
# --------------------------------------------------------------------------


class Loaded:
    """What an exporter needs: the original model (for checks) and the parts."""

    def __init__(self, reference: nn.Module, base: nn.Module, config, dense: nn.Linear,
                 out_proj: nn.Linear, segments: int, labels: int):
        self.reference = reference.eval()
        self.base = base
        self.config = config
        self.dense = dense
        self.out_proj = out_proj
        self.segments = segments
        self.labels = labels


def check_config(config) -> str:
    family = config.model_type
    if family not in SPECIAL_TOKENS:
        raise ExportError(
            f"unsupported architecture '{family}': this exporter understands 'roberta' "
            "(CodeBERT, GraphCodeBERT, Compressor students) and 'bert'")
    if config.hidden_act not in ACTIVATIONS:
        raise ExportError(f"unsupported activation '{config.hidden_act}' (supported: {sorted(ACTIVATIONS)})")
    pos_type = getattr(config, "position_embedding_type", "absolute") or "absolute"
    if pos_type != "absolute":
        raise ExportError(f"unsupported position_embedding_type '{pos_type}' (only 'absolute')")
    if getattr(config, "is_decoder", False):
        raise ExportError("the checkpoint is a decoder; an encoder classifier is needed")
    return family


def load_hf_classifier(directory: Path) -> Loaded:
    from transformers import AutoConfig, AutoModelForSequenceClassification

    if not (directory / "config.json").is_file():
        raise ExportError(f"{directory}: no config.json (expected a Hugging Face checkpoint directory)")
    config = AutoConfig.from_pretrained(directory)
    family = check_config(config)
    model, info = AutoModelForSequenceClassification.from_pretrained(
        directory, output_loading_info=True, attn_implementation="eager")
    missing = [k for k in info["missing_keys"] if "position_ids" not in k]
    if missing:
        raise ExportError(f"{directory}: the checkpoint lacks trained weights for {missing[:6]}"
                          f"{' …' if len(missing) > 6 else ''}; is it a fine-tuned classifier?")
    model.eval()
    base = getattr(model, family)
    if family == "roberta":
        dense, out_proj = model.classifier.dense, model.classifier.out_proj
    else:
        if base.pooler is None:
            raise ExportError(f"{directory}: BERT classifier without pooler is not supported")
        dense, out_proj = base.pooler.dense, model.classifier
    reference = HfSequenceReference(model, config.pad_token_id)
    return Loaded(reference, base, config, dense, out_proj, 1, max(out_proj.out_features, 2))


def read_state_dict(path: Path) -> Dict[str, Tensor]:
    if not path.is_file():
        raise ExportError(f"{path}: state dict not found")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # torch raises many types for a bad file
        raise ExportError(f"{path}: cannot read a PyTorch state dict ({err})") from err
    if not isinstance(state, dict) or not all(isinstance(v, Tensor) for v in state.values()):
        raise ExportError(f"{path}: expected a state dict (name -> tensor), got {type(state).__name__}")
    return state


def strip_prefix(state: Dict[str, Tensor], prefix: str) -> Dict[str, Tensor]:
    return {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}


def load_strict(module: nn.Module, state: Dict[str, Tensor], what: str) -> None:
    """Load weights, tolerating only buffers old checkpoints carry (position_ids)."""
    result = module.load_state_dict(state, strict=False)
    missing = [k for k in result.missing_keys if "position_ids" not in k]
    unexpected = [k for k in result.unexpected_keys
                  if "position_ids" not in k and not k.startswith("pooler.")]
    if missing or unexpected:
        raise ExportError(f"{what}: weights do not fit the configuration; missing {missing[:5]}, "
                          f"unexpected {unexpected[:5]}")


def load_codexglue(state_path: Path, config) -> Loaded:
    """A CodeXGLUE/Compressor `Model(encoder)` state dict, head recognised from its keys."""
    from transformers import RobertaForSequenceClassification, RobertaModel, BertModel

    family = check_config(config)
    state = read_state_dict(state_path)
    if "classifier.dense.weight" in state:
        # Clone detection: RobertaClassificationHead over concatenated <s> vectors.
        hidden = config.hidden_size
        in_features = state["classifier.dense.weight"].shape[1]
        if in_features % hidden:
            raise ExportError(f"{state_path}: classifier input {in_features} is not a multiple of hidden size {hidden}")
        segments = in_features // hidden
        labels = state["classifier.out_proj.weight"].shape[0]
        encoder_state = strip_prefix(state, "encoder.")
        if any(k.startswith(family + ".") for k in encoder_state):  # encoder was a *ForSequenceClassification
            encoder_state = strip_prefix(encoder_state, family + ".")
        base = (RobertaModel if family == "roberta" else BertModel)(config, add_pooling_layer=False)
        load_strict(base, encoder_state, str(state_path))
        head = PairHead(hidden, segments, labels)
        load_strict(head, strip_prefix(state, "classifier."), f"{state_path} (classifier)")
        base.eval()
        reference = CodexglueReference(base, head, segments, config.pad_token_id)
        return Loaded(reference, base, config, head.dense, head.out_proj, segments, max(labels, 2))
    if "encoder.classifier.out_proj.weight" in state:
        # Defect detection: the encoder is a RobertaForSequenceClassification.
        if family != "roberta":
            raise ExportError(f"{state_path}: a sequence head inside 'encoder.' is only known for RoBERTa")
        config.num_labels = state["encoder.classifier.out_proj.weight"].shape[0]
        model = RobertaForSequenceClassification(config)
        load_strict(model, strip_prefix(state, "encoder."), str(state_path))
        model.eval()
        reference = HfSequenceReference(model, config.pad_token_id)
        return Loaded(reference, model.roberta, config, model.classifier.dense,
                      model.classifier.out_proj, 1, max(config.num_labels, 2))
    raise ExportError(f"{state_path}: no known head (expected 'classifier.dense.weight' as in CodeXGLUE "
                      "clone detection, or 'encoder.classifier.out_proj.weight' as in defect detection)")


def config_from_state(state_path: Path, heads: int):
    """Compressor saves no config.json: read the sizes off the state dict."""
    from transformers import RobertaConfig

    state = read_state_dict(state_path)

    def find(suffix: str) -> Tensor:
        hits = [v for k, v in state.items() if k.endswith(suffix)]
        if not hits:
            raise ExportError(f"{state_path}: no tensor '*{suffix}'; is this a RoBERTa student?")
        return hits[0]

    words = find("embeddings.word_embeddings.weight")
    positions = find("embeddings.position_embeddings.weight")
    layer_ids = {k.split("layer.")[1].split(".")[0] for k in state if ".encoder.layer." in k}
    vocab, hidden = words.shape
    if hidden % heads:
        raise ExportError(f"hidden size {hidden} is not divisible by --heads {heads}")
    return RobertaConfig(
        vocab_size=vocab, hidden_size=hidden, num_hidden_layers=len(layer_ids),
        num_attention_heads=heads, intermediate_size=find("layer.0.intermediate.dense.weight").shape[0],
        max_position_embeddings=positions.shape[0], pad_token_id=1,
        bos_token_id=0, eos_token_id=2, type_vocab_size=find("token_type_embeddings.weight").shape[0],
        layer_norm_eps=1e-5, hidden_act="gelu")


def read_config(path: Path):
    from transformers import AutoConfig

    file = path / "config.json" if path.is_dir() else path
    if not file.is_file():
        raise ExportError(f"{path}: no config.json")
    return AutoConfig.from_pretrained(str(file) if path.is_file() else path)


# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------


def load_tokenizer(path: Path, family: str):
    """tokenizer.json as is, or vocab.json+merges.txt (byte-level BPE) or
    vocab.txt (WordPiece) converted with the `tokenizers` package."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    special = SPECIAL_TOKENS[family]
    if path.is_file():
        return Tokenizer.from_file(str(path))
    if (path / "tokenizer.json").is_file():
        return Tokenizer.from_file(str(path / "tokenizer.json"))
    if (path / "vocab.json").is_file() and (path / "merges.txt").is_file():
        tok = Tokenizer(models.BPE.from_file(str(path / "vocab.json"), str(path / "merges.txt"),
                                             unk_token=special["unk"]))
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
        tok.add_special_tokens(list(special.values()))
        tok.post_processor = processors.RobertaProcessing(
            (special["eos"], tok.token_to_id(special["eos"])), (special["bos"], tok.token_to_id(special["bos"])))
        return tok
    if (path / "vocab.txt").is_file():
        tok = Tokenizer(models.WordPiece.from_file(str(path / "vocab.txt"), unk_token=special["unk"]))
        tok.normalizer = normalizers.BertNormalizer(lowercase=False)
        tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tok.decoder = decoders.WordPiece()
        tok.add_special_tokens(list(special.values()))
        return tok
    raise ExportError(f"{path}: no tokenizer found (looked for tokenizer.json, vocab.json + merges.txt, vocab.txt)")


def add_normalizers(tok, collapse_whitespace: bool, lowercase: bool):
    """Store the pipeline's text preprocessing in the tokenizer: first
    ' '.join(text.split()) (CodeXGLUE/Compressor), then the tokenizer's own
    normaliser, then lower-casing if asked."""
    from tokenizers import Regex, normalizers

    steps = []
    if collapse_whitespace:
        steps += [normalizers.Replace(Regex(r"\s+"), " "), normalizers.Strip()]
    if tok.normalizer is not None:
        steps.append(tok.normalizer)
    if lowercase:
        steps.append(normalizers.Lowercase())
    if steps:
        tok.normalizer = normalizers.Sequence(steps)
    return tok


def special_ids(tok, special: Dict[str, str]) -> Dict[str, int]:
    ids = {}
    for role, token in special.items():
        tid = tok.token_to_id(token)
        if tid is None:
            raise ExportError(f"the tokenizer has no {role} token '{token}' (use --special-tokens)")
        ids[role] = tid
    return ids


# --------------------------------------------------------------------------
# Building, checking and writing the bundle
# --------------------------------------------------------------------------


def probe_batches(segments: int, max_tokens: int, ids: Dict[str, int], vocab: int,
                  seed: int = 0) -> List[Tensor]:
    """Contract-shaped inputs at several (B, L): rows of bos…eos, some padded."""
    gen = torch.Generator().manual_seed(seed)
    shapes = [(1, 2), (1, max_tokens), (3, min(17, max_tokens)), (4, min(64, max_tokens)), (2, max_tokens)]
    batches = []
    for batch, length in shapes:
        rows = []
        for _ in range(batch * segments):
            used = int(torch.randint(2, length + 1, (1,), generator=gen)) if batch > 1 else length
            row = torch.full((length,), ids["pad"], dtype=torch.long)
            row[:used] = torch.randint(0, vocab, (used,), generator=gen)
            row[:used][row[:used] == ids["pad"]] = ids["unk"]
            row[0], row[used - 1] = ids["bos"], ids["eos"]
            rows.append(row)
        batches.append(torch.stack(rows).view(batch, segments * length))
    return batches


def max_difference(a: Callable[[Tensor], Tensor], b: Callable[[Tensor], Tensor], batches: List[Tensor]) -> float:
    worst = 0.0
    with torch.no_grad():
        for x in batches:
            ya, yb = a(x), b(x)
            if isinstance(ya, tuple):
                ya = ya[0]
            if isinstance(yb, tuple):
                yb = yb[0]
            if ya.shape != yb.shape:
                raise ExportError(f"output shapes differ at input {tuple(x.shape)}: {tuple(ya.shape)} vs {tuple(yb.shape)}")
            worst = max(worst, (ya - yb).abs().max().item())
    return worst


def export(loaded: Loaded, tok, out: Path, *, name: str, task: str, max_tokens: int,
           labels: List[str], special: Dict[str, str], hidden_output: bool,
           tolerance: float, force: bool) -> Dict:
    config = loaded.config
    family = config.model_type
    if TASKS[task] != loaded.segments:
        raise ExportError(f"task {task} takes {TASKS[task]} segment(s) but the model reads {loaded.segments}")
    if len(labels) != loaded.labels:
        raise ExportError(f"{len(labels)} labels given ({labels}) but the model scores {loaded.labels} classes")
    ids = special_ids(tok, special)
    if ids["pad"] != config.pad_token_id:
        raise ExportError(f"pad token '{special['pad']}' has id {ids['pad']} but the model's pad_token_id "
                          f"is {config.pad_token_id}; masks (and RoBERTa positions) would be wrong")
    limit = config.max_position_embeddings - (config.pad_token_id + 1 if family == "roberta" else 0)
    if not 2 <= max_tokens <= limit:
        raise ExportError(f"--max-tokens {max_tokens} outside 2..{limit} (the model's position table)")
    if tok.get_vocab_size() > config.vocab_size:
        raise ExportError(f"tokenizer has {tok.get_vocab_size()} tokens, the model's embedding only {config.vocab_size}")

    encoder = Encoder(loaded.base, config, ids["pad"])
    cls = ClassifierWithHidden if hidden_output else Classifier
    eager = cls(encoder, loaded.dense, loaded.out_proj, loaded.segments, loaded.out_proj.out_features == 1).eval()
    scripted = torch.jit.script(eager)
    batches = probe_batches(loaded.segments, max_tokens, ids, tok.get_vocab_size())
    report = {"eager_vs_original": max_difference(loaded.reference, eager, batches),
              "scripted_vs_original": max_difference(loaded.reference, scripted, batches)}

    if out.exists() and not force:
        raise ExportError(f"{out} exists (use --force to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        scripted.save(str(staging / "model.pt"))
        reloaded = torch.jit.load(str(staging / "model.pt"))
        report["saved_vs_original"] = max_difference(loaded.reference, reloaded, batches)
        worst = max(report.values())
        if not worst <= tolerance:
            raise ExportError(f"exported model disagrees with the original by {worst:.3g} > {tolerance} "
                              f"({report}); no bundle written")
        tok.save(str(staging / "tokenizer.json"))
        manifest = {"format": FORMAT, "name": name, "task": task, "segments": loaded.segments,
                    "max_tokens": max_tokens, "assembly": "codebert", "special_tokens": special,
                    "vocab_size": tok.get_vocab_size(), "labels": labels, "output": "logits",
                    "hidden_output": hidden_output, "dtype": "float32"}
        (staging / "bundle.json").write_text(json.dumps(manifest, indent=2) + "\n")
        staging.chmod(0o755)  # mkdtemp makes it private
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return report


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def parse_special(text: Optional[str], family: str) -> Dict[str, str]:
    if text is None:
        return dict(SPECIAL_TOKENS[family])
    try:
        parts = dict(item.split("=", 1) for item in text.split(","))
    except ValueError:
        raise ExportError(f"--special-tokens '{text}': expected bos=..,eos=..,pad=..,unk=..") from None
    if set(parts) != {"bos", "eos", "pad", "unk"}:
        raise ExportError(f"--special-tokens needs exactly bos, eos, pad, unk; got {sorted(parts)}")
    return parts


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="export_bundle.py", description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="source", required=True, metavar="{hf,codexglue,student}")

    def common(p: argparse.ArgumentParser, default_task: str) -> None:
        p.add_argument("--out", required=True, type=Path, help="bundle directory to write")
        p.add_argument("--name", help="bundle name (default: the output directory's name)")
        p.add_argument("--task", choices=sorted(TASKS), default=default_task,
                       help=f"task the model solves (default {default_task}); fixes the number of segments")
        p.add_argument("--max-tokens", type=int, default=400,
                       help="tokens per segment including <s> and </s> (CodeXGLUE block size; default 400)")
        p.add_argument("--labels", help="comma-separated class names, in output order (default per task)")
        p.add_argument("--special-tokens", metavar="bos=..,eos=..,pad=..,unk=..",
                       help="special tokens (default <s>,</s>,<pad>,<unk> for RoBERTa; [CLS],[SEP],[PAD],[UNK] for BERT)")
        p.add_argument("--lowercase", action="store_true",
                       help="lower-case text before tokenizing (a tokenizer.json that already "
                            "lower-cases, like Compressor's, needs no flag)")
        p.add_argument("--keep-whitespace", action="store_true",
                       help="do not collapse whitespace runs to one space before tokenizing "
                            "(CodeXGLUE and Compressor collapse them; so does the default)")
        p.add_argument("--hidden-output", action="store_true",
                       help="forward returns (scores, features) with the head's input features")
        p.add_argument("--tolerance", type=float, default=1e-5,
                       help="largest score difference accepted between export and original (default 1e-5)")
        p.add_argument("--force", action="store_true", help="replace an existing bundle")

    hf = sub.add_parser("hf", help="Hugging Face RoBERTa/BERT sequence-classification checkpoint",
                        description="Export a *ForSequenceClassification checkpoint directory (one segment).")
    hf.add_argument("checkpoint", type=Path, help="directory with config.json, weights and tokenizer files")
    common(hf, "vulnerability-prediction")

    cx = sub.add_parser("codexglue", help="CodeXGLUE model.bin + encoder directory",
                        description="Export a CodeXGLUE clone- or defect-detection model.bin.")
    cx.add_argument("--state", required=True, type=Path, help="model.bin saved from CodeXGLUE's Model wrapper")
    cx.add_argument("--encoder", required=True, type=Path,
                    help="encoder directory: config.json and tokenizer files (e.g. codebert-base)")
    cx.add_argument("--tokenizer", type=Path, help="tokenizer.json or directory, if not in --encoder")
    common(cx, "clone-detection")

    st = sub.add_parser("student", help="Compressor/AVATAR student model.bin + its tokenizer",
                        description="Export a small RoBERTa student; sizes come from the state dict.")
    st.add_argument("--state", required=True, type=Path, help="student model.bin (CodeXGLUE Model layout)")
    st.add_argument("--tokenizer", required=True, type=Path,
                    help="the student's tokenizer.json (e.g. Compressor's BPE_*_1000.json) or vocab directory")
    st.add_argument("--heads", type=int, help="attention heads (a state dict does not record them)")
    st.add_argument("--config", type=Path, help="config.json, if one exists (then --heads is ignored)")
    common(st, "clone-detection")
    return parser


def quiet_transformers() -> None:
    """Progress bars and advice from transformers would bury the check report."""
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def run(argv: Optional[List[str]] = None) -> Dict:
    """Exports as the command line says; returns the check report (max differences)."""
    args = build_parser().parse_args(argv)
    quiet_transformers()
    if args.source == "hf":
        loaded = load_hf_classifier(args.checkpoint)
        tok_path = args.checkpoint
    elif args.source == "codexglue":
        loaded = load_codexglue(args.state, read_config(args.encoder))
        tok_path = args.tokenizer or args.encoder
    elif args.config:
        loaded = load_codexglue(args.state, read_config(args.config))
        tok_path = args.tokenizer
    else:
        if args.heads is None:
            raise ExportError("--heads is needed: a state dict does not record the number of attention heads "
                              "(Compressor's 3 MB student has 8)")
        config = config_from_state(args.state, args.heads)
        loaded = load_codexglue(args.state, config)
        tok_path = args.tokenizer
    family = loaded.config.model_type
    tok = add_normalizers(load_tokenizer(tok_path, family), not args.keep_whitespace, args.lowercase)
    labels = args.labels.split(",") if args.labels else DEFAULT_LABELS[args.task]
    report = export(loaded, tok, args.out, name=args.name or args.out.name, task=args.task,
                    max_tokens=args.max_tokens, labels=labels,
                    special=parse_special(args.special_tokens, family),
                    hidden_output=args.hidden_output, tolerance=args.tolerance, force=args.force)
    return report


def main(argv: Optional[List[str]] = None) -> int:
    try:
        report = run(argv)
    except ExportError as err:
        print(f"export_bundle: error: {err}", file=sys.stderr)
        return 1
    print(json.dumps({"checked_max_abs_difference": report}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
