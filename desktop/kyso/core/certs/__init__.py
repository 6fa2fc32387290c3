"""Certificates as files and as details: parsing, names, fingerprints, X.509 helpers.

Imports only the shared core modules (errors, vntime).
"""
