"""The installation's organization profiles: the built-in ones and the YAML files in ``settings.PROFILE_DIR``
(``DATA_DIR/profiles`` or ``TOKUMEI_PROFILE_DIR``; ADR 0011). Everything in the web app that looks a profile up by
id goes through here."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from django.conf import settings

from tokumei.law.organization import OrganizationProfile
from tokumei.profiles import ProfileError, load_all_profiles, load_builtin_profiles

logger = logging.getLogger(__name__)


def installed_profiles() -> dict[str, OrganizationProfile]:
    """Built-in and local profiles keyed by id; :class:`ProfileError` names every bad local file."""
    return load_all_profiles(Path(settings.PROFILE_DIR))


def installed_profile(profile_id: str) -> OrganizationProfile:
    """One organization's profile. A bad local file never takes a built-in organization down: its profile is
    still served (and the problem logged once); a local organization's page shows the error until it is fixed.
    ``KeyError`` when no profile has that id (the file was removed after ``tokumei org sync``)."""
    try:
        return installed_profiles()[profile_id]
    except ProfileError as exc:
        builtins = load_builtin_profiles()
        if profile_id not in builtins:
            raise
        _log_once(str(exc))
        return builtins[profile_id]


@functools.lru_cache(maxsize=16)
def _log_once(message: str) -> None:
    logger.error("この設置のプロファイルに誤りがあります（同梱の機関は動き続けます）: %s", message)
