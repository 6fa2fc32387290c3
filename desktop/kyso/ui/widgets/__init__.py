"""Small widgets the main window is built from (the Devices tab's empty state, the scroll
area pages sit in). Imports :mod:`kyso.core` and Qt only, never :mod:`kyso.cli`."""
