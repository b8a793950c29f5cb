"""Root test configuration. Imports nothing of Django: the engine, law and CLI tests also run without it."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tokumei.web.settings.test")
