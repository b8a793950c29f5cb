"""Template context shared by the staff pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def staff_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"current_organization": getattr(user, "organization", None)}
