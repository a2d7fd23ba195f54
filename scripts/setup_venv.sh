#!/usr/bin/env bash
# Creates (once) the Python environment that provides libtorch for tch and the
# Python helpers (export, baselines). It lives outside the clone, keyed by the
# torch version, so every clone and CI run on this machine reuses it.
# Prints the venv path on stdout; progress goes to stderr.
set -euo pipefail


TORCH_VERSION="2.13.0"
TRANSFORMERS_VERSION="${METACOMPRESS_TRANSFORMERS_VERSION:-}"
VENV="${METACOMPRESS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/metacompress/venv-torch-${TORCH_VERSION}}"
PYTHON="${PYTHON:-python3}"
STAMP="$VENV/.metacompress-ready"

if [ ! -f "$STAMP" ]; then
    echo "setup_venv: creating $VENV (torch==$TORCH_VERSION, a few GB on first run)" >&2
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip >&2
    "$VENV/bin/pip" install --quiet "torch==$TORCH_VERSION" >&2
    "$VENV/bin/pip" install --quiet "transformers${TRANSFORMERS_VERSION:+==$TRANSFORMERS_VERSION}" numpy >&2
    "$VENV/bin/python" -c "import torch, transformers; print('torch', torch.__version__, 'transformers', transformers.__version__)" >&2
    touch "$STAMP"
fi
echo "$VENV"
