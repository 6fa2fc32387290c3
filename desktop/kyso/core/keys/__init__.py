"""Signing keys wherever they live: the one interface signing works on.

A :class:`~kyso.core.keys.base.SigningKey` is "a key that signs digests, with its
certificate and chain": a PKCS#11 token (:mod:`kyso.core.tokens.key`), a remote signing
service, or the in-memory :class:`~kyso.core.keys.software.SoftwareKey` of the tests and
DEMO runs. Signing may complete later (a phone approval) and several digests may be
signed under one authorization. :mod:`kyso.core.keys.proof` checks every signature value
against the certificate's public key before anything is written as signed.

Imports only the shared core modules (errors) and cryptography; tokens and signing import it.
"""
