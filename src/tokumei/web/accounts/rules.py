"""Loaded by rules' autodiscovery: registers this app's permissions."""

from . import permissions  # noqa: F401
