"""Print the .deb ``Depends`` for a PyInstaller bundle: the packages that provide the
shared libraries its ELF files need but the bundle does not carry.

    python installers/linux/deb_depends.py build/dist/kyso
    -> libc6, libegl1, libfontconfig1, …

Each needed soname is located with ``ldconfig -p`` and mapped to its installed package with
``dpkg -S``; a soname nothing provides is an error (install it, or bundle it).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# Loaded by Qt plugins that Kyso can live without (the plugin just does not load).
OPTIONAL = {"libwayland-cursor.so.0", "libwayland-egl.so.1", "libwayland-client.so.0"}


def elf_files(root: Path) -> list[Path]:
    out = []
    for p in root.rglob("*"):
        if p.is_file() and not p.is_symlink():
            with p.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    out.append(p)
    return out


def needed(path: Path) -> set[str]:
    text = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", text))


def ldconfig_paths() -> dict[str, str]:
    text = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    paths: dict[str, str] = {}
    for m in re.finditer(r"^\s*(\S+) \(([^)]*)\) => (\S+)", text, re.M):
        name, flags, path = m.groups()
        if "x86-64" in flags or "64" not in flags:  # prefer the native (64-bit) library
            paths.setdefault(name, path)
    return paths


def owner(path: str) -> str | None:
    candidates = [path]
    # merged /usr: dpkg may know the file under the other prefix
    if path.startswith("/usr/lib/"):
        candidates.append(path[len("/usr") :])
    elif path.startswith("/lib"):
        candidates.append("/usr" + path)
    for c in candidates:
        for p in (c, str(Path(c).resolve())):
            proc = subprocess.run(["dpkg", "-S", p], capture_output=True, text=True, check=False)
            if proc.returncode == 0 and proc.stdout:
                return proc.stdout.split(":", 1)[0].strip()
    return None


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    files = elf_files(root)
    carried = {p.name for p in root.rglob("*")}
    wanted: set[str] = set()
    for f in files:
        wanted |= needed(f)
    missing = sorted(n for n in wanted - carried if not n.startswith("ld-linux"))
    paths = ldconfig_paths()
    packages: set[str] = set()
    problems = []
    for name in missing:
        path = paths.get(name)
        pkg = owner(path) if path else None
        if pkg:
            packages.add(pkg)
        elif name not in OPTIONAL:
            problems.append(name)
        print(f"  {name:32} -> {pkg or '?'}", file=sys.stderr)
    if problems:
        print(
            "deb_depends: no installed package provides " + ", ".join(problems)
            + " (install it on the build machine so its package can be named)",
            file=sys.stderr,
        )
        return 1
    print(", ".join(sorted(packages)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
