"""Errors of the JSON API as values: a stable code, a Japanese message for people and an English one for logs,
and, for a refusal of the procedure, every reason the service gave (docs/errors.md, "JSON API")."""

from __future__ import annotations


class ApiError(Exception):
    """Raised by an endpoint; rendered as ``{code, message, message_en[, problems]}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, message_en: str, problems: list[str] | None = None):
        self.status = status
        self.code = code
        self.message = message
        self.message_en = message_en
        self.problems = problems
        super().__init__(message_en)

    def body(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "message": self.message, "message_en": self.message_en}
        if self.problems is not None:
            out["problems"] = self.problems
        return out


def not_found() -> ApiError:
    return ApiError(404, "not_found", "見つかりません。", "Not found.")


def forbidden(message: str = "この操作を行う権限がありません。") -> ApiError:
    return ApiError(403, "forbidden", message, "You may not do this.")


def refused(problems: list[str], code: str = "case.refused") -> ApiError:
    """The service refused the step (wrong state, a repeated transition, a missing precondition): 409."""
    lines = [line for p in problems for line in str(p).splitlines() if line.strip()]
    return ApiError(
        409,
        code,
        lines[0] if lines else "この手続は現在の状態では行えません。",
        "The procedure does not allow this step now (see problems, in Japanese).",
        lines,
    )
