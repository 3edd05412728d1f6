"""Settings a channel may be read from, and the names code reads them by.

Django: ``django.conf.settings.ORDERS_TOPIC`` is whatever a settings module of the project defines as
``ORDERS_TOPIC``: the rounds read those modules when a channel refers to it, and the renderer looks
it up there (``settings`` first, then ``settings.base``/``common``, then the rest).

oslo.config: ``CONF.topic`` and ``CONF.<group>.topic`` are the default of the option the project
declares as ``cfg.StrOpt("topic", default="volume")`` (the group an option is registered under is not
followed: an option name declared with two different defaults stays unknown).
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


OSLO_CONF = "oslo_config.cfg.CONF."
OPTION_TYPES = frozenset(f"oslo_config.cfg.{name}" for name in (
    "StrOpt", "Opt", "HostAddressOpt", "HostnameOpt", "URIOpt", "IPOpt"))


def option_name(qualname: str) -> str:
    """``oslo_config.cfg.CONF.oslo_messaging.topic`` -> ``topic``: the option a configuration read names."""
    return qualname.rsplit(".", 1)[-1]
