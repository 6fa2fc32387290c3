"""The two-tier check: a subject against the structure in force since 1 July 2025,
with a verdict and what to file.

Imports subjects and the shared core modules.
"""
