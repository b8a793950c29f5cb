"""An installation's own profiles (ADR 0011): ``load_all_profiles(local_dir)`` = the built-ins + ``<id>.yaml`` files
of one directory, validated all at once, cached while no file changes; no Django."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tokumei import profiles as loader
from tokumei.law.organization import PLACEHOLDER_LABEL, OrganizationKind
from tokumei.profiles import (
    ProfileDirectoryError,
    ProfileError,
    ProfileErrorCode,
    load_all_profiles,
    load_builtin_profiles,
    load_local_profile,
    local_profile_files,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "profiles" / "shizuoka-governor.yaml"


@pytest.fixture
def local_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "profiles"
    directory.mkdir()
    shutil.copy(EXAMPLE, directory / EXAMPLE.name)
    return directory


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _example(**replacements: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


# --- the example: a prefecture's governor, online submission, from YAML only ------------------------------------


def test_the_example_is_a_prefecture_allowing_online_submission() -> None:
    profile = load_local_profile(EXAMPLE)
    assert profile.id == "shizuoka-governor"
    assert (profile.name, profile.body_name) == ("静岡県知事", "静岡県")
    assert profile.kind is OrganizationKind.PREFECTURE
    assert profile.must_solicit
    assert profile.submission.online
    # extends: current-act — the submission mapping merges: only `online` is the file's own
    assert profile.submission.in_person
    assert profile.submission.by_mail
    assert profile.submission.copies == 2
    assert profile.forms["proposal"].designation == "別記様式第七"  # type: ignore[index]


def test_the_example_keeps_the_current_act_fee_and_marks_every_invented_value() -> None:
    profile = load_local_profile(EXAMPLE)
    assert (profile.fees.base_yen, profile.fees.per_started_hour_yen) == (21_000, 3_950)
    for path in (
        "fees.base_yen",
        "fees.per_started_hour_yen",
        "fees.change_fee_yen",
        "fees.legal_basis",
        "reception_desk.name",
        "reception_desk.phone",
        "owning_divisions.0.name",
        "payment.methods",
        "submission.online",
        "local_regulations.0",
        "responsibilities.review",  # from the defaults: the file says nothing about who reviews
    ):
        assert profile.placeholder_label(path) == PLACEHOLDER_LABEL, path
    # the prefecture's public name and its kind are not invented; neither is the Act's form
    for path in ("name", "body_name", "kind", "must_solicit", "forms.proposal"):
        assert profile.placeholder_label(path) is None, path


# --- load_all_profiles -------------------------------------------------------------------------------------------


def test_builtins_and_local_profiles_together(local_dir: Path) -> None:
    builtins = load_builtin_profiles()
    everything = load_all_profiles(local_dir)
    assert set(everything) == {*builtins, "shizuoka-governor"}
    assert everything["kumamoto-city"] == builtins["kumamoto-city"]
    assert everything["shizuoka-governor"] == load_local_profile(EXAMPLE)
    assert "shizuoka-governor" not in load_builtin_profiles()  # the built-ins are not changed


def test_no_directory_means_the_builtins_only(tmp_path: Path) -> None:
    builtins = load_builtin_profiles()
    assert load_all_profiles(None) == builtins
    assert load_all_profiles(tmp_path / "missing") == builtins
    assert local_profile_files(tmp_path / "missing") == []


def test_a_path_that_is_not_a_directory_is_refused(tmp_path: Path) -> None:
    not_a_dir = _write(tmp_path, "profiles", "")
    with pytest.raises(ProfileError) as info:
        load_all_profiles(not_a_dir)
    assert info.value.code is ProfileErrorCode.NOT_FOUND
    assert str(not_a_dir) in str(info.value)
    assert "ディレクトリ" in str(info.value)


def test_only_yaml_files_are_read_and_hidden_ones_skipped(local_dir: Path) -> None:
    _write(local_dir, "README.txt", "not a profile")
    _write(local_dir, ".#shizuoka-governor.yaml", "an editor's lock file")
    (local_dir / "old").mkdir()
    assert [p.name for p in local_profile_files(local_dir)] == ["shizuoka-governor.yaml"]
    assert "shizuoka-governor" in load_all_profiles(local_dir)


def test_a_yml_file_is_read_too(tmp_path: Path) -> None:
    _write(tmp_path, "aichi-governor.yml", _example(**{"id: shizuoka-governor": "id: aichi-governor"}))
    assert load_all_profiles(tmp_path)["aichi-governor"].body_name == "静岡県"


# --- refusals ---------------------------------------------------------------------------------------------------


def test_a_builtin_id_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "kumamoto-city.yaml", _example(**{"id: shizuoka-governor": "id: kumamoto-city"}))
    with pytest.raises(ProfileError) as info:
        load_all_profiles(tmp_path)
    error = info.value
    assert error.code is ProfileErrorCode.DUPLICATE_ID
    assert error.file == str(path)
    assert error.problems[0].field == "id"
    assert "同梱のプロファイルと同じ" in error.problems[0].message
    assert str(path) in str(error)
    with pytest.raises(ProfileError, match="同梱のプロファイルと同じ"):  # org check says the same
        load_local_profile(path)


def test_a_bad_file_names_file_fields_and_problems_and_nothing_is_returned(local_dir: Path) -> None:
    bad = _write(
        local_dir,
        "aichi-governor.yaml",
        _example(
            **{
                "id: shizuoka-governor": "id: aichi-governor",
                "kind: prefecture": "kind: prefectural",
                "must_solicit: true ": "must_solicit: true\nmust_solict: true ",
            }
        ),
    )
    with pytest.raises(ProfileError) as info:
        load_all_profiles(local_dir)
    error = info.value
    assert error.code is ProfileErrorCode.INVALID
    assert error.file == str(bad)
    by_field = {p.field: p.message for p in error.problems}
    assert "prefecture" in by_field["kind"]  # lists the allowed kinds
    assert "綴り" in by_field["must_solict"]
    assert str(bad) in str(error)


def test_every_bad_file_is_reported_at_once(local_dir: Path) -> None:
    one = _write(
        local_dir, "a-pref.yaml", _example(**{"id: shizuoka-governor": "id: a-pref", "kind: prefecture": "kind: ken"})
    )
    two = _write(local_dir, "b-pref.yaml", "id: [unclosed")
    three = _write(local_dir, "isa.yaml", _example(**{"id: shizuoka-governor": "id: isa"}))
    with pytest.raises(ProfileDirectoryError) as info:
        load_all_profiles(local_dir)
    error = info.value
    assert [e.file for e in error.errors] == [str(one), str(two), str(three)]
    assert [e.code for e in error.errors] == [
        ProfileErrorCode.INVALID,
        ProfileErrorCode.INVALID_YAML,
        ProfileErrorCode.DUPLICATE_ID,
    ]
    message = str(error)
    assert message.startswith("3件のプロファイルに問題があります。")
    assert all(str(path) in message for path in (one, two, three))
    assert isinstance(error, ProfileError)  # callers catching ProfileError see it too


def test_the_same_id_in_two_local_files_is_refused(local_dir: Path) -> None:
    _write(local_dir, "shizuoka-governor.yml", EXAMPLE.read_text(encoding="utf-8"))
    with pytest.raises(ProfileError) as info:
        load_all_profiles(local_dir)
    assert info.value.code is ProfileErrorCode.DUPLICATE_ID
    assert "shizuoka-governor.yml" in info.value.file
    assert "重複" in str(info.value)


def test_file_name_must_equal_the_id(tmp_path: Path) -> None:
    _write(tmp_path, "shizuoka.yaml", EXAMPLE.read_text(encoding="utf-8"))
    with pytest.raises(ProfileError) as info:
        load_all_profiles(tmp_path)
    assert info.value.problems[0].field == "id"
    assert "ファイル名「shizuoka」" in str(info.value)


# --- cache ------------------------------------------------------------------------------------------------------


def test_validated_once_and_again_only_when_a_file_changes(local_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = loader.load_profile

    def counting(path: object) -> object:
        calls.append(str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_profile", counting)
    first = load_all_profiles(local_dir)
    second = load_all_profiles(local_dir)
    assert first == second
    assert len(calls) == 1
    path = local_dir / "shizuoka-governor.yaml"
    path.write_text(_example(**{"body_name: 静岡県": "body_name: 静岡県（改）"}), encoding="utf-8")
    assert load_all_profiles(local_dir)["shizuoka-governor"].body_name == "静岡県（改）"
    assert len(calls) == 2
    path.unlink()
    assert "shizuoka-governor" not in load_all_profiles(local_dir)


def test_a_cached_error_is_raised_afresh_each_time(tmp_path: Path) -> None:
    _write(tmp_path, "x-pref.yaml", "id: [unclosed")
    errors = []
    for _ in range(2):
        with pytest.raises(ProfileError) as info:
            load_all_profiles(tmp_path)
        errors.append(info.value)
    assert errors[0] is not errors[1]
    assert str(errors[0]) == str(errors[1])
