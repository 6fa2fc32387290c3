"""Outgoing HTTP — CRLs, OCSP, CA issuers, time stamps, roots, remote signing services,
the web bridge's transfers, the version check: deadlines, limits, redirect rules (fetch),
streamed form uploads (multipart) and the proxy every request goes through (proxy).

Imports only the shared core modules.
"""
