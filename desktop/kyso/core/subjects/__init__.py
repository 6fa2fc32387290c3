"""Reading a certificate subject: the holder, places named in it, the administrative
units table (old and new structure).

Imports only the shared core modules.
"""
