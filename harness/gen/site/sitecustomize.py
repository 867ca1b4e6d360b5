"""Loaded at start-up by Python processes that vLLM spawns (PYTHONPATH points here).

Hides torchvision, torchaudio and torchcodec, whose CUDA builds cannot load against the CPU
torch wheel; see harness/gen/torch_env.py.
"""

import sys

for _name in ("torchvision", "torchaudio", "torchcodec"):
    sys.modules.setdefault(_name, None)  # type: ignore[arg-type]
