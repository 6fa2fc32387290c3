"""The "Verify" page (``kyso verify`` in the GUI): open signed PDFs, see each signature's
conclusion, details and place on the page, export a report.

Modules: ``page`` (the widget: opening files, the result tree, the preview's document),
``job`` (verification off the GUI thread, streamed by signals), ``report`` (details as
HTML, PDF and JSON exports written by a worker) and ``preview`` (the PDF view that
outlines a signature). Imports :mod:`kyso.core` and the shared ``kyso.ui`` modules, never
:mod:`kyso.cli`.
"""
