"""Request hygiene that no view should have to repeat.

`RejectNulMiddleware`: a NUL character (U+0000) is never meaningful in a path, a query parameter or a JSON body, and
PostgreSQL cannot store or compare it in a text column (``DataError``), so such a request is refused up front with
400 and a clear message — in JSON (code, message, message_en) for the API, as a page otherwise. Django's form
fields already refuse NUL in POSTed form data (``ProhibitNullCharactersValidator``); multipart bodies are left to
them so that upload handlers stay configurable per view.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

_NUL = "\x00"
MESSAGE_JA = "入力に使用できない文字（NUL文字）が含まれています。入力内容を確認してください。"
MESSAGE_EN = "The request contains a NUL character, which is not allowed."


def _has_nul(request: HttpRequest) -> bool:
    if _NUL in request.path:
        return True
    for key, values in request.GET.lists():
        if _NUL in key or any(_NUL in v for v in values):
            return True
    if request.content_type == "application/json":
        body = request.body
        if b"\x00" in body or b"\\u0000" in body:
            return True
    return False


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/"):
                body = {"code": "invalid_character", "message": MESSAGE_JA, "message_en": MESSAGE_EN}
                return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
            html = render_to_string("400.html", {"message": MESSAGE_JA}, request=request)
            return HttpResponse(html, status=400, content_type="text/html; charset=utf-8")
        return self.get_response(request)


__all__ = ["MESSAGE_EN", "MESSAGE_JA", "RejectNulMiddleware"]
