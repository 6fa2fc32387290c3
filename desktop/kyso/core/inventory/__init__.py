"""The unit's inventory (SQLite store, schema, import), the Phụ lục I report and its
files, merging reports, coverage.

Imports only the shared core modules.
"""
