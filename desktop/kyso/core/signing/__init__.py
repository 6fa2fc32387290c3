"""Signing PDFs: the PAdES writer over any :class:`~kyso.core.keys.base.SigningKey`, appearances (placement on rotated and offset pages, the
issuance layout), the checks of an input before the PIN (damage and repair, encryption,
certification) and of the output after writing, the Nghị định 30 policy, the choice of
certificate and profile, batches and the audit log.

Imports tokens, trust, reform, subjects, inventory, keys, certs, net and the shared modules.
"""
