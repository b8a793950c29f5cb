"""Install the database triggers that make the audit table append-only (SQLite and PostgreSQL)."""

from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from tokumei.web.core import triggers

    triggers.install(schema_editor.connection)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    from tokumei.web.core import triggers

    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(install, drop)]
