"""Loading, validating and labelling organization profiles (tokumei.profiles → tokumei.law.organization)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tokumei import profiles as loader
from tokumei.law.organization import (
    NUMBERED_DOCUMENTS,
    PLACEHOLDER_LABEL,
    DocumentKind,
    LegalRegime,
    NumberStyle,
    OrganizationKind,
    OrganizationProfile,
    Step,
    solicitation_mandatory,
)
from tokumei.profiles import (
    BUILTIN_PROFILE_IDS,
    ProfileError,
    ProfileErrorCode,
    load_builtin_profiles,
    load_profile,
    load_profile_text,
)

MINIMAL = """\
extends: current-act
id: {id}
name: 静岡県知事
body_name: 静岡県
kind: prefecture
must_solicit: true
reception_desk:
  code: kohokocho
  name: 静岡県経営管理部法務課
  short_name: 法務課
  postal_code: 420-8601
  address: 静岡市葵区追手町9番6号
  phone: 054-221-2111
  email: null
  opening_hours: {{opens: "08:30", closes: "17:15"}}
owning_divisions:
  - {{code: kenko, name: 健康福祉部健康政策課}}
placeholders: [reception_desk]
"""


@pytest.fixture(scope="module")
def builtins() -> dict[str, OrganizationProfile]:
    return load_builtin_profiles()


def test_every_builtin_profile_loads(builtins: dict[str, OrganizationProfile]) -> None:
    assert set(builtins) == set(BUILTIN_PROFILE_IDS)
    for profile_id, profile in builtins.items():
        assert profile.id == profile_id
        assert set(profile.responsibilities) == set(Step)
        assert profile.owning_divisions


def test_profiles_are_frozen(builtins: dict[str, OrganizationProfile]) -> None:
    profile = builtins["kumamoto-city"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.name = "別の名前"  # type: ignore[misc]
    with pytest.raises(TypeError):
        profile.responsibilities[Step.INTAKE] = profile.responsibilities[Step.REVIEW]  # type: ignore[index]


def test_pydantic_models_mirror_the_dataclasses() -> None:
    # every dataclass of tokumei.law.organization has a pydantic twin with exactly the same field names
    pairs = [
        (loader.OrganizationProfileModel, OrganizationProfile),
        (loader.ReceptionDeskModel, loader.ReceptionDesk),
        (loader.OpeningHoursModel, loader.OpeningHours),
        (loader.OwningDivisionModel, loader.OwningDivision),
        (loader.ResponsibilityModel, loader.Responsibility),
        (loader.FormSpecModel, loader.FormSpec),
        (loader.FeeRuleModel, loader.FeeRule),
        (loader.PaymentRuleModel, loader.PaymentRule),
        (loader.StampDutyRuleModel, loader.StampDutyRule),
        (loader.SubmissionRuleModel, loader.SubmissionRule),
        (loader.RequiredDocumentModel, loader.RequiredDocument),
        (loader.RetentionRuleModel, loader.RetentionRule),
        (loader.PublishedSolicitationModel, loader.PublishedSolicitation),
        (loader.ProcedureRulesModel, loader.ProcedureRules),
        (loader.DocumentNumberingModel, loader.DocumentNumbering),
    ]
    for model, dataclass_ in pairs:
        assert set(model.model_fields) == {f.name for f in dataclasses.fields(dataclass_)}, model.__name__


# --- placeholders ------------------------------------------------------------------------------------


def test_placeholders_cover_enclosed_paths(builtins: dict[str, OrganizationProfile]) -> None:
    kumamoto = builtins["kumamoto-city"]
    assert kumamoto.is_placeholder("owning_divisions")
    assert kumamoto.is_placeholder("owning_divisions.0.name")  # covered by the enclosing path
    assert kumamoto.is_placeholder("fees.legal_basis")
    assert kumamoto.placeholder_label("fees.legal_basis") == PLACEHOLDER_LABEL == "デモ用の仮の値"
    assert not kumamoto.is_placeholder("reception_desk.name")
    assert not kumamoto.is_placeholder("reception_desk")
    assert kumamoto.placeholder_label("reception_desk.phone") is None


def test_defaults_placeholders_survive_only_where_the_profile_is_silent(
    builtins: dict[str, OrganizationProfile],
) -> None:
    # Kumamoto sets intake (seed 5(2)) but says nothing about review
    kumamoto = builtins["kumamoto-city"]
    assert not kumamoto.is_placeholder("responsibilities.intake")
    assert kumamoto.is_placeholder("responsibilities.review.performer")
    # Fukuoka sets its retention table (第13), so the defaults' "retention" placeholder is dropped,
    # but the counting start, which the seed does not give, stays marked
    fukuoka = builtins["fukuoka-police"]
    assert not fukuoka.is_placeholder("retention.0.years")
    assert fukuoka.is_placeholder("retention.0.counting_start")
    # Nara sets its own change-notification form (第7号様式)
    assert not builtins["nara-police"].is_placeholder("forms.change_notification")
    assert builtins["isa"].is_placeholder("forms.change_notification")


def test_every_placeholder_names_an_existing_field(builtins: dict[str, OrganizationProfile]) -> None:
    from tokumei.law.organization import path_exists

    for profile in builtins.values():
        for path in profile.placeholders:
            assert path_exists(profile, path), (profile.id, path)


# --- must_solicit (法附則7条) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "regime", "expected"),
    [
        (OrganizationKind.NATIONAL_AGENCY, LegalRegime.CURRENT_ACT, True),
        (OrganizationKind.INCORPORATED_ADMINISTRATIVE_AGENCY, LegalRegime.CURRENT_ACT, True),
        (OrganizationKind.PREFECTURE, LegalRegime.CURRENT_ACT, True),
        (OrganizationKind.PREFECTURAL_POLICE, LegalRegime.CURRENT_ACT, True),
        (OrganizationKind.DESIGNATED_CITY, LegalRegime.CURRENT_ACT, True),
        (OrganizationKind.MUNICIPALITY, LegalRegime.CURRENT_ACT, None),
        (OrganizationKind.LOCAL_INCORPORATED_ADMINISTRATIVE_AGENCY, LegalRegime.CURRENT_ACT, None),
        (OrganizationKind.LEGACY_NATIONAL_AGENCY, LegalRegime.LEGACY_2017, False),
    ],
)
def test_solicitation_mandatory(kind: OrganizationKind, regime: LegalRegime, expected: bool | None) -> None:
    assert solicitation_mandatory(kind, regime) is expected


# --- a new organization needs only a YAML file (issue 11 item 4) --------------------------------------


def test_new_organization_from_yaml_only(tmp_path: Path) -> None:
    path = tmp_path / "shizuoka-pref.yaml"
    path.write_text(MINIMAL.format(id="shizuoka-pref"), encoding="utf-8")
    profile = load_profile(path)
    assert profile.kind is OrganizationKind.PREFECTURE
    assert profile.forms["proposal"].designation == "別記様式第七"  # type: ignore[index]
    assert profile.fees.base_yen == 21000
    assert profile.reception_desk.opening_hours.describe() == "平日 8:30〜17:15（年末年始を除く。）"
    assert profile.is_placeholder("reception_desk.phone")


def test_a_municipality_may_choose_not_to_solicit(tmp_path: Path) -> None:
    text = MINIMAL.format(id="takarazuka-city").replace("kind: prefecture", "kind: municipality")
    text = text.replace("must_solicit: true", "must_solicit: false")
    assert not load_profile_text(text).must_solicit


# --- document numbers (文書番号, issue 6 item 4) ------------------------------------------------------


def test_document_numbers_default_to_demo_prefixes_per_numbered_kind(builtins: dict[str, OrganizationProfile]) -> None:
    kumamoto = builtins["kumamoto-city"].document_numbers
    assert kumamoto.style is NumberStyle.PLAIN
    assert kumamoto.prefix(DocumentKind.SOLICITATION_NOTICE) == "匿提公"
    assert kumamoto.prefix(DocumentKind.PROPOSAL) is None  # the proposer's form carries no number of ours
    assert set(kumamoto.prefixes) == NUMBERED_DOCUMENTS
    # no seed gives a numbering: every current-Act profile shows them as demo values
    for profile_id in ("kumamoto-city", "isa", "nara-police", "fukuoka-police"):
        assert builtins[profile_id].placeholder_label("document_numbers.prefixes.approval_notice") == PLACEHOLDER_LABEL
    # the abolished 2017 rule sends no new notices: no sequence, nothing to label
    assert builtins["legacy-2017"].document_numbers.prefixes == {}


def test_a_profile_sets_its_own_numbering_and_drops_the_placeholder() -> None:
    text = MINIMAL.format(id="shizuoka-pref") + (
        "document_numbers:\n  style: era_year_prefix\n  prefixes:\n    approval_notice: 法務\n"
    )
    numbering = load_profile_text(text).document_numbers
    assert numbering.style is NumberStyle.ERA_YEAR_PREFIX
    assert numbering.prefix(DocumentKind.APPROVAL_NOTICE) == "法務"
    assert numbering.prefix(DocumentKind.REJECTION_NOTICE) == "匿審否"  # mappings merge with the defaults
    assert not load_profile_text(text).is_placeholder("document_numbers.style")


def test_bad_document_numbers_are_refused_with_every_reason() -> None:
    text = MINIMAL.format(id="bad-numbers") + (
        "document_numbers:\n  prefixes:\n    approval_notice: 匿再適\n    rejection_notice: 県 サ\n"
        "    solicitation_notice: 県サ第\n    proposal: 提\n"
    )
    with pytest.raises(ProfileError) as info:
        load_profile_text(text, "bad-numbers.yaml")
    by_field = {p.field: p.message for p in info.value.problems}
    assert "空白と「第」を含めず" in by_field["document_numbers.prefixes.rejection_notice"]
    assert "空白と「第」を含めず" in by_field["document_numbers.prefixes.solicitation_notice"]
    assert "受け取った値: proposal" in by_field["document_numbers.prefixes.proposal"]
    # the approval notice would print the same numbers as the reuse approval notice (default 匿再適)
    assert "匿再適" in by_field["document_numbers.prefixes"]


# --- bad profiles ----------------------------------------------------------------------------------


def test_bad_profile_names_file_fields_and_problems_all_at_once(tmp_path: Path) -> None:
    text = (
        MINIMAL.format(id="bad-one")
        .replace("kind: prefecture", "kind: city")
        .replace("phone: 054-221-2111", "phone: 542212111")
        .replace('opens: "08:30"', "opens: 8:30")
        .replace("must_solicit: true", "must_solicit: true\nmust_solict: true")
    )
    text += "fees:\n  base_yen: -1\n"
    path = tmp_path / "bad-one.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ProfileError) as info:
        load_profile(path)

    error = info.value
    assert error.code is ProfileErrorCode.INVALID
    assert error.file == str(path)
    by_field = {p.field: p.message for p in error.problems}
    assert set(by_field) >= {
        "kind",
        "reception_desk.phone",
        "reception_desk.opening_hours.opens",
        "must_solict",
        "fees.base_yen",
    }
    assert "national_agency" in by_field["kind"]  # lists the allowed values
    assert "文字列" in by_field["reception_desk.phone"]
    assert "引用符" in by_field["reception_desk.opening_hours.opens"]
    assert "綴り" in by_field["must_solict"]
    assert "0以上" in by_field["fees.base_yen"]
    message = str(error)
    assert str(path) in message
    assert f"{len(error.problems)}件の問題" in message
    assert "- kind: 次のいずれかを指定してください" in message


def test_cross_field_problems_are_reported_together(tmp_path: Path) -> None:
    text = MINIMAL.format(id="bad-two").replace("must_solicit: true", "must_solicit: false")
    text = text.replace("placeholders: [reception_desk]", "placeholders: [reception_desk.fax]")
    text += (
        "fees:\n  per_third_party_opinion_yen: 210\n"
        "solicitations:\n"
        "  - {fiscal_year: 2025, notice_date: 2025-12-20, first_day: 2025-12-19, last_day: 2026-01-17}\n"
    )
    with pytest.raises(ProfileError) as info:
        load_profile_text(text, "bad-two.yaml")
    fields = [p.field for p in info.value.problems]
    assert fields == [
        "must_solicit",
        "fees.per_third_party_opinion_yen",
        "solicitations.0.last_day",
        "solicitations.0.notice_date",
        "placeholders",
    ]
    messages = "\n".join(p.message for p in info.value.problems)
    assert "法附則7条" in messages
    assert "旧法44条の8" in messages
    assert "規則53条1項" in messages
    assert "2025-12-19の30日後以降" in messages
    assert "reception_desk.fax" in messages


def test_unknown_step_and_document_keys_are_named(tmp_path: Path) -> None:
    text = MINIMAL.format(id="bad-three") + (
        "responsibilities:\n  intakee: {performer: reception_desk}\n"
        "forms:\n  proposal: {designation: 別記様式第七, title: ''}\n"
    )
    with pytest.raises(ProfileError) as info:
        load_profile_text(text, "bad-three.yaml")
    by_field = {p.field: p.message for p in info.value.problems}
    assert "responsibilities.intakee" in by_field
    assert "定義されていない項目名" in by_field["responsibilities.intakee"]
    assert "forms.proposal.title" in by_field


def test_file_name_must_match_id(tmp_path: Path) -> None:
    path = tmp_path / "other-name.yaml"
    path.write_text(MINIMAL.format(id="shizuoka-pref"), encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.problems[0].field == "id"
    assert "other-name" in str(info.value)


def test_unknown_defaults(tmp_path: Path) -> None:
    text = MINIMAL.format(id="x").replace("extends: current-act", "extends: current-law")
    with pytest.raises(ProfileError) as info:
        load_profile_text(text, "x.yaml")
    assert info.value.problems[0].field == "extends"
    assert "current-act" in info.value.problems[0].message


def test_invalid_yaml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        load_profile_text("id: [unclosed", "broken.yaml")
    assert info.value.code is ProfileErrorCode.INVALID_YAML
    assert "broken.yaml" in str(info.value)
    assert "1行目" in str(info.value)

    with pytest.raises(ProfileError) as info:
        load_profile_text("- just\n- a list\n", "list.yaml")
    assert info.value.code is ProfileErrorCode.INVALID_YAML

    with pytest.raises(ProfileError) as info:
        load_profile(tmp_path / "missing.yaml")
    assert info.value.code is ProfileErrorCode.NOT_FOUND


def test_missing_required_fields_are_all_listed() -> None:
    with pytest.raises(ProfileError) as info:
        load_profile_text("id: only-id\n", "only-id.yaml")
    fields = {p.field for p in info.value.problems}
    assert {"name", "body_name", "kind", "reception_desk", "owning_divisions", "fees"} <= fields
    assert all("必須" in p.message for p in info.value.problems if p.field in {"name", "kind"})


def test_duplicate_ids(tmp_path: Path) -> None:
    one = tmp_path / "a" / "same.yaml"
    two = tmp_path / "b" / "same.yaml"
    for path in (one, two):
        path.parent.mkdir()
        path.write_text(MINIMAL.format(id="same"), encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        loader.load_profiles([one, two])
    assert info.value.code is ProfileErrorCode.DUPLICATE_ID
