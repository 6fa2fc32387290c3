"""The certificates a signature's CMS carries: the signer's and its chain, each once.

pyHanko 0.38 gathers the CMS ``certificates`` in a Python ``set`` of asn1crypto objects,
which compare by identity: the signer's certificate, registered with the signer *and*
added again when the container is packaged, lands in the CMS twice. endesive then refuses
every signature ("multiple signer certificates with the same serial") and other strict
validators may too. :func:`tidy_certificates` rewrites that field after pyHanko built the
container and before it is written into the PDF. The field lies outside the signed
attributes, so the signature stays what the key produced.

Order: the CMS field is a SET OF, and a DER set is sorted by encoding (X.690 §11.6;
asn1crypto sorts on output), so the set cannot keep "signer first"; its *content* is
exactly the signer's certificate and its chain, no certificate twice.
"""

from __future__ import annotations

from typing import Any


def tidy_certificates(cms_data: bytes | Any) -> Any:
    """``cms_data`` (DER or an asn1crypto ``ContentInfo``) with every certificate once.

    Returns a new ``ContentInfo``; a container without SignedData is returned untouched.
    """
    from asn1crypto import cms

    from kyso.core.certs.asn1_names import ensure_registered

    ensure_registered()  # before reading CMS by name (see asn1_names)
    info = cms.ContentInfo.load(cms_data if isinstance(cms_data, bytes) else cms_data.dump())
    if info["content_type"].native != "signed_data":
        return info
    signed = info["content"]
    certs = signed["certificates"]
    if not certs:
        return info
    seen: set[bytes] = set()
    unique: list[Any] = []
    for choice in certs:
        der = choice.dump()
        if der not in seen:
            seen.add(der)
            unique.append(choice)
    if len(unique) == len(certs):
        return info
    rebuilt = cms.SignedData(
        {
            "version": signed["version"],
            "digest_algorithms": signed["digest_algorithms"],
            "encap_content_info": signed["encap_content_info"],
            "certificates": cms.CertificateSet(
                [cms.CertificateChoices.load(c.dump()) for c in unique]
            ),
            **({"crls": signed["crls"]} if signed["crls"].native is not None else {}),
            "signer_infos": signed["signer_infos"],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": rebuilt})


def certificate_keys(cms_data: bytes) -> list[tuple[str, int]]:
    """(issuer, serial) of every certificate in a DER CMS, in stored order (for checks)."""
    from asn1crypto import cms

    from kyso.core.certs.asn1_names import ensure_registered

    ensure_registered()  # before reading CMS by name (see asn1_names)
    signed = cms.ContentInfo.load(cms_data)["content"]
    return [
        (c.chosen.issuer.human_friendly, c.chosen.serial_number)
        for c in signed["certificates"] or ()
        if c.name == "certificate"
    ]
