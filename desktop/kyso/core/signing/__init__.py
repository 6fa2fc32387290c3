"""Signing PDFs: the PAdES writer, appearances, the Nghị định 30 policy, the choice of
certificate and profile, batches and the audit log.

Imports tokens, trust, reform, subjects, inventory, certs, net and the shared modules.
"""
