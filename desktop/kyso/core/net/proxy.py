"""Which HTTP proxy a download goes through.

Government networks reach the Internet through HTTP proxies, so every outgoing request
(CRL, OCSP, CA certificates, time stamps, root downloads) asks :func:`current` for its
proxy. Where the answer comes from, first match wins:

1. the per-machine/per-user setting ``proxy_url``: ``"none"`` means no proxy at all; an
   ``http://[user:password@]host:port`` URL is used for ``http`` and ``https`` downloads
   alike, with ``proxy_bypass`` as its exceptions;
2. the system's settings: the ``http_proxy``/``https_proxy``/``no_proxy`` environment
   variables (any case) on every system; on Windows, when those are unset, the user's
   Internet Options proxy (WinINet: ``ProxyEnable``, ``ProxyServer``, ``ProxyOverride`` in
   the registry — what VGCA's set-up guide has users turn on).

Not supported (README-IT says so): proxy auto-configuration (PAC/WPAD) scripts, the separate
WinHTTP proxy (``netsh winhttp``), and NTLM/Kerberos proxy authentication — only Basic, with
the credentials in ``proxy_url``. Loopback addresses never go through a proxy.

The Windows registry is the one OS boundary: :func:`system_config` takes the registry
reader as a parameter, so the Windows path is tested on Linux with a fake one.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import logging
import os
import sys
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

NO_PROXY_VALUES = frozenset({"none", "direct"})

INTERNET_SETTINGS_KEY = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"


@dataclass(frozen=True)
class ProxyConfig:
    """Proxies by URL scheme, the hosts that bypass them, and where this came from."""

    proxies: Mapping[str, str] = field(default_factory=dict)
    bypass: tuple[str, ...] = ()
    source: str = "none"
    """``settings``, ``environment``, ``windows`` or ``none`` (for messages and About)."""

    def proxy_for(self, url: str) -> str | None:
        """The proxy URL for ``url``, or None to connect directly."""
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host or is_loopback(host):
            return None
        proxy = self.proxies.get(parts.scheme.lower())
        if proxy is None or bypassed(host, self.bypass):
            return None
        return proxy


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bypassed(host: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``host`` matches one of ``patterns``: ``*``, ``<local>`` (a name without a
    dot), a CIDR block or address, a wildcard (``*.gov.vn``, ``10.*``) or a domain suffix
    (``gov.vn`` and ``.gov.vn`` both match ``ca.gov.vn`` and ``gov.vn``)."""
    host = host.lower().strip("[]")
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for raw in patterns:
        pattern = raw.strip().lower()
        if not pattern:
            continue
        if pattern == "*":
            return True
        if pattern == "<local>":
            if address is None and "." not in host:
                return True
            continue
        if address is not None:
            try:
                if address in ipaddress.ip_network(pattern, strict=False):
                    return True
                continue
            except ValueError:
                pass
        if any(c in pattern for c in "*?["):
            if fnmatch.fnmatchcase(host, pattern):
                return True
            continue
        domain = pattern.lstrip(".")
        if host == domain or host.endswith("." + domain):
            return True
    return False


def split_list(text: str) -> tuple[str, ...]:
    """``a, b; c`` → ``("a", "b", "c")``: IT writes both separators."""
    return tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())


def with_scheme(address: str) -> str:
    """``proxy:3128`` → ``http://proxy:3128`` (Windows and many ``http_proxy`` values omit
    it; an HTTP proxy is meant)."""
    address = address.strip()
    return address if "://" in address else "http://" + address


def display(proxy: str) -> str:
    """A proxy URL as messages and logs show it: never its password."""
    parts = urllib.parse.urlsplit(proxy)
    host = parts.hostname or proxy
    return f"{host}:{parts.port}" if parts.port else host


# -- where the configuration comes from ----------------------------------------------------


def from_settings(proxy_url: str, proxy_bypass: str = "") -> ProxyConfig | None:
    """The configuration the settings ask for, or None to use the system's."""
    value = proxy_url.strip()
    if not value:
        return None
    if value.lower() in NO_PROXY_VALUES:
        return ProxyConfig(source="settings")
    proxy = with_scheme(value)
    return ProxyConfig({"http": proxy, "https": proxy}, split_list(proxy_bypass), "settings")


