"""Fixture generators: deterministic builders of ``schema.sql`` + ``data/*.csv`` folders.

A generator is a callable ``generate(out_dir, scale, seed)`` with a module-level ``VERSION``;
it is registered by short name in :data:`harness.fixture.GENERATORS`.
"""
