"""Choices the sign page remembers between runs: images per certificate, placements per
profile."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from kyso.core.signing.appearance import Profile
from kyso.ui.sign.models import Box

log = logging.getLogger(__name__)

MEMORY_FILE = "signing-ui.json"
"""Remembered images (per certificate) and placements (per profile), in the data folder."""


class SignMemory:
    """A small JSON file beside the user's data: images per certificate fingerprint and
    the last placement per profile. (Not settings.json: these are the user's own files.)"""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.data: dict[str, Any] = {"images": {}, "seals": {}, "placements": {}}
        if path is not None and path.exists():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    for key in self.data:
                        if isinstance(loaded.get(key), dict):
                            self.data[key] = loaded[key]
            except (OSError, ValueError) as exc:
                log.warning("ignoring %s: %s", path, exc)

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("could not save %s: %s", self.path, exc)

    def image(self, kind: str, sha256: str) -> Path | None:
        value = self.data[kind].get(sha256)
        return Path(value) if value else None

    def set_image(self, kind: str, sha256: str, path: Path) -> None:
        self.data[kind][sha256] = str(path)
        self.save()

    def placement(self, profile: Profile) -> tuple[int, Box] | None:
        value = self.data["placements"].get(profile.value)
        try:
            page, box = int(value["page"]), tuple(float(v) for v in value["box"])
        except (TypeError, KeyError, ValueError):
            return None
        return (page, box) if len(box) == 4 else None  # type: ignore[return-value]

    def set_placement(self, profile: Profile, page: int, box: Box | None) -> None:
        if box is None:
            self.data["placements"].pop(profile.value, None)
        else:
            self.data["placements"][profile.value] = {"page": page, "box": list(box)}
        self.save()
