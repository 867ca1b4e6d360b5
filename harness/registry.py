"""A small registry of lazily imported components, named by short names in configs."""

from __future__ import annotations

import difflib
import importlib
from typing import Generic, TypeVar

from harness.errors import HarnessError

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps short names (``duckdb``) to ``"module:Attr"`` targets imported on first use."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._targets: dict[str, str] = {}
        self._hints: dict[str, str] = {}

    def register(self, name: str, target: str, *, install_hint: str = "") -> None:
        self._targets[name] = target
        if install_hint:
            self._hints[name] = install_hint

    def names(self) -> list[str]:
        return sorted(self._targets)

    def get(self, name: str) -> T:
        target = self._targets.get(name)
        if target is None:
            close = difflib.get_close_matches(name, self._targets, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            known = ", ".join(self.names()) or "none"
            raise HarnessError(f"unknown {self.kind} '{name}' (known: {known}){hint}")
        module_name, _, attr = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            hint = self._hints.get(name, "")
            raise HarnessError(
                f"{self.kind} '{name}' needs a package that is not installed ({exc.name})"
                + (f": {hint}" if hint else "")
            ) from None
        value: T = getattr(module, attr)
        return value
