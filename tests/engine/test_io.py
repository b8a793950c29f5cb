"""Reading tables: CP932 (never Python's shift_jis), BOM, separators, Excel, Parquet, SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tokumei.engine.errors import ErrorCode, InputError
from tokumei.engine.io import detect_encoding, detect_separator, read_table

OFFICE_TEXT = "氏名,住所,備考\n髙橋　一郎,東京都千代田区1-1,㈱山田商店\n山﨑　花子,京都府京都市中京区,連絡先①\n"


def test_python_shift_jis_cannot_even_hold_these_names() -> None:
    # the reason for CP932: Python's shift_jis rejects characters office exports contain
    for ch in ("髙", "﨑", "①", "㈱"):
        with pytest.raises(UnicodeEncodeError):
            ch.encode("shift_jis")
        assert ch.encode("cp932").decode("cp932") == ch


def test_cp932_file_is_detected_and_decoded(tmp_path: Path) -> None:
    path = tmp_path / "office.csv"
    path.write_bytes(OFFICE_TEXT.encode("cp932"))
    frame, source = read_table(path)
    assert source.encoding == "cp932"
    assert frame["氏名"].to_list() == ["髙橋　一郎", "山﨑　花子"]
    assert frame["備考"].to_list() == ["㈱山田商店", "連絡先①"]


@pytest.mark.parametrize("alias", ["shift_jis", "sjis", "Shift-JIS", "ms932", "windows-31j", "cp932"])
def test_every_shift_jis_name_means_cp932(tmp_path: Path, alias: str) -> None:
    path = tmp_path / "office.csv"
    path.write_bytes(OFFICE_TEXT.encode("cp932"))
    frame, source = read_table(path, encoding=alias)
    assert source.encoding == "cp932"
    assert frame["氏名"][0] == "髙橋　一郎"


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + OFFICE_TEXT.encode("utf-8"))
    frame, source = read_table(path)
    assert source.encoding == "utf-8-sig"
    assert frame.columns == ["氏名", "住所", "備考"]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separator_detection(tmp_path: Path, sep: str) -> None:
    text = OFFICE_TEXT.replace(",", sep)
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    frame, source = read_table(path)
    assert source.separator == sep
    assert frame.shape == (2, 3)


def test_separator_detection_respects_quotes() -> None:
    text = 'a;b\n"1,5";2\n"3,5";4\n'
    assert detect_separator(text) == ";"


def test_codes_keep_leading_zeros_and_blanks_are_null(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,v\n000123,\n000124, \n", encoding="utf-8")
    frame, _ = read_table(path)
    assert frame["id"].to_list() == ["000123", "000124"]
    assert frame["v"].to_list() == [None, None]


def test_undecodable_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n1,2\n" + b"\x81\x00\xff\xfe\n")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert info.value.code == ErrorCode.INPUT_ENCODING
    assert "3 行目" in info.value.message
    assert "--encoding" in info.value.message


def test_unknown_encoding_lists_the_allowed_ones(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path, encoding="latin-9")
    assert "cp932" in info.value.message


def test_duplicate_and_empty_headers_are_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,a,\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert info.value.code == ErrorCode.INPUT_DUPLICATE_HEADER
    assert len(info.value.problems) == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(tmp_path / "nope.csv")
    assert info.value.code == ErrorCode.INPUT_NOT_FOUND


def test_detect_encoding_prefers_utf8() -> None:
    assert detect_encoding("髙橋".encode()) == "utf-8"
    assert detect_encoding("髙橋".encode("cp932")) == "cp932"


def test_excel(tmp_path: Path) -> None:
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名簿"
    ws.append(["氏名", "生年月日", "世帯人数"])
    ws.append(["髙橋　一郎", dt.datetime(1980, 4, 1), 3])
    ws.append(["山﨑　花子", dt.date(1990, 1, 2), None])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    frame, source = read_table(path)
    assert source.format == "xlsx"
    assert source.sheet == "名簿"
    assert frame.to_dict(as_series=False) == {
        "氏名": ["髙橋　一郎", "山﨑　花子"],
        "生年月日": ["1980-04-01", "1990-01-02"],
        "世帯人数": ["3", None],
    }


def test_parquet_columns_become_text(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "x.parquet"
    pl.DataFrame({"n": [1, 2], "d": [dt.date(2020, 1, 1), None], "f": [1.0, 2.5]}).write_parquet(path)
    frame, source = read_table(path)
    assert source.format == "parquet"
    assert frame.to_dict(as_series=False) == {"n": ["1", "2"], "d": ["2020-01-01", None], "f": ["1", "2.5"]}


def test_sql_query_on_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    con = sqlite3.connect(db)
    con.execute("create table t (氏名 text, 年齢 integer)")
    con.execute("insert into t values ('髙橋', 40), ('山﨑', null)")
    con.commit()
    con.close()
    frame, source = read_table(f"sqlite:///{db}", query="select * from t order by 年齢 desc")
    assert source.format == "sql"
    assert frame.to_dict(as_series=False) == {"氏名": ["髙橋", "山﨑"], "年齢": ["40", None]}


def test_database_url_without_query_is_refused() -> None:
    with pytest.raises(InputError) as info:
        read_table("sqlite:///x.db")
    assert info.value.code == ErrorCode.INPUT_SQL
