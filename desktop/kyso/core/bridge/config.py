"""The bridge's settings, from IT's per-machine file (``[bridge]`` table):

```toml
[bridge]
enabled = true                      # a TOML boolean; anything else means off (default true)
origins = ["https://qlvb.hungyen.gov.vn"]   # pages allowed without asking the user
hosts = ["files.hungyen.gov.vn"]    # extra hosts documents may come from / go to
allow_http = false                  # plain http pages and URLs (closed networks only)
ask_unknown_origins = true          # false: only IT's origins, no first-use question
max_batch_mb = 200                  # the documents of one call together, in MB
```

Only IT decides these (a user cannot widen who may ask Kyso to sign).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kyso.core.bridge.policy import MAX_BATCH, BridgePolicy, OriginDecisions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BridgeConfig:
    enabled: bool = True
    origins: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    allow_http: bool = False
    ask_unknown_origins: bool = True
    max_batch: int = MAX_BATCH
    """Bytes all the documents of one call may take together (``max_batch_mb``)."""
    it_table: bool = False
    """The machine file has a ``[bridge]`` table (IT set the bridge up)."""

    def policy(self, data_dir: Path) -> BridgePolicy:
        return BridgePolicy(
            it_origins=self.origins,
            it_hosts=self.hosts,
            allow_http=self.allow_http,
            max_batch=self.max_batch,
            decisions=OriginDecisions(data_dir / "bridge_origins.json")
            if self.ask_unknown_origins
            else None,
        )


def it_enabled(machine_file: Path) -> bool:
    """IT has set the bridge up for this machine: a ``[bridge]`` table, and :func:`read_config`
    finds it enabled. ``kyso-desktop --background`` starts only then, and a user's first start
    makes that user's own listener certificates only then (or after ``kyso bridge setup``)."""
    config = read_config(machine_file)
    return config.it_table and config.enabled


def read_config(machine_file: Path) -> BridgeConfig:
    """The ``[bridge]`` table, and the one rule every entry point follows for ``enabled``:

    * no machine file, or no ``[bridge]`` table: enabled with the defaults (the app's own
      start needs the certificates a user made with ``kyso bridge setup``; the login start,
      and a start making the user's certificates, also need the table, see
      :func:`it_enabled`);
    * a ``[bridge]`` table: ``enabled`` if it says nothing, else its value — only a real
      TOML boolean counts; ``"false"``, ``0``, ``"no"`` and every other non-boolean mean
      off (the settings loader reports it as a warning), since a person reads them as
      "off" or cannot tell; a bare ``[bridge]`` table is enabled;
    * a machine file that exists but cannot be read (malformed, not UTF-8…), or a ``bridge``
      that is not a table: off, logged — IT's intent is unknown, and an unreadable file
      must not open a listener IT may have turned off.
    """
    from kyso.core.settings import BRIDGE_MAX_BATCH_MB, read_machine_file

    data = read_machine_file(machine_file)
    if data is None:
        log.warning("signing bridge off: the machine settings file %s cannot be read",
                    machine_file)
        return BridgeConfig(enabled=False)
    if "bridge" not in data:
        return BridgeConfig()
    table = data["bridge"]
    if not isinstance(table, dict):
        log.warning("signing bridge off: “bridge” in %s is not a table", machine_file)
        return BridgeConfig(enabled=False, it_table=True)
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        log.warning("signing bridge off: [bridge] enabled = %r in %s is not true or false",
                    enabled, machine_file)
        enabled = False

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    def flag(key: str, default: bool) -> bool:
        value = table.get(key, default)
        return value if isinstance(value, bool) else default

    # Out of range: the default, said to IT by every command (settings' _bridge_problems).
    low, high, default = BRIDGE_MAX_BATCH_MB
    max_batch_mb = table.get("max_batch_mb", default)
    if isinstance(max_batch_mb, bool) or not isinstance(max_batch_mb, int) \
            or not low <= max_batch_mb <= high:
        log.warning("[bridge] max_batch_mb = %r in %s is not a whole number of MB from %d to "
                    "%d; using %d", max_batch_mb, machine_file, low, high, default)
        max_batch_mb = default

    return BridgeConfig(
        enabled=enabled,
        origins=strings("origins"),
        hosts=strings("hosts"),
        allow_http=flag("allow_http", False),
        ask_unknown_origins=flag("ask_unknown_origins", True),
        max_batch=max_batch_mb * 1024 * 1024,
        it_table=True,
    )
