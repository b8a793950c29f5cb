"""The production job (django-tasks, run by the database-backed worker)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def execute_production(run_id: int) -> str:
    return services.execute(run_id).state
