"""PKCS#11 tokens: modules (one thread each), slots and token snapshots, sessions and
login, the PIN store, hot-plug watching, SoftHSM2.

Imports certs and the shared core modules; never trust, signing or anything above.
"""
