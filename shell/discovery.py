"""Finds what each installed app declares for the shell in its ``shell.py``.

The shell names no app: adding an app with a ``shell.py`` to INSTALLED_APPS
is all it takes for its menu entries, homes and panels to appear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps

from schools.models import User
from sendit.lib.shell import HomeClaim, NavItem, Panel

PanelsFn = Callable[[User], list[Panel]]


@dataclass(frozen=True)
class Declarations:
    nav: tuple[NavItem, ...]
    account: tuple[NavItem, ...]
    homes: tuple[HomeClaim, ...]
    sections: dict[str, str]  # app label -> menu section
    panel_sources: tuple[PanelsFn, ...]
    apps: tuple[str, ...]  # the apps that have a shell.py


def _shell_module(app_name: str) -> ModuleType | None:
    name = f"{app_name}.shell"
    try:
        if find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return import_module(name)


@cache
def declarations() -> Declarations:
    nav: list[NavItem] = []
    account: list[NavItem] = []
    homes: list[HomeClaim] = []
    sections: dict[str, str] = {}
    panel_sources: list[PanelsFn] = []
    found: list[str] = []
    for config in apps.get_app_configs():
        module = _shell_module(config.name)
        if module is None:
            continue
        found.append(config.name)
        nav.extend(getattr(module, "NAV", []))
        account.extend(getattr(module, "ACCOUNT", []))
        homes.extend(getattr(module, "HOMES", []))
        if section := getattr(module, "SECTION", None):
            sections[config.label] = section
        if panels := getattr(module, "panels", None):
            panel_sources.append(panels)
    return Declarations(
        nav=tuple(sorted(nav, key=lambda item: item.order)),
        account=tuple(sorted(account, key=lambda item: item.order)),
        homes=tuple(sorted(homes, key=lambda claim: claim.priority)),
        sections=sections,
        panel_sources=tuple(panel_sources),
        apps=tuple(found),
    )


def declared_url_names() -> set[str]:
    """Every URL name some app put in the menu (for links that exist only
    when their app is installed)."""
    found = declarations()
    return {item.url_name for item in (*found.nav, *found.account)}
