"""Background jobs of the register: counting the subjects (persons, not rows) of a file from its data."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from tokumei.engine.errors import InputError
from tokumei.web.accounts.models import User
from tokumei.web.core.audit import Origin, record_event

from .counting import count_subjects
from .models import PersonalInformationFile


@task()
def refresh_subject_count(file_id: int, actor_id: int) -> dict[str, object]:
    """Read the file's data source, count distinct persons (by the policy's person key, else rows), record it.

    Only counts and the error message are logged — never a value of the data.
    """
    file = PersonalInformationFile.objects.select_related("organization").get(pk=file_id)
    actor = User.objects.get(pk=actor_id)
    origin = Origin.command("refresh_subject_count")
    policy = file.current_policy
    person_key = policy.person_key if policy else ""
    try:
        subjects, rows = count_subjects(file, person_key)
    except InputError as exc:
        record_event(
            "register.subject_count_failed",
            actor=actor,
            origin=origin,
            organization=file.organization,
            target=file,
            summary=f"「{file.name}」の本人の数を確認できませんでした: {exc.message}",
            details={"code": str(exc.code)},
        )
        return {"ok": False, "error": exc.message}
    with transaction.atomic():
        locked = PersonalInformationFile.objects.select_for_update().get(pk=file_id)
        locked.subject_count = subjects
        locked.subject_count_rows = rows
        locked.subject_count_at = timezone.now()
        locked.save(update_fields=["subject_count", "subject_count_rows", "subject_count_at", "updated_at"])
        record_event(
            "register.subject_count_refreshed",
            actor=actor,
            origin=origin,
            organization=locked.organization,
            target=locked,
            summary=f"「{locked.name}」の本人の数を確認しました: {subjects:,} 人（{rows:,} レコード）。",
            details={"subjects": subjects, "rows": rows, "person_key": person_key or None},
        )
    return {"ok": True, "subjects": subjects, "rows": rows}
