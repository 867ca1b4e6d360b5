"""Entry point for launchers: ``accelerate launch -m harness.training.entry CONFIG``."""

from __future__ import annotations

import sys


def main() -> None:
    from harness.training.config import load_train_config
    from harness.training.trainer import train

    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m harness.training.entry CONFIG.yaml")
    print(train(load_train_config(sys.argv[1])))


if __name__ == "__main__":
    main()
