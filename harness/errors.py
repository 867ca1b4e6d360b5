"""One error hierarchy. User mistakes carry where they happened; the CLI prints one line."""

from __future__ import annotations

from pathlib import Path


class HarnessError(Exception):
    """Base class: anything the user can fix. Printed without a traceback."""


class InputError(HarnessError):
    """A file the user gave is malformed. Names the file, line and field."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.message = message
        super().__init__(self.render())

    def render(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]"
        return f"{where}: {self.message}"


class FixtureError(HarnessError):
    """A fixture cannot be loaded into an engine."""


class EngineUnavailable(HarnessError):
    """An engine's driver or server is not available here (with an install hint)."""


class RunStoreError(HarnessError):
    """A run folder is inconsistent with the work asked for."""
