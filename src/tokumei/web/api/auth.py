"""Authentication of the staff API: a bearer token (``Authorization: Bearer tkm_…``) stands for its staff user;
reads also accept the logged-in session of the staff UI. Writes take the token only (no ambient credentials, so no
CSRF exposure). Either way the user's organization, roles and department decide what the call may do."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from . import tokens


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.user_for(token)
        if user is None:
            return None
        request.user = user
        return user


token_auth = TokenAuth()
READ_AUTH = [token_auth, django_auth]
WRITE_AUTH = [token_auth]
