"""Facts the installer builds take from pyproject.toml (one source for the version).

    python installers/pyproject_info.py version        # 0.1.0 (checked against kyso.__version__)
    python installers/pyproject_info.py dependencies   # the run-time requirements, one a line
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if argv == ["version"]:
        version = project["version"]
        init = (ROOT / "desktop" / "kyso" / "__init__.py").read_text(encoding="utf-8")
        m = re.search(r"^__version__\s*=\s*[\"']([^\"']+)", init, re.M)
        if not m or m.group(1) != version:
            found = m.group(1) if m else None
            print(
                f"version mismatch: pyproject.toml {version} vs desktop/kyso/__init__.py {found}",
                file=sys.stderr,
            )
            return 1
        print(version)
        return 0
    if argv == ["dependencies"]:
        print("\n".join(project["dependencies"]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
