"""Signing PDFs: the PAdES writer over any :class:`~kyso.core.keys.base.SigningKey`,
appearances, the Nghị định 30 policy, the choice of certificate and profile, batches and
the audit log.

Imports tokens, trust, reform, subjects, inventory, keys, certs, net and the shared modules.
"""
