"""Fixtures for tests/core (shared ones live in tests/conftest.py)."""
