"""Column classification: direct identifier, identification code, linking code, quasi-identifier, sensitive, other.

Every column is judged **by its header and by its content**; opaque headers (``col07``) are classified by content
alone. Each result carries its evidence: which detector fired, on what (header or content) and the share of
non-blank values that matched. The categories follow 規則62条:

* ``direct_identifier`` (1号): names in kanji/kana, street-level addresses, phone numbers, e-mail addresses;
* ``identification_code`` (2号, 個人識別符号): My Number (with its check digit), basic pension number, passport,
  driver's licence (check digit), residence card, insurance numbers, 住民票コード …;
* ``linking_code`` (3号): internal IDs, unique or near-unique, that link to other data;
* ``quasi_identifier``: birth date, age, sex, address parts, postal code, occupation, household size …;
* ``sensitive``: illness, income, crime, welfare … (要配慮個人情報 and similar);
* ``other``.

:func:`starting_recipe` turns a profile into a safe first recipe (identifiers deleted, linking codes deleted,
quasi-identifiers coarsened, the rest deleted until someone looks at it).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import polars as pl
import yaml

from tokumei.engine.codes import column_code_matches
from tokumei.engine.hierarchies.address import parse_addresses
from tokumei.engine.hierarchies.dates import parse_date
from tokumei.engine.hierarchies.numbers import parse_numbers
from tokumei.engine.text import normalize_expr

__all__ = [
    "CATEGORIES",
    "ColumnProfile",
    "Evidence",
    "Profile",
    "classify_column",
    "profile_frame",
    "starting_recipe",
    "surnames",
]

Category = Literal["direct_identifier", "identification_code", "linking_code", "quasi_identifier", "sensitive", "other"]
CATEGORIES: tuple[str, ...] = (
    "direct_identifier",
    "identification_code",
    "linking_code",
    "quasi_identifier",
    "sensitive",
    "other",
)
SAMPLE_ROWS = 20_000


@dataclass(frozen=True)
class Evidence:
    detector: str
    source: Literal["header", "content"]
    share: float | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"detector": self.detector, "source": self.source}
        if self.share is not None:
            out["share"] = round(self.share, 4)
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class ColumnProfile:
    name: str
    category: Category
    code_type: str | None
    evidence: list[Evidence] = field(default_factory=list)
    distinct: int = 0
    nulls: int = 0
    kind: str | None = None
    """What the content looks like, used by :func:`starting_recipe`: ``date``, ``age``, ``address``, ``postal``,
    ``sex``, ``number``, ``text`` …"""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "category": self.category,
            "code_type": self.code_type,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Profile:
    rows: int
    columns: list[ColumnProfile]

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "columns": [c.as_dict() for c in self.columns]}

    def by_name(self) -> dict[str, ColumnProfile]:
        return {c.name: c for c in self.columns}


# -- header keywords ------------------------------------------------------------------------------------------------
# (category, code_type or kind, keywords). Matched on the NFKC-normalized, lower-cased header without spaces.
_HEADER_RULES: tuple[tuple[Category, str | None, tuple[str, ...]], ...] = (
    ("identification_code", "my_number", ("個人番号", "マイナンバー", "mynumber", "individualnumber")),
    ("identification_code", "basic_pension_number", ("基礎年金番号", "年金番号", "pensionnumber")),
    ("identification_code", "passport", ("旅券番号", "パスポート", "passport")),
    ("identification_code", "driver_licence", ("免許証番号", "運転免許", "licence", "license")),
    ("identification_code", "residence_card", ("在留カード", "特別永住者証明書", "residencecard")),
    ("identification_code", "resident_record_code", ("住民票コード",)),
    (
        "identification_code",
        "insurance_number",
        ("被保険者番号", "被保険者証", "保険者番号", "記号番号", "被保険者記号", "組合員番号", "加入者番号", "保険証"),
    ),
    ("identification_code", "employment_insurance", ("雇用保険",)),
    ("identification_code", "biometric", ("指紋", "顔認証", "顔特徴", "虹彩", "静脈", "声紋", "dna", "ゲノム", "歩容")),
    ("direct_identifier", "email", ("メール", "mail", "e-mail")),
    ("direct_identifier", "phone", ("電話", "tel", "phone", "携帯", "fax")),
    ("direct_identifier", "name", ("氏名", "名前", "フリガナ", "ふりがな", "カナ氏名", "姓名", "name", "氏", "姓")),
    ("direct_identifier", "address", ("住所", "居所", "所在地", "address", "番地")),
    ("quasi_identifier", "date", ("生年月日", "誕生日", "birth", "dob", "死亡日", "転入日", "転出日", "届出日")),
    ("quasi_identifier", "age", ("年齢", "age", "歳")),
    ("quasi_identifier", "sex", ("性別", "sex", "gender", "男女")),
    ("quasi_identifier", "postal", ("郵便番号", "〒", "zip", "postal", "postcode")),
    (
        "quasi_identifier",
        "address",
        ("都道府県", "市区町村", "市町村", "区町村", "地区", "行政区", "prefecture", "city"),
    ),
    (
        "quasi_identifier",
        None,
        (
            "職業",
            "職種",
            "業種",
            "勤務先",
            "世帯",
            "家族",
            "続柄",
            "国籍",
            "婚姻",
            "配偶者",
            "学歴",
            "occupation",
            "household",
            "nationality",
            "marital",
            "education",
        ),
    ),
    (
        "sensitive",
        None,
        (
            "病名",
            "傷病",
            "疾病",
            "疾患",
            "診断",
            "病歴",
            "既往",
            "障害",
            "障がい",
            "要介護",
            "介護度",
            "所得",
            "収入",
            "年収",
            "給与",
            "税額",
            "課税",
            "資産",
            "犯罪",
            "前科",
            "犯歴",
            "逮捕",
            "被害",
            "宗教",
            "信条",
            "人種",
            "社会的身分",
            "生活保護",
            "disease",
            "diagnosis",
            "illness",
            "income",
            "salary",
            "crime",
            "religion",
        ),
    ),
    (
        "linking_code",
        None,
        ("管理番号", "整理番号", "宛名番号", "受付番号", "識別番号", "識別子", "番号", "コード", "id", "key", "no"),
    ),
)


def _norm_header(name: str) -> str:
    return re.sub(r"[\s_\-・]", "", unicodedata.normalize("NFKC", name).lower())


def _header_match(name: str) -> tuple[Category, str | None, str] | None:
    h = _norm_header(name)
    for category, tag, words in _HEADER_RULES:
        for w in words:
            wn = _norm_header(w)
            if len(wn) <= 3 and wn.isascii():
                # short latin words must be whole tokens: "id", "no", "tel", "age", "sex"
                if re.search(rf"(^|[^a-z]){re.escape(wn)}($|[^a-z])", h):
                    return category, tag, w
            elif wn in ("氏", "姓"):
                if h == wn:
                    return category, tag, w
            elif wn in h:
                return category, tag, w
    return None


# -- content detectors ----------------------------------------------------------------------------------------------
_EMAIL = r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$"
_PHONE = r"^(?:\+81-?|0)\d{1,4}-?\d{1,4}-?\d{3,4}$"
_POSTAL = r"^〒?\d{3}-\d{4}$"
_KANA_NAME = r"^[ァ-ヶー]{1,8} [ァ-ヶー]{1,8}$|^[ぁ-ゖー]{1,8} [ぁ-ゖー]{1,8}$"
_SEX = {"男", "女", "男性", "女性", "m", "f", "male", "female", "その他", "不明"}


@functools.cache
def surnames() -> tuple[tuple[str, str], ...]:
    """Common surnames shipped with the package, as (kanji, katakana) pairs."""
    text = resources.files("tokumei.engine").joinpath("data/surnames.txt").read_text("utf-8")
    out = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kanji, kana = line.split(",")
            out.append((kanji.strip(), kana.strip()))
    return tuple(out)


@functools.cache
def _name_pattern() -> str:
    names = sorted({k for k, _ in surnames()}, key=lambda s: (-len(s), s))
    return "^(?:" + "|".join(re.escape(n) for n in names) + r") ?[\p{Han}\p{Hiragana}\p{Katakana}々ー]{1,4}$"


def _mean(values: pl.Series) -> float:
    """Mean of a boolean/numeric series; 0.0 when empty."""
    value = values.mean()
    return float(value) if isinstance(value, int | float) else 0.0


def _share(values: pl.Series, pattern: str) -> float:
    if values.len() == 0:
        return 0.0
    return _mean(values.str.contains(pattern).fill_null(False))


def _shares(values: pl.Series) -> dict[str, float]:
    """Share of non-blank (normalized) values matching each content detector."""
    n = values.len()
    if n == 0:
        return {}
    out = {
        "email": _share(values, _EMAIL),
        "phone": _share(values.str.replace_all(r"[()\s]", ""), _PHONE),
        "postal": _share(values, _POSTAL),
        "kana_name": _share(values, _KANA_NAME),
        "kanji_name": _share(values, _name_pattern()),
        "sex": _mean(values.str.to_lowercase().is_in(list(_SEX))),
    }
    # dates: parse at most 1,000 distinct candidates (values with a digit), weighted by their frequency
    counts = values.value_counts(name="__n", sort=True).head(1000)
    candidates = counts.filter(pl.col(values.name).str.contains(r"\d"))
    hits = sum(n for v, n in candidates.iter_rows() if parse_date(v) is not None)
    out["date"] = hits / max(1, int(counts["__n"].sum()))
    # every prefecture and municipality name holds a kanji (…都道府県, …市区町村): values without one are never
    # located, so only those with one are parsed (most columns of a file are numbers or codes)
    with_kanji = values.filter(values.str.contains(r"\p{Han}").fill_null(False))
    parsed = parse_addresses(with_kanji)
    located = parsed["prefecture"].is_not_null()
    out["address"] = float(located.sum()) / n
    out["street_address"] = float((located & parsed["street"]).sum()) / n
    nums, _bad = parse_numbers(values)
    out["number"] = _mean(nums.is_not_null())
    out["occupation_vocabulary"], out["occupation"] = _occupation_share(values)
    out["illness"] = _illness_share(values)
    out["household_size"] = _household_share(nums) if out["number"] >= 0.95 else 0.0
    out["income"] = _income_share(values, nums)
    return out


_OCCUPATIONS = frozenset(
    (
        "会社員 公務員 自営業 自営 パート アルバイト パート・アルバイト 派遣社員 契約社員 会社役員 団体職員 無職 学生 "
        "大学生 高校生 主婦 主夫 主婦・主夫 専業主婦 家事従事者 年金生活者 農業 林業 漁業 医師 歯科医師 薬剤師 看護師 "
        "教員 保育士 介護職 介護士 技術者 事務職 販売員 運転手 "
        "管理的職業従事者 専門的・技術的職業従事者 事務従事者 販売従事者 サービス職業従事者 保安職業従事者 "
        "農林漁業従事者 生産工程従事者 輸送・機械運転従事者 建設・採掘従事者 運搬・清掃・包装等従事者 分類不能の職業"
    ).split()
)
"""Common occupations and the major groups of 日本標準職業分類."""
_OCCUPATION_SUFFIX = r"(?:員|師|士|業|従事者|職|手|官)$"
_ILLNESS = r"(?:症|病|炎|がん|癌|腫|瘍|骨折|捻挫|損傷|障害|内障|不全|梗塞|出血|喘息|結石|潰瘍|ヘルニア|痛)$"


def _occupation_share(values: pl.Series) -> tuple[float, float]:
    """(share of values in the occupation vocabulary, share in the vocabulary or with an occupation suffix)."""
    vocab = values.is_in(list(_OCCUPATIONS))
    suffix = values.str.contains(_OCCUPATION_SUFFIX) & ~values.str.contains(r"\d")
    return _mean(vocab), _mean(vocab | suffix)


def _illness_share(values: pl.Series) -> float:
    """Share of short non-numeric values ending like a disease or injury name (症, 病, 炎, がん, 骨折 …)."""
    ok = values.str.contains(_ILLNESS) & ~values.str.contains(r"\d") & (values.str.len_chars() <= 30)
    return _mean(ok)


def _household_share(nums: pl.Series) -> float:
    """Share of integers 1…10 when the column looks like household sizes: no zero, max ≤ 20, a small mode, a rare
    tail at 5 and above reaching 6 or more (ages, Likert scales, months and counts from 0 do not)."""
    present = nums.drop_nulls()
    if present.len() < 20 or not bool((present == present.round(0)).all()):
        return 0.0
    lo, hi = present.min(), present.max()
    if not isinstance(lo, float) or not isinstance(hi, float) or lo < 1 or hi > 20 or hi < 6:
        return 0.0
    mode = present.mode().min()
    tail = _mean(present >= 5)
    if not isinstance(mode, float) or mode > 4 or not 0 < tail <= 0.2:
        return 0.0
    return _mean((present >= 1) & (present <= 10))


def _income_share(values: pl.Series, nums: pl.Series) -> float:
    """Share of non-negative integer yen amounts when the column looks like annual income: median of the positive
    amounts 1,000,000–20,000,000 yen (or 100–2,000 with 万/万円 written), a heavy right tail (max ≥ 3 × median) or
    amounts rounded to thousands of yen, no zero-padded codes. Prices of goods (median below a million yen) are not
    income."""
    man = values.str.contains(r"^\d[\d,]*万円?$")
    if _mean(man) >= 0.5:
        nums = values.str.replace_all(r"[,万円]", "").cast(pl.Float64, strict=False) * 10_000
    present = nums.drop_nulls()
    if present.len() < 20 or _mean(values.str.contains(r"^0\d")) > 0.01:
        return 0.0
    integral = (present >= 0) & (present == present.round(0))
    positive = present.filter(present > 0)
    if positive.len() < 20 or positive.n_unique() < 20:
        return 0.0
    median, top = positive.median(), positive.max()
    if not isinstance(median, float) or not isinstance(top, float):
        return 0.0
    # a long right tail, or amounts rounded to thousands of yen as income records are (年収 in 千円 units)
    rounded = _mean(positive % 1000 == 0)
    if not 1_000_000 <= median <= 20_000_000 or (top < 3 * median and rounded < 0.9):
        return 0.0
    return _mean(integral) * present.len() / values.len()


def _looks_like_id(values: pl.Series) -> bool:
    """Tokens without spaces, of (nearly) constant length or with letters and digits mixed — not measurements."""
    if values.len() == 0:
        return False
    if _mean(values.str.contains(r"\s")) > 0.05:
        return False
    lengths = values.str.len_chars()
    if lengths.max() > 40:  # type: ignore[operator]
        return False
    constant = _mean(lengths == lengths.mode().first()) >= 0.9
    mixed = _mean(values.str.contains(r"^[A-Za-z]+[\-_]?\d+$|^\d+[\-_][A-Za-z0-9]+$")) >= 0.9
    leading_zero = _mean(values.str.contains(r"^0\d+$")) >= 0.5
    return constant or mixed or leading_zero


def classify_column(name: str, values: pl.Series) -> ColumnProfile:
    """Classify one column from its header and (a sample of) its values."""
    raw = values.cast(pl.String)
    nulls = raw.null_count()
    present = pl.DataFrame({"v": raw}).select(normalize_expr(pl.col("v")).alias("v"))["v"].drop_nulls()
    n = present.len()
    distinct = present.n_unique()
    uniqueness = distinct / n if n else 0.0
    evidence: list[Evidence] = []
    header = _header_match(name)
    if header is not None:
        evidence.append(Evidence(f"header:{header[1] or header[0]}", "header", None, f"「{header[2]}」"))

    def result(category: Category, code_type: str | None, kind: str | None = None) -> ColumnProfile:
        return ColumnProfile(name, category, code_type, evidence, distinct, nulls, kind)

    if n == 0:
        evidence.append(Evidence("empty", "content", 0.0, "値がありません"))
        if header is not None:
            return result(header[0], header[1] if header[0] == "identification_code" else None, header[1])
        return result("other", None)

    codes = column_code_matches(present)
    strong = [m for m in codes if m.strong and m.share >= 0.5]
    weak = [m for m in codes if not m.strong and m.share >= 0.8]
    for m in codes:
        evidence.append(Evidence(f"code:{m.code_type}", "content", m.share, m.label))
    shares = _shares(present)
    detectors = ("email", "phone", "kanji_name", "kana_name", "street_address", "address", "date", "postal", "sex")
    for key in (*detectors, "occupation", "illness", "household_size", "income"):
        if shares.get(key, 0.0) >= 0.3:
            evidence.append(Evidence(key, "content", shares[key]))
    evidence.append(Evidence("uniqueness", "content", uniqueness, f"{distinct} distinct of {n}"))

    # 1. identification codes by content (strong formats)
    if strong:
        return result("identification_code", strong[0].code_type)
    # 2. identification codes by header
    if header is not None and header[0] == "identification_code":
        return result("identification_code", header[1])
    # 3. direct identifiers by content
    if shares["email"] >= 0.6:
        return result("direct_identifier", "email")
    if shares["phone"] >= 0.6 and shares["date"] < 0.5:
        return result("direct_identifier", "phone")
    if shares["kanji_name"] + shares["kana_name"] >= 0.6:
        return result("direct_identifier", "name")
    if shares["street_address"] >= 0.5:
        return result("direct_identifier", "street_address", "address")
    # 4. weak (digits-only) code formats on near-unique columns
    if weak and uniqueness >= 0.9:
        return result("identification_code", weak[0].code_type)
    if header is not None:
        category, tag, _ = header
        if category == "direct_identifier":
            if tag == "address" and shares["address"] >= 0.6:
                return result("quasi_identifier", None, "address")
            return result("direct_identifier", tag)
        if category == "linking_code":
            if shares["date"] >= 0.8:
                return result("quasi_identifier", None, "date")
            if uniqueness >= 0.5 or _looks_like_id(present):
                evidence.append(Evidence("id_values", "content", uniqueness, "一意性の高い ID 形式の値"))
                return result("linking_code", None)
        elif category == "quasi_identifier":
            kind = tag
            if kind is None and shares["number"] >= 0.95:
                kind = "number"
            return result("quasi_identifier", None, kind)
        elif category == "sensitive":
            return result("sensitive", None, "number" if shares["number"] >= 0.95 else "category")
    # 5. content-only quasi-identifiers and linking codes
    if shares["date"] >= 0.8:
        return result("quasi_identifier", None, "date")
    if shares["postal"] >= 0.8:
        return result("quasi_identifier", None, "postal")
    if shares["address"] >= 0.6:
        return result("quasi_identifier", None, "address")
    if shares["sex"] >= 0.95:
        return result("quasi_identifier", None, "sex")
    if shares["illness"] >= 0.7:
        return result("sensitive", None, "category")
    if shares["occupation_vocabulary"] >= 0.5 and shares["occupation"] >= 0.8:
        return result("quasi_identifier", None, "text")
    if shares["household_size"] >= 0.95:
        return result("quasi_identifier", None, "number")
    if shares["income"] >= 0.95:
        return result("sensitive", None, "number")
    if uniqueness >= 0.9 and n >= 20 and _looks_like_id(present):
        evidence.append(Evidence("near_unique_id", "content", uniqueness, "ほぼ一意な ID 形式の値"))
        return result("linking_code", None)
    kind = "number" if shares["number"] >= 0.95 else "text"
    return result("other", None, kind)


def profile_frame(frame: pl.DataFrame, *, sample_rows: int = SAMPLE_ROWS, seed: int = 0) -> Profile:
    """Classify every column of a frame (text columns, as :func:`tokumei.engine.io.read_table` returns).

    Content detectors look at a sample of ``sample_rows`` rows (deterministic: ``seed``); the sample keeps the
    result fast on files of millions of rows.
    """
    sample = frame if frame.height <= sample_rows else frame.sample(n=sample_rows, seed=seed)
    cols = [classify_column(name, sample[name]) for name in frame.columns]
    return Profile(frame.height, cols)


def _is_birth(name: str) -> bool:
    h = _norm_header(name)
    return any(w in h for w in ("生年月日", "誕生", "birth", "dob", "生年"))


# -- starting recipe ------------------------------------------------------------------------------------------------
def _numeric_top(values: pl.Series) -> float | None:
    nums, _ = parse_numbers(values)
    nums = nums.drop_nulls()
    if nums.len() < 10:
        return None
    q = nums.quantile(0.95, "nearest")
    return float(q) if q is not None else None


def _plain_number(value: float) -> str:
    """A YAML number as people write it: ``7117000`` (integer yen), ``12.5`` — never ``7.117e+06``."""
    if math.isfinite(value) and value == math.floor(value):
        return str(int(value))
    return repr(value) if "e" not in repr(value) else f"{value:.6f}".rstrip("0").rstrip(".")


def starting_recipe(
    profile: Profile, frame: pl.DataFrame, *, reference: dt.date, k: int = 5, max_suppression: float = 0.05
) -> str:
    """A safe first recipe as commented YAML: identifiers and linking codes deleted, quasi-identifiers coarse,
    sensitive values kept with rare values suppressed, everything unclassified deleted for review."""
    lines = [
        "# tokumei のレシピ（profile が作成した安全側の初期値）。各列を確認し、必要に応じて変更してください。",
        "# A safe starting recipe written by `tokumei profile`; review every column.",
        "version: 1",
        "columns:",
    ]
    has_sensitive = False
    for col in profile.columns:
        key = yaml.safe_dump(col.name, allow_unicode=True).strip().removesuffix("...").strip()
        why = ", ".join(
            f"{e.detector}{'' if e.share is None else f' {e.share:.0%}'}"
            for e in col.evidence
            if e.detector != "uniqueness"
        )
        comment = f"  # {col.category}" + (f" ({col.code_type})" if col.code_type else "") + (f": {why}" if why else "")
        rule: str
        if col.category == "direct_identifier":
            rule = "delete"
            comment += " — 規則62条1号"
        elif col.category == "identification_code":
            rule = "delete"
            comment += " — 規則62条2号"
        elif col.category == "linking_code":
            rule = "delete"
            comment += " — 規則62条3号（本人ごとの連結が必要なら pseudonymize）"
        elif col.category == "quasi_identifier":
            if col.kind == "date" and _is_birth(col.name):
                rule = f"{{generalize: age, level: band10, reference: {reference.isoformat()}, top_code: 90}}"
            elif col.kind == "date":
                rule = "{generalize: date, level: year}"
            elif col.kind == "age":
                rule = f"{{generalize: age, level: band10, reference: {reference.isoformat()}, top_code: 90}}"
            elif col.kind == "address":
                rule = "{generalize: address, level: prefecture}"
            elif col.kind == "postal":
                rule = "{generalize: postal, level: digits3}"
            elif col.kind == "number":
                top = _numeric_top(frame[col.name])
                rule = "{top_code: " + _plain_number(top) + "}" if top else "{keep: quasi}"
            else:
                rule = f"{{keep: quasi, suppress_rare: {k}}}" if col.kind != "sex" else "{keep: quasi}"
        elif col.category == "sensitive":
            has_sensitive = True
            if col.kind == "number":
                top = _numeric_top(frame[col.name])
                rule = (
                    f"{{top_code: {_plain_number(top)}, role: sensitive}}" if top is not None else "{keep: sensitive}"
                )
            else:
                rule = f"{{suppress_rare: {k}, role: sensitive}}"
        else:
            rule = "delete"
            comment += " — 内容を確認し、必要なら keep: other に"
        lines.append(f"  {key}: {rule}{comment}")
    privacy = f"privacy: {{k: {k}, " + ("l: 2, " if has_sensitive else "") + f"max_suppression: {max_suppression}}}"
    lines.append(privacy)
    return "\n".join(lines) + "\n"
