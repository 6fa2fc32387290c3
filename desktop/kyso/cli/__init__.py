"""The ``kyso`` command line: a thin face over :mod:`kyso.core`, one module per command group
(devices, check, anchors, sign and audit, verify, inventory and report, about); :mod:`main`
builds the parser and runs a command.

Imports core only, never :mod:`kyso.ui`. This ``__init__`` imports nothing: every start
goes through :mod:`launch`, which must run before Kyso loads (Ctrl+C while it loads).
"""
