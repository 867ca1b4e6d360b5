"""What every CLI module shares: user mistakes print one line, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from harness.errors import HarnessError

F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """User mistakes print one line (file, line, field, what to do), no traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except HarnessError as exc:
            # Plain print: one unwrapped line, and no markup parsing of paths like [1].field.
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]
