"""CP932 output for delivery: every character CP932 cannot hold is replaced by 〓 and reported, nothing silently."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from tokumei.delivery import report_text, to_cp932


def test_characters_outside_cp932_are_replaced_and_reported() -> None:
    text = "氏名,住所\r\n𠮷田,髙﨑市①\r\n山田,東京😀\r\n"
    data, problems = to_cp932(text)
    decoded = data.decode("cp932")
    assert decoded.splitlines()[1] == "〓田,髙﨑市①"  # 髙﨑① are in CP932 and kept
    assert [(p.row, p.column, p.character, p.code_point) for p in problems] == [
        (1, "氏名", "𠮷", "U+20BB7"),
        (2, "住所", "😀", "U+1F600"),
    ]
    report = report_text(problems)
    assert "該当 2 件" in report
    assert "U+20BB7" in report


def test_plain_text_round_trips_with_no_report() -> None:
    data, problems = to_cp932('a,b\r\n1,"x,y"\r\n')
    assert problems == []
    assert list(csv.reader(io.StringIO(data.decode("cp932")))) == [["a", "b"], ["1", "x,y"]]


@given(st.lists(st.lists(st.text(max_size=6), min_size=2, max_size=2), min_size=1, max_size=5))
def test_output_always_decodes_and_every_replacement_is_reported(rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows([["c1", "c2"], *rows])
    data, problems = to_cp932(buffer.getvalue())
    decoded = data.decode("cp932")  # never raises
    original = buffer.getvalue().count("〓")
    assert decoded.count("〓") == original + len(problems)
