"""The "Sign" page (``kyso sign`` in the GUI): choose a certificate, a profile and a place,
then sign a list of PDFs in one login.

Modules: ``page`` (the widget: layout, texts, state), its parts by concern
(``certificates``, ``appearance``, ``files``, ``run``), the data it works on
(``models``, ``context``, ``memory``), what runs off the GUI thread (``worker``: the
policy, the batch — the one call into :func:`kyso.core.signing.batch.sign_with_key` —
folder listing, preview bytes), and its widgets and dialogs (``placement``, ``emergency``).
Imports :mod:`kyso.core` and the shared ``kyso.ui`` modules, never :mod:`kyso.cli`.
"""
