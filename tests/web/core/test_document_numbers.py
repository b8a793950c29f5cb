"""Document numbers (文書番号) drawn from the stored sequence per organization, document kind and fiscal year."""

from __future__ import annotations

import dataclasses
import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction

from tokumei.law.organization import DocumentKind, NumberStyle
from tokumei.web.accounts.models import Organization
from tokumei.web.core.document_numbers import DocumentNumberRefused, has_sequence, next_document_number
from tokumei.web.core.models import DocumentNumberCounter

NOTICE = DocumentKind.SOLICITATION_NOTICE


@pytest.mark.django_db
def test_two_numbers_in_a_row_differ_and_increase(orgs) -> None:
    # given Kumamoto City's demo prefix for the notice (匿提公)
    kumamoto = orgs["kumamoto-city"]
    # when two notices of the same fiscal year are numbered
    with transaction.atomic():
        first = next_document_number(kumamoto, NOTICE, date(2025, 12, 19))
    with transaction.atomic():
        second = next_document_number(kumamoto, NOTICE, date(2026, 3, 31))
    # then they differ and increase
    assert (first, second) == ("匿提公第1号", "匿提公第2号")
    counter = DocumentNumberCounter.objects.get(organization=kumamoto, kind=NOTICE.value)
    assert (counter.fiscal_year, counter.last) == (2025, 2)


@pytest.mark.django_db
def test_a_new_fiscal_year_restarts_at_one_and_other_sequences_are_separate(orgs) -> None:
    kumamoto, isa = orgs["kumamoto-city"], orgs["isa"]
    assert next_document_number(kumamoto, NOTICE, date(2026, 3, 31)) == "匿提公第1号"  # FY2025
    assert next_document_number(kumamoto, NOTICE, date(2026, 3, 31)) == "匿提公第2号"
    assert next_document_number(kumamoto, NOTICE, date(2026, 4, 1)) == "匿提公第1号"  # FY2026 restarts
    # another kind and another organization have sequences of their own
    assert next_document_number(kumamoto, DocumentKind.APPROVAL_NOTICE, date(2026, 3, 31)) == "匿審適第1号"
    assert next_document_number(isa, NOTICE, date(2026, 2, 2)) == "匿提公第1号"
    assert DocumentNumberCounter.objects.filter(organization=kumamoto).count() == 3


@pytest.mark.django_db
def test_era_year_style_and_numbers_typed_by_hand_are_skipped(orgs) -> None:
    kumamoto = orgs["kumamoto-city"]
    numbering = dataclasses.replace(kumamoto.profile.document_numbers, style=NumberStyle.ERA_YEAR_PREFIX)
    kumamoto.__dict__["profile"] = dataclasses.replace(kumamoto.profile, document_numbers=numbering)
    typed = {"7匿提公第1号", "7匿提公第2号"}
    assert next_document_number(kumamoto, NOTICE, date(2025, 12, 19), taken=typed.__contains__) == "7匿提公第3号"
    assert next_document_number(kumamoto, NOTICE, date(2019, 5, 1)) == "元匿提公第1号"  # FY2019 = 令和元年度


@pytest.mark.django_db
def test_a_kind_without_prefix_is_refused_in_japanese(orgs) -> None:
    legacy = orgs["legacy-2017"]
    assert not has_sequence(legacy, NOTICE)
    with pytest.raises(DocumentNumberRefused, match=r"記号が定められていない.*文書番号を入力してください"):
        next_document_number(legacy, NOTICE, date(2018, 2, 26))


@pytest.mark.django_db(transaction=True)
def test_concurrent_allotments_never_share_a_number(orgs) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")
    # given one organization whose counter row does not exist yet (its creation is contended too)
    org_id = orgs["kumamoto-city"].pk
    drawn: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def slow_check(number: str) -> bool:
        time.sleep(0.01)  # widen the window between reading the counter and saving it
        return False

    def draw() -> None:
        try:
            org = Organization.objects.get(pk=org_id)
            assert org.profile.document_numbers.prefix(NOTICE)  # load the profile before the race starts
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    drawn.append(next_document_number(org, NOTICE, date(2025, 12, 19), taken=slow_check))
        except Exception as exc:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    # when six sessions draw five numbers each at the same time
    threads = [threading.Thread(target=draw) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then 30 distinct numbers 1..30
    assert not errors, errors
    assert sorted(drawn, key=lambda n: int(n.removeprefix("匿提公第").removesuffix("号"))) == [
        f"匿提公第{n}号" for n in range(1, 31)
    ]
