"""The review's background job (django-tasks, run by the database-backed worker): criterion ③'s assessment."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def assess_proposal(review_id: int) -> str:
    return services.execute_assessment(review_id).assessment_state
