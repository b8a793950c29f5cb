"""Turning a bound form's errors into Japanese flash messages, for pages that post one form per step and
redirect back (contracts, supervision)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest


def report_form_errors(request: HttpRequest, form: forms.Form) -> None:
    """One message per error, prefixed with the field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
