"""The inventory page: the focal person's units, certificates, coverage, devices to return
and the Phụ lục I report (Công văn 4414/UBND-ĐMPT), over :mod:`kyso.core.inventory`.

Modules: ``page`` (the widget: state, the GUI thread's store, messages, workers), its parts
by concern (``layout`` builds the widgets, ``views`` fills them, ``units``,
``certificates``, ``devices``, ``imports``, ``reports`` act on them), ``models`` (what
the tree and tables hold) and ``dialogs``. Imports :mod:`kyso.core` and the shared
``kyso.ui`` modules, never :mod:`kyso.cli`.
"""
