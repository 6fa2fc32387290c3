"""The ``kyso`` command line: a thin face over :mod:`kyso.core`.

Exit codes: 0 ok, 1 an error the user can fix (message on stderr), 2 bad usage,
3 a check found problems (``check``, ``verify``), 130 interrupted, 141 the output was closed
before the end (``| head``). An exception no handler
expected is logged with its traceback and reported in one line (never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import multiprocessing
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kyso import __version__
from kyso.cli.common import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OUTPUT_CLOSED,
    EXIT_USAGE,
    INTERRUPTED,
    unexpected_error,
    warn,
)
from kyso.core.app.environment import open_environment, use_temp_dir
from kyso.core.errors import KysoError, ModuleLoadError
from kyso.core.logs import setup_logging

log = logging.getLogger(__name__)


# -- parser --------------------------------------------------------------------------------
# Each command group's module, in the order ``kyso --help`` lists them, with the top-level
# commands it adds. A run imports only the module of the command it runs: ``kyso sign``
# needs pyHanko, ``kyso check --subject`` does not, and importing every group made each
# command start ~0.3 s slower (``kyso check`` from a script, once per certificate, pays it).
COMMAND_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("kyso.cli.devices", "add_devices_commands", ("devices",)),
    ("kyso.cli.check", "add_check_commands", ("check",)),
    ("kyso.cli.inventory", "add_inventory_commands", ("inventory", "report")),
    ("kyso.cli.verify", "add_verify_commands", ("verify",)),
    ("kyso.cli.sign", "add_sign_commands", ("sign",)),
    ("kyso.cli.audit", "add_audit_commands", ("audit",)),
    ("kyso.cli.remote", "add_remote_commands", ("remote",)),
    ("kyso.cli.bridge", "add_bridge_commands", ("bridge",)),
    ("kyso.cli.anchors", "add_anchors_commands", ("anchors",)),
    ("kyso.cli.about", "add_about_commands", ("about",)),
    ("kyso.cli.support", "add_support_commands", ("support-bundle",)),
)


_GLOBAL_OPTIONS = ("--help", "--version", "--demo", "--temp-dir")


def command_named(argv: Sequence[str]) -> str | None:
    """The command word of ``argv``, read as ``kyso``'s top-level parser reads it: the first
    argument that is neither a global option nor ``--temp-dir``'s value (argparse takes any
    unambiguous prefix: ``--temp DIR``, ``--te=DIR``). None before ``-h``/``--help``/
    ``--version`` (or a prefix of them) and when there is no command word."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("-h", "--"):
            return None
        if arg.startswith("--"):
            name, has_value, _ = arg.partition("=")
            chosen = [o for o in _GLOBAL_OPTIONS if o.startswith(name)]
            if len(chosen) == 1 and chosen[0] in ("--help", "--version"):
                return None
            if len(chosen) == 1 and chosen[0] == "--temp-dir" and not has_value:
                skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole ``kyso`` parser; given the arguments, only the group of the command they
    name when it is a known one (every group otherwise: help, usage errors)."""
    word = command_named(argv) if argv is not None else None
    groups = [g for g in COMMAND_GROUPS if word in g[2]] or list(COMMAND_GROUPS)
    parser = argparse.ArgumentParser(
        prog="kyso",
        description="Kyso — trợ lý chữ ký số chuyên dùng công vụ "
        "(Vietnam public-service digital signatures).",
    )
    parser.add_argument("--version", action="version", version=f"kyso {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="dùng token DEMO (SoftHSM2) / use the DEMO token"
    )
    parser.add_argument(
        "--temp-dir",
        metavar="DIR",
        help="giữ mọi tệp của lần chạy này trong DIR / keep this run's files under DIR",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module, adder, _commands in groups:
        getattr(importlib.import_module(module), adder)(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code. Ctrl+C at any moment (reading the commands too) is
    exit 130 with one line, and an output closed before the end (``| head``) is exit 141
    (as a command killed by SIGPIPE) with nothing more said."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _output_closed()


def _output_closed() -> int:
    """The reader of stdout went away (``kyso check --json … | head``): nothing to tell
    it. What is still buffered goes nowhere, so that Python's flush at exit does not fail
    a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    return EXIT_OUTPUT_CLOSED


def _main(argv: Sequence[str] | None) -> int:
    multiprocessing.freeze_support()  # verification workers are spawned processes
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.temp_dir:
        use_temp_dir(args.temp_dir)
    # The log file first: what opening the environment logs (a module that does not load)
    # goes there, not to the terminal in English through Python's last-resort handler.
    log_file: Path | None = _fallback_log()
    try:
        reads_tokens = getattr(args, "reads_tokens", None)
        env = open_environment(
            demo=args.demo, modules=reads_tokens(args) if reads_tokens is not None else True
        )
        log_file = setup_logging(env.paths.log_dir)
        # A PKCS#11 module that could not be loaded is said once, in Vietnamese, by every
        # command (devices and check no longer repeat it).
        failed_modules = [p for p in env.problems if isinstance(p, ModuleLoadError)]
        for problem in failed_modules:
            warn(problem)
        env.problems = [p for p in env.problems if p not in failed_modules]
        # A broken settings file is said once, by every command (file, line, value), and
        # the command goes on without it.
        for problem in env.settings.problems:
            warn(problem)
        env.problems = [p for p in env.problems if p not in env.settings.problems]
        if args.demo and env.demo is None:
            for p in env.problems:
                warn(p)
            return EXIT_ERROR
        return int(args.func(args, env))
    except KysoError as exc:
        warn(exc)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _output_closed()
    except Exception as exc:  # the last resort: a traceback is a bug, never shown
        if log_file is None:
            log_file = _fallback_log()
        return unexpected_error(exc, log_file)


def _fallback_log() -> Path | None:
    """The log file when the failure came before the environment was open."""
    from kyso.core.settings import Paths

    try:
        return setup_logging(Paths.default().log_dir)
    except Exception:
        return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
