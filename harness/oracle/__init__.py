"""Oracle behaviour in Python: format models, date and string functions, number text.

Stand-in engines that can call Python (DuckDB UDFs) use these directly; the same code is the
reference the semantics tests check against Oracle's documented behaviour.
"""
