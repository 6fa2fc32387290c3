"""The bridge's settings, from IT's per-machine file (``[bridge]`` table):

```toml
[bridge]
enabled = true                      # start the listener with the app (default true)
origins = ["https://qlvb.hungyen.gov.vn"]   # pages allowed without asking the user
hosts = ["files.hungyen.gov.vn"]    # extra hosts documents may come from / go to
allow_http = false                  # plain http pages and URLs (closed networks only)
ask_unknown_origins = true          # false: only IT's origins, no first-use question
```

Only IT decides these (a user cannot widen who may ask Kyso to sign).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kyso.core.bridge.policy import BridgePolicy, OriginDecisions


@dataclass(frozen=True)
class BridgeConfig:
    enabled: bool = True
    origins: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    allow_http: bool = False
    ask_unknown_origins: bool = True

    def policy(self, data_dir: Path) -> BridgePolicy:
        return BridgePolicy(
            it_origins=self.origins,
            it_hosts=self.hosts,
            allow_http=self.allow_http,
            decisions=OriginDecisions(data_dir / "bridge_origins.json")
            if self.ask_unknown_origins
            else None,
        )


def it_enabled(machine_file: Path) -> bool:
    """IT has set the bridge up for this machine: a ``[bridge]`` table that does not say
    ``enabled = false``. The installers create the machine's certificates only then."""
    from kyso.core.settings import machine_table

    table = machine_table("bridge", machine_file)
    return bool(table) and table.get("enabled", True) is not False


def read_config(machine_file: Path) -> BridgeConfig:
    """The ``[bridge]`` table; defaults when the file or the table is missing or malformed
    (the settings loader reports a broken file)."""
    from kyso.core.settings import machine_table

    table = machine_table("bridge", machine_file)
    if not table:
        return BridgeConfig()

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    def flag(key: str, default: bool) -> bool:
        value = table.get(key, default)
        return value if isinstance(value, bool) else default

    return BridgeConfig(
        enabled=flag("enabled", True),
        origins=strings("origins"),
        hosts=strings("hosts"),
        allow_http=flag("allow_http", False),
        ask_unknown_origins=flag("ask_unknown_origins", True),
    )
