"""Assembling the pieces for the two faces: the environment (settings, modules, demo)
and the About facts.

May import any core package.
"""
