"""Outgoing HTTP for CRLs, OCSP, CA issuers, time stamps and roots: deadlines, limits.

Imports only the shared core modules.
"""
