"""Trust: anchors and pins, chain building, revocation (CRL, OCSP, cache) and the
trust checker that combines them.

Imports certs, net and the shared modules; never signing, verify or tokens.
"""
