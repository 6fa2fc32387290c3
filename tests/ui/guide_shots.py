"""Screenshots for the user guide, taken by the tests that drive the real windows.

Every shot is saved under the test's tmp folder. With ``KYSO_GUIDE_SHOTS=1`` it is also
written (900 px wide) to resources/guide/img, which is how the guide's pictures are made:
``KYSO_GUIDE_SHOTS=1 pytest tests/ui/test_user_guide.py tests/ui/sign/test_leader_and_clerk.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kyso.core.resources import resource_path

GUIDE_IMAGES = ("devices.png", "two-tier.png", "sign-approval.png", "issue-seal.png",
                "verify.png", "inventory.png")


def guide_shot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    assert name in GUIDE_IMAGES, name
    image = widget.grab().toImage()
    out = tmp_path / "guide" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(out))
    if os.environ.get("KYSO_GUIDE_SHOTS") == "1":
        target = resource_path("guide", "img") / name
        target.parent.mkdir(parents=True, exist_ok=True)
        scaled = image.scaledToWidth(
            min(900, image.width()), Qt.TransformationMode.SmoothTransformation
        )
        assert scaled.save(str(target))
    return out
