"""Builders of test data shared by the web tests."""

from __future__ import annotations

from tokumei.law.register import DeterminationInput
from tokumei.web.register import services
from tokumei.web.register.models import PersonalInformationFile

from .conftest import ORIGIN


def make_file(org, division, actor, name="健康診査ファイル", *, target=True, source_path="", published=True):
    file = services.save_file(
        PersonalInformationFile(
            organization=org,
            division=division,
            name=name,
            purpose="特定健康診査の実施のため。",
            subjects_scope="受診者",
            collection_method="本人からの申込み",
            file_type="computer",
            published=published,
            source_kind="path" if source_path else "",
            source_path=source_path,
        ),
        actor=actor,
        origin=ORIGIN,
    )
    services.replace_record_items(
        file,
        [
            services.RecordItemInput("氏名", source_column="氏名", classification="direct_identifier"),
            services.RecordItemInput("管理番号", source_column="管理番号", classification="linking_code"),
            services.RecordItemInput(
                "住所",
                source_column="住所",
                classification="quasi_identifier",
                generalizer="address",
                offered_levels=["municipality", "prefecture"],
            ),
            services.RecordItemInput(
                "生年月日",
                source_column="生年月日",
                classification="quasi_identifier",
                generalizer="age",
                offered_levels=["band5", "band10"],
            ),
            services.RecordItemInput(
                "傷病名",
                source_column="傷病名",
                classification="sensitive",
                generalizer="value",
                offered_levels=["value"],
                withheld=True,
                withheld_reason="不開示情報を含むため。",
            ),
        ],
        actor=actor,
        origin=ORIGIN,
    )
    if target:
        services.determine_proposal_target(
            file,
            DeterminationInput(True, True, True, True, "要件をすべて満たすため。"),
            actor=actor,
            origin=ORIGIN,
        )
    return file
