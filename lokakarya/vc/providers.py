"""The registry of provider modules. A provider without configuration is not offered.

Each module named in PROVIDER_MODULES follows lokakarya/vc/provider.py. A module not written yet
is skipped (ModuleNotFoundError for exactly that module), so the registry needs no edit when
bbb.py / jitsi.py appear."""
from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType

PROVIDER_MODULES = ("lokakarya.vc.zoom", "lokakarya.vc.bbb", "lokakarya.vc.jitsi")


def all_providers() -> dict[str, ModuleType]:
    """Every provider module present, by NAME, in the order of PROVIDER_MODULES."""
    found: dict[str, ModuleType] = {}
    for dotted in PROVIDER_MODULES:
        try:
            module = importlib.import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name == dotted:
                continue
            raise
        found[module.NAME] = module
    return found


def available(config: Mapping) -> dict[str, ModuleType]:
    """The configured provider modules by NAME (zoom, bbb, jitsi order)."""
    return {name: m for name, m in all_providers().items() if m.configured(config)}


def get(name: str) -> ModuleType | None:
    return all_providers().get(name)
