"""PKCS#11 tokens: modules (one thread each), slots and token snapshots, sessions and
login, the PIN store, hot-plug watching, SoftHSM2, and a token's private key as a
:class:`~kyso.core.keys.base.SigningKey` (``key.py``: paired with its certificate by the
public key), which logs in and signs in a token host (``token_host.py``, a child process:
a driver crash there is an error, not a dead Kyso).

Imports keys, certs and the shared core modules; never trust, signing or anything above.
"""
