"""Distinguished names as a văn thư reads them: "Chức vụ: Giám đốc", never
"2.5.4.12=Giám đốc" or "T=Giám đốc" (issue 16). Labels come from
:data:`kyso.core.certs.details.ATTRIBUTE_NAMES`, in the UI's language."""

from __future__ import annotations

from kyso.core.certs.details import ATTRIBUTE_NAMES, parse_name


def attribute_caption(oid: str, language: str) -> str:
    """"Chức vụ" / "Title" (the abbreviation in brackets dropped); the OID if unknown."""
    names = ATTRIBUTE_NAMES.get(oid)
    if names is None:
        return oid
    label = names[1] if language == "en" else names[0]
    return label.split(" (", 1)[0]


def readable_name(text: str, language: str = "vi", separator: str = "; ") -> str:
    """An RFC 4514 name (as stored or printed, dotted OIDs included) as labelled parts in
    printed order (most specific first); ``text`` unchanged when it is not a name."""
    if "=" not in text:
        return text
    try:
        name = parse_name(text)
    except ValueError:
        return text
    parts = [
        f"{attribute_caption(a.oid.dotted_string, language)}: {a.value}"
        for a in reversed(list(name))
    ]
    return separator.join(parts) if parts else text
