"""``kyso anchors``: download Ban Cơ yếu's roots (only the pinned fingerprints are kept)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kyso.cli.common import EXIT_OK
from kyso.core.app.environment import Environment


def cmd_anchors_download(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.trust.anchors import download_bcy_roots, downloaded_anchors_dir

    dest = Path(args.dest) if args.dest else downloaded_anchors_dir(env.paths)
    kwargs: dict[str, Any] = {}
    if args.url:
        kwargs["urls"] = tuple(args.url)
    result = download_bcy_roots(dest, **kwargs)
    for path in result.saved:
        print(f"Đã lưu chứng thư gốc (đúng dấu vân tay đã ghim): {path}")
    for url, why in result.rejected:
        print(f"Bỏ qua {url}: {why}", file=sys.stderr)
    return EXIT_OK

def add_anchors_commands(subparsers: Any) -> None:
    anchors = subparsers.add_parser("anchors", help="chứng thư gốc tin cậy / trust anchors")
    anchors_sub = anchors.add_subparsers(dest="anchors_command", metavar="ACTION", required=True)
    download = anchors_sub.add_parser(
        "download",
        help="tải chứng thư gốc của Ban Cơ yếu (chỉ nhận đúng dấu vân tay đã ghim)",
    )
    download.add_argument(
        "--dest", metavar="DIR", help="thư mục lưu (mặc định: dữ liệu người dùng)"
    )
    download.add_argument("--url", action="append", metavar="URL", help=argparse.SUPPRESS)
    download.set_defaults(func=cmd_anchors_download)
