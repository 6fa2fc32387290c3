"""Outgoing HTTP for CRLs, OCSP, CA issuers, time stamps and roots: deadlines, limits,
redirect rules (fetch) and the proxy every request goes through (proxy).

Imports only the shared core modules.
"""