def from_environment(environ: Mapping[str, str]) -> ProxyConfig | None:
    """``http_proxy``/``https_proxy``/``no_proxy``; lower case wins, as in curl."""
    proxies: dict[str, str] = {}
    bypass = ""
    for name in sorted(environ, key=lambda n: n.islower()):  # upper case first, lower after
        value = environ[name]
        lowered = name.lower()
        if not value:
            continue
        if lowered in ("http_proxy", "https_proxy"):
            proxies[lowered[: -len("_proxy")]] = with_scheme(value)
        elif lowered == "no_proxy":
            bypass = value
    if not proxies:
        return None
    return ProxyConfig(proxies, split_list(bypass), "environment")


def from_windows(values: Mapping[str, Any]) -> ProxyConfig | None:
    """The WinINet proxy from the ``Internet Settings`` registry values (pure parsing)."""
    if not values.get("ProxyEnable"):
        if values.get("AutoConfigURL"):
            log.info("a PAC script is configured; Kyso does not run PAC: set proxy_url")
        return None
    server = str(values.get("ProxyServer") or "").strip()
    if not server:
        return None
    proxies: dict[str, str] = {}
    if "=" in server:
        # "http=proxy:3128;https=proxy:3129;ftp=…;socks=…"
        for part in server.split(";"):
            scheme, _, address = part.partition("=")
            scheme = scheme.strip().lower()
            if scheme in ("http", "https") and address.strip():
                proxies[scheme] = with_scheme(address)
    else:
        proxies = {"http": with_scheme(server), "https": with_scheme(server)}
    if not proxies:
        return None
    override = str(values.get("ProxyOverride") or "")
    return ProxyConfig(proxies, split_list(override), "windows")


def read_windows_internet_settings() -> dict[str, Any]:
    """The user's WinINet proxy values (the OS boundary; Windows only)."""
    import winreg  # type: ignore[import-not-found,unused-ignore]

    values: dict[str, Any] = {}
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, INTERNET_SETTINGS_KEY) as key:  # type: ignore[attr-defined,unused-ignore]
        for name in ("ProxyEnable", "ProxyServer", "ProxyOverride", "AutoConfigURL"):
            try:
                values[name] = winreg.QueryValueEx(key, name)[0]  # type: ignore[attr-defined,unused-ignore]
            except OSError:
                continue
    return values


def system_config(
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    registry: Callable[[], Mapping[str, Any]] | None = None,
) -> ProxyConfig:
    """The system's proxy: the environment, then (Windows) the registry; else none."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    found = from_environment(environ)
    if found is None and platform == "win32":
        reader = registry or read_windows_internet_settings
        try:
            found = from_windows(reader())
        except OSError as exc:  # no key, no access: no system proxy
            log.info("Windows proxy settings not readable: %s", exc)
    return found or ProxyConfig()


def resolve(
    proxy_url: str = "",
    proxy_bypass: str = "",
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    registry: Callable[[], Mapping[str, Any]] | None = None,
) -> ProxyConfig:
    """The configuration for these settings: theirs if they name one, else the system's."""
    return from_settings(proxy_url, proxy_bypass) or system_config(
        environ=environ, platform=platform, registry=registry
    )


# -- the process-wide choice ---------------------------------------------------------------

_configured: ProxyConfig | None = None


def configure(proxy_url: str = "", proxy_bypass: str = "") -> ProxyConfig:
    """Use these settings for every download of this process (both faces call this when
    they load the settings). Returns the configuration in force."""
    global _configured
    _configured = from_settings(proxy_url, proxy_bypass)
    return current()


def current() -> ProxyConfig:
    """The configuration in force: the settings' if :func:`configure` gave one, else the
    system's as it is now (environment and registry are read each time: cheap, and a
    proxy switched on while Kyso runs is picked up)."""
    return _configured if _configured is not None else system_config()
