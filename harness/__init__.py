"""harness: execution-grounded evaluation of text-to-SQL on Oracle E-Business Suite."""

from __future__ import annotations

__version__ = "0.1.0"
