"""The audit log's chain head kept on the token as a PKCS#11 data object.

One private token object per audit log (CKO_DATA, CKA_APPLICATION ``kyso``, CKA_LABEL
``Kyso audit head <log id>``, the log id naming the machine and the log's path, see
:func:`kyso.core.signing.audit.log_identity`) whose value is JSON ``{"seq": N, "hash":
"<64 hex>"}``: the last entry this token's key wrote to that log. One per log, so a holder
who signs on two computers does not see one's log as a gap in the other's. Private, so reading, rewriting or deleting it needs the PIN —
a local administrator without the PIN cannot roll it back. A token that refuses to create
data objects (some vendor cards are read-only outside their own tool) simply keeps none;
:func:`write_head` then returns False and the caller says so.

Functions take a logged-in python-pkcs11 session and run on the module thread only
(:meth:`kyso.core.tokens.sessions.TokenSession.run`).
"""

from __future__ import annotations

import json
import logging
from typing import Any

log = logging.getLogger(__name__)

APPLICATION = "kyso"
LABEL = "Kyso audit head"


def _label(log_id: str) -> str:
    return f"{LABEL} {log_id}"


def _find(session: Any, log_id: str) -> list[Any]:
    from pkcs11 import Attribute, ObjectClass

    return list(
        session.get_objects(
            {
                Attribute.CLASS: ObjectClass.DATA,
                Attribute.LABEL: _label(log_id),
                Attribute.TOKEN: True,
            }
        )
    )


def read_head(session: Any, log_id: str) -> tuple[int, str] | None:
    """(seq, hash) stored on the token (the highest, should a crash have left two), or None
    when there is none."""
    from pkcs11 import Attribute

    heads: list[tuple[int, str]] = []
    for obj in _find(session, log_id):
        try:
            value = json.loads(bytes(obj[Attribute.VALUE]).decode("utf-8"))
            heads.append((int(value["seq"]), str(value["hash"])))
        except Exception as exc:  # a damaged object: treated as absent, and said so
            log.warning("audit head object on the token unreadable: %r", exc)
    return max(heads) if heads else None


def write_head(session: Any, log_id: str, seq: int, chain_hash: str) -> bool:
    """Replace the stored head; False when the token refuses to keep data objects.

    A new object is created before the old one is destroyed (CKA_VALUE of a data object is
    read-only on some tokens, SoftHSM2 among them), so a crash in between leaves two heads,
    never none; :func:`read_head` takes the higher."""
    from pkcs11 import Attribute, ObjectClass

    value = json.dumps({"seq": seq, "hash": chain_hash}).encode()
    try:
        old = _find(session, log_id)
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.DATA,
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.MODIFIABLE: True,
                Attribute.LABEL: _label(log_id),
                Attribute.APPLICATION: APPLICATION,
                Attribute.VALUE: value,
            }
        )
    except Exception as exc:  # read-only token, no room, object class not supported
        log.warning("audit head not kept on the token: %r", exc)
        return False
    for obj in old:
        try:
            obj.destroy()
        except Exception as exc:  # two heads until the next write: read_head copes
            log.warning("old audit head on the token not removed: %r", exc)
    return True
