"""Demo register entries for the five seed organizations, each with a generated personal-information file behind
it (the engine's synthetic generator; cached under DATA_DIR so it is generated once), some selected as proposal
targets with reasons, some not. The entries are invented for the demo and say so in their remarks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl

from tokumei.engine.synthetic import generate, write
from tokumei.law.register import DeterminationInput
from tokumei.web.accounts.models import Department, Organization, User
from tokumei.web.core.audit import Origin

from . import services
from .models import PersonalInformationFile
from .tasks import refresh_subject_count

DEMO_REMARK = "デモ用の架空のファイルです（実在のファイル簿ではありません）。"

# (item name, source column, classification, generalizer, offered levels)
Item = tuple[str, str, str, str, list[str]]

COMMON_ITEMS: list[Item] = [
    ("氏名", "氏名", "direct_identifier", "", []),
    ("性別", "性別", "quasi_identifier", "value", ["value"]),
    ("生年月日", "生年月日", "quasi_identifier", "age", ["band5", "band10"]),
    ("住所", "住所", "quasi_identifier", "address", ["municipality", "prefecture"]),
    ("郵便番号", "郵便番号", "quasi_identifier", "postal", ["digits3"]),
    ("電話番号", "電話番号", "direct_identifier", "", []),
    ("個人番号", "個人番号", "identification_code", "", []),
    ("管理番号", "管理番号", "linking_code", "", []),
]


@dataclass(frozen=True)
class DemoFile:
    org: str
    number: str
    name: str
    purpose: str
    scope: str
    collection: str
    rows: int
    extra_items: list[Item]
    target: bool
    reasons: str
    sensitive: bool = False
    records_per_person: float = 1.0
    withheld: tuple[str, str] | None = None  # (item name, reason)
    seed: int = 0


FILES: list[DemoFile] = [
    DemoFile(
        "kumamoto-city",
        "健-001",
        "特定健康診査受診者ファイル",
        "国民健康保険の被保険者に対する特定健康診査・特定保健指導の実施及び結果の管理のため。",
        "熊本市国民健康保険の被保険者のうち特定健康診査を受診した者",
        "本人からの申込み及び健診機関からの結果報告",
        60_000,
        [
            ("世帯人数", "世帯人数", "quasi_identifier", "value", ["value"]),
            ("職業", "職業", "quasi_identifier", "value", ["value"]),
            ("傷病名", "傷病名", "sensitive", "value", ["value"]),
            ("受診日", "受診日", "quasi_identifier", "date", ["month", "year"]),
        ],
        True,
        "ファイル簿を公表しており、開示請求があれば部分開示となり、健診業務に支障なく加工できるため選定する。",
        sensitive=True,
        records_per_person=1.3,
        seed=11,
    ),
    DemoFile(
        "kumamoto-city",
        "交-003",
        "市営住宅入居者ファイル",
        "市営住宅の入居者の管理及び家賃の算定のため。",
        "市営住宅の入居者及び同居者",
        "入居申込書及び収入申告書",
        8_000,
        [
            ("世帯人数", "世帯人数", "quasi_identifier", "value", ["value"]),
            ("年収", "年収", "sensitive", "value", ["value"]),
        ],
        False,
        "入居者の家賃算定システムの更改中であり、データの抽出に長期間システムを停止する必要があるため、"
        "法第60条第3項第3号を満たさないと判断し、今年度は選定しない。",
        seed=12,
    ),
    DemoFile(
        "isa",
        "在-010",
        "在留資格審査記録ファイル",
        "出入国管理及び難民認定法に基づく在留資格の審査及び在留管理のため。",
        "在留資格の変更・更新の申請をした外国人",
        "申請書及び添付書類",
        120_000,
        [
            ("国籍・地域", "国籍・地域", "quasi_identifier", "value", ["value"]),
            ("在留資格", "在留資格", "quasi_identifier", "value", ["value"]),
            ("申請日", "受診日", "quasi_identifier", "date", ["month", "year"]),
        ],
        True,
        "統計的な研究への活用が見込まれ、ファイル簿を公表し、加工による事務の支障もないため選定する。",
        withheld=(
            "在留資格",
            "審査の着眼点が推認され、出入国管理の事務に支障を及ぼすおそれがある情報を含むため（不開示情報）。",
        ),
        seed=21,
    ),
    DemoFile(
        "isa",
        "在-020",
        "退去強制手続記録ファイル",
        "退去強制手続の実施のため。",
        "退去強制手続の対象となった外国人",
        "違反調査及び審査の記録",
        5_000,
        [],
        False,
        "記録の大部分が犯罪の予防・捜査等に関する不開示情報に該当し、開示請求があっても全部不開示となるため、"
        "法第60条第3項第2号を満たさない。",
        seed=22,
    ),
    DemoFile(
        "nara-police",
        "交-101",
        "交通事故当事者ファイル",
        "交通事故の統計及び交通安全施策の立案のため。",
        "県内で発生した人身交通事故の当事者",
        "交通事故の実況見分及び当事者からの聴取",
        40_000,
        [
            ("事故発生日", "受診日", "quasi_identifier", "date", ["month", "year"]),
            ("職業", "職業", "quasi_identifier", "value", ["value"]),
        ],
        True,
        "交通安全の研究への活用が見込まれ、要件をすべて満たすため選定する。",
        seed=31,
    ),
    DemoFile(
        "fukuoka-police",
        "交-201",
        "運転免許保有者ファイル",
        "運転免許に関する事務（更新・講習の通知等）のため。",
        "県公安委員会の運転免許を受けている者",
        "運転免許申請書及び更新申請書",
        150_000,
        [("職業", "職業", "quasi_identifier", "value", ["value"])],
        True,
        "高齢運転者対策の研究等への活用が見込まれ、要件をすべて満たすため選定する。",
        seed=41,
    ),
    DemoFile(
        "fukuoka-police",
        "生-202",
        "遺失物届出者ファイル",
        "遺失物の返還のため。",
        "遺失届を提出した者",
        "遺失届",
        3_000,
        [],
        False,
        "保有期間が短く、データが随時消去されるため、作成に係る事務負担に比して効用が乏しいと判断し選定しない"
        "（法第60条第3項第3号）。",
        seed=42,
    ),
    DemoFile(
        "legacy-2017",
        "法-301",
        "法人税申告書情報ファイル（個人事業主分）",
        "国税の賦課及び徴収のため。",
        "所得税の確定申告をした個人事業主",
        "確定申告書",
        50_000,
        [("職業", "職業", "quasi_identifier", "value", ["value"]), ("年収", "年収", "sensitive", "value", ["value"])],
        True,
        "平成29年度の提案募集の対象とした（旧法第44条の3の要件を満たすため）。",
        seed=51,
    ),
]

NATIONALITIES = [
    "中国",
    "ベトナム",
    "韓国",
    "フィリピン",
    "ブラジル",
    "ネパール",
    "インドネシア",
    "米国",
    "タイ",
    "台湾",
]
STATUSES = [
    "永住者",
    "技能実習",
    "技術・人文知識・国際業務",
    "留学",
    "特定技能",
    "家族滞在",
    "定住者",
    "日本人の配偶者等",
]


def _data_frame(spec: DemoFile) -> pl.DataFrame:
    frame = generate(spec.rows, seed=spec.seed, records_per_person=spec.records_per_person)
    if spec.org == "isa":
        idx = pl.int_range(0, frame.height, eager=True)
        frame = frame.with_columns(
            pl.Series("国籍・地域", [NATIONALITIES[(i * 7 + spec.seed) % 10 if i % 5 else 0] for i in idx]),
            pl.Series("在留資格", [STATUSES[(i * 3) % 8 if i % 4 else 0] for i in idx]),
        )
    return frame


def data_path(data_dir: Path, spec: DemoFile) -> Path:
    return data_dir / "demo-files" / spec.org / f"{spec.number}.csv"


def ensure_data_file(data_dir: Path, spec: DemoFile) -> Path:
    """Generate the demo data file once (cached under DATA_DIR)."""
    path = data_path(data_dir, spec)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        write(_data_frame(spec), tmp)
        tmp.replace(path)
    return path


def load_register_demo(data_dir: Path, origin: Origin) -> int:
    """Create the demo register entries (idempotent by file name). Returns the number created."""
    created = 0
    for spec in FILES:
        org = Organization.objects.get(profile_id=spec.org)
        if PersonalInformationFile.objects.filter(organization=org, name=spec.name).exists():
            continue
        division = org.departments.filter(kind=Department.Kind.OWNING_DIVISION).order_by("code").first()
        actor = User.objects.filter(organization=org, department=division).order_by("username").first()
        if division is None or actor is None:
            continue
        path = ensure_data_file(data_dir, spec)
        file = services.save_file(
            PersonalInformationFile(
                organization=org,
                division=division,
                register_number=spec.number,
                name=spec.name,
                purpose=spec.purpose,
                subjects_scope=spec.scope,
                collection_method=spec.collection,
                contains_sensitive=spec.sensitive,
                file_type=PersonalInformationFile.FileType.COMPUTER,
                request_office=f"{org.profile.reception_desk.name}",
                remarks=DEMO_REMARK,
                source_kind=PersonalInformationFile.SourceKind.PATH,
                source_path=str(path),
            ),
            actor=actor,
            origin=origin,
        )
        items = [
            services.RecordItemInput(
                name=name,
                source_column=col,
                classification=cls,
                classification_confirmed=True,
                generalizer=gen,
                offered_levels=levels,
                withheld=bool(spec.withheld and spec.withheld[0] == name),
                withheld_reason=spec.withheld[1] if spec.withheld and spec.withheld[0] == name else "",
            )
            for name, col, cls, gen, levels in [*COMMON_ITEMS, *spec.extra_items]
        ]
        services.replace_record_items(file, items, actor=actor, origin=origin)
        sensitive_cols = [col for _, col, cls, _, _ in spec.extra_items if cls == "sensitive"]
        person_key = "管理番号" if spec.records_per_person > 1 else ""
        services.set_policy(
            file,
            services.PolicyInput(
                k=5,
                l_diversity=2 if sensitive_cols else None,
                sensitive_columns=sensitive_cols,
                max_suppression=Decimal("0.02"),
                rare_threshold=None,
                person_key=person_key,
                note="デモ用の仮の値: k=5、削除上限2%。",
            ),
            actor=actor,
            origin=origin,
        )
        fails_2 = "第2号" in spec.reasons
        fails_3 = "第3号" in spec.reasons
        services.determine_proposal_target(
            file,
            DeterminationInput(
                register_published=True,
                disclosable=not fails_2,
                disclosable_reason=spec.reasons if fails_2 else "",
                no_hindrance=not fails_3,
                no_hindrance_reason=spec.reasons if fails_3 else "",
                selected=spec.target,
                reasons=spec.reasons,
            ),
            actor=actor,
            origin=origin,
        )
        refresh_subject_count.call(file.pk, actor.pk)
        created += 1
    return created
