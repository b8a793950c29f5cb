"""Database triggers that make the audit table append-only, for SQLite and PostgreSQL.

Used by the migration that installs them. The test suite drops them only around Django's table flush after a
transactional test (tests/web/conftest.py) and re-installs them before the next one.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "core_auditevent"
MESSAGE = "audit log is append-only"

_SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update;", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;"]

_PG_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;""",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update_delete ON {TABLE};",
    f"CREATE TRIGGER {TABLE}_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();",
]
_PG_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update_delete ON {TABLE};"]


def _statements(vendor: str, install: bool) -> list[str]:
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_DROP
    if vendor == "postgresql":
        return _PG_INSTALL if install else _PG_DROP
    msg = f"Append-only audit triggers are defined for sqlite and postgresql, not {vendor!r}."
    raise NotImplementedError(msg)


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=True):
            cursor.execute(sql)


def drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=False):
            cursor.execute(sql)
