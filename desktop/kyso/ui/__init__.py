"""Kyso's Qt face. The only package that imports PySide6; it imports :mod:`kyso.core`,
never :mod:`kyso.cli`.

A large page is a package (``sign/``, ``verify/``, ``inventory/``): ``page`` is the widget,
and its parts by concern are mixins in their own modules (the page class lists them), beside
the page's models, workers, widgets and dialogs. Small shared widgets live in ``widgets/``;
the main window, the device tree, panels, dialogs and ``workers`` sit at the top. A part's
strings are translated under its own class name (Qt looks along the page's class
hierarchy), so moving a string to another class moves its translation too.
"""
