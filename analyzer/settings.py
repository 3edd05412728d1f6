"""Django-style settings: the modules that hold a project's settings, and the name code reads them by.

``django.conf.settings.ORDERS_TOPIC`` is whatever a settings module of the project defines as
``ORDERS_TOPIC``: the rounds read those modules when a channel refers to it, and the renderer looks
it up there (``settings`` first, then ``settings.base``/``common``, then the rest).
"""
from __future__ import annotations

DJANGO_SETTINGS = "django.conf.settings."


def is_settings_module(module: str) -> bool:
    return any("settings" in part for part in module.split("."))


def settings_rank(module: str) -> tuple:
    """Look in ``settings`` first, then ``settings.base``/``common``, then the rest (prod, local, ...)."""
    last = module.rsplit(".", 1)[-1]
    order = 0 if last == "settings" else 1 if last in ("base", "common", "defaults", "settings_base") else 2
    return order, module
