"""The ``kyso`` command line: a thin face over :mod:`kyso.core`, one module per command group
(devices, check, anchors, sign and audit, verify, inventory and report, about); :mod:`main`
builds the parser and runs a command.

Imports core only, never :mod:`kyso.ui`.
"""

from kyso.cli.main import main

__all__ = ["main"]
