"""Verifying signed PDFs: validation steps, conclusions and the report.

Imports trust, reform, certs, net and the shared modules.
"""
