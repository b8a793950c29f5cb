"""A member of the public searches the register, opens a file page, and downloads the register as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from tests.web.factories import make_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_search_file_page_and_export(live_server, page, personas) -> None:
    kumamoto = personas["kumamoto_division"]
    nara = personas["nara_division"]
    make_file(kumamoto.organization, kumamoto.department, kumamoto, name="特定健康診査受診者ファイル")
    make_file(nara.organization, nara.department, nara, name="交通事故当事者ファイル")
    make_file(nara.organization, nara.department, nara, name="遺失物届出者ファイル", target=False)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="個人情報ファイル簿").first.click()
    assert page.locator("h1").inner_text() == "個人情報ファイル簿"
    assert page.get_by_role("status").inner_text() == "3 件"

    search = page.get_by_role("search")
    search.get_by_label("機関").select_option(label="奈良県警察")
    search.get_by_label("提案募集の対象のファイルのみ").check()
    search.get_by_role("button", name="検索").click()
    assert page.get_by_role("status").inner_text() == "1 件"
    page.get_by_role("link", name="交通事故当事者ファイル").click()

    assert page.locator("h1").inner_text() == "交通事故当事者ファイル"
    register = page.get_by_role("table", name="個人情報ファイル簿の記載事項")
    assert "奈良県警察本部長" in register.inner_text()
    levels = page.get_by_role("table", name="記録項目ごとに選べる詳細度")
    assert "市町村 ／ 都道府県 ／ 提供を求めない" in levels.inner_text()

    page.go_back()
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV（Shift_JIS/CP932）でダウンロード").click()
    data = open(info.value.path(), "rb").read()
    rows = list(csv.reader(io.StringIO(data.decode("cp932"))))
    assert [r[1] for r in rows[1:]] == ["交通事故当事者ファイル"]  # the export honours the search
