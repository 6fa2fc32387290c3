"""Kyso's Qt face. The only package that imports PySide6."""
