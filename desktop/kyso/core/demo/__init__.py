"""The DEMO token and the test-grade PKI that builds it (SoftHSM2).

Imports tokens, certs and the shared modules.
"""
