"""asn1crypto's OID name tables, complete before anything parses CMS.

asn1crypto turns OIDs into names ("signing_certificate_v2") through a class-level ``_map``
and back through a ``_reverse_map`` that it builds *once*, the first time any value of that
class is read by name (``attr["type"].native``). Modules that add names — asn1crypto.tsp
(signing_certificate_v2), asn1crypto.pdf, pyHanko's CAdES and qualified-certificate
definitions, pyhanko-certvalidator's types — only extend ``_map`` when they are imported.
If Kyso reads an existing signature's attributes before those imports (a fresh ``kyso sign``
process checking a PDF that already carries the leader's signature), the reverse map is
frozen without those names, and pyHanko later fails to *build* its own attributes with
``ValueError: invalid literal for int() … 'signing_certificate_v2'``: every second
signature, and every file of a batch that contains one signed input, fails.

:func:`ensure_registered` imports every module that extends the maps and then adds the
missing names to any reverse map already built (asn1crypto itself never builds a class's
map twice). Call it before parsing CMS with asn1crypto (it is cheap after the first call).
"""

from __future__ import annotations

REGISTRARS = (
    "asn1crypto.tsp",  # signing_certificate, signing_certificate_v2, tst_info
    "asn1crypto.pdf",  # adobe_revocation_info_archival, adobe_timestamp
    "pyhanko.sign.ades.cades_asn1",  # signature_policy_identifier, commitment type…
    "pyhanko.sign.ades.qualified_asn1",  # qc_statements
    "pyhanko_certvalidator.asn1_types",  # target_information, no_rev_avail…
)
"""Every module known to add OID names to asn1crypto's classes when imported."""

_done = False


def _subclasses(cls: type) -> list[type]:
    out: list[type] = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_subclasses(sub))
    return out


def ensure_registered() -> None:
    """Import every OID-name registrar, then let stale reverse maps be rebuilt."""
    global _done
    if _done:
        return
    import importlib

    for name in REGISTRARS:  # importing each is the point: it extends the name maps
        importlib.import_module(name)
    from asn1crypto import core

    for cls in _subclasses(core.ObjectIdentifier):
        built = cls.__dict__.get("_reverse_map")
        if built is None or cls._map is None:  # type: ignore[attr-defined]
            continue
        # Frozen before the imports above: add the names it lacks, and only those (some
        # classes write their reverse map by hand to pick one OID among aliases, e.g.
        # sha1_dsa: replacing it would change which OID asn1crypto writes).
        for oid, name in cls._map.items():  # type: ignore[attr-defined]
            built.setdefault(name, oid)
    _done = True
