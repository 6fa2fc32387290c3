"""A certificate's whole check (trust, two-tier, token health) and its exports.

Imports trust, reform, tokens, demo, certs and the shared modules.
"""
