"""Settings: one loader (defaults < DATA/settings.yaml < EVIDENCE_* < overrides), flat names in the
file and the environment, one section per package area in the code, each package reading its own."""

from __future__ import annotations

import dataclasses
import re

import pytest

from archive import SECTIONS, Settings, SettingsError, load_settings, section_of, setting_names

from paths import ROOT


def test_each_setting_lives_in_exactly_one_place():
    names = setting_names()
    assert len(names) == len(set(names))
    in_sections = [f.name for cls in SECTIONS.values() for f in dataclasses.fields(cls)]
    assert sorted([*in_sections, "data_dir", "vocab_dir"]) == sorted(names)
    assert section_of("ocr_languages") == "ocr" and section_of("search_page_size") == "search"
    assert section_of("data_dir") is None
    with pytest.raises(SettingsError, match="nonsense"):
        section_of("nonsense")


def test_file_then_environment_then_overrides(tmp_path, monkeypatch):
    for name in setting_names():
        monkeypatch.delenv(f"EVIDENCE_{name.upper()}", raising=False)
    (tmp_path / "settings.yaml").write_text(
        "ocr_languages: eng+fra\nsearch_page_size: 7\nlogin_rate_limit: 9\nanonymous_read: yes\n", encoding="utf-8")
    monkeypatch.setenv("EVIDENCE_SEARCH_PAGE_SIZE", "11")
    settings = load_settings(tmp_path, login_rate_limit=3)
    assert settings.data_dir == tmp_path
    assert settings.ocr.ocr_languages == "eng+fra"  # the file
    assert settings.search.search_page_size == 11  # the environment wins over the file
    assert settings.auth.login_rate_limit == 3  # an override wins over both
    assert settings.auth.anonymous_read is True
    assert settings.ingest == Settings().ingest  # untouched sections keep their defaults


@pytest.mark.parametrize(("text", "message"), [
    ("no_such_setting: 1\n", "unknown setting 'no_such_setting'"),
    ("data_dir: /elsewhere\n", "unknown setting 'data_dir'"),
    ("max_file_mb: lots\n", "setting max_file_mb: 'lots' is not a valid float"),
    ("ocr_enabled: maybe\n", "setting ocr_enabled"),
    ("- a list\n", "must be a mapping"),
])
def test_a_wrong_settings_file_is_refused_by_name(tmp_path, monkeypatch, text, message):
    for name in setting_names():
        monkeypatch.delenv(f"EVIDENCE_{name.upper()}", raising=False)
    (tmp_path / "settings.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(tmp_path)


def test_a_wrong_environment_value_and_an_unknown_override_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_SEARCH_MAX_TERMS", "many")
    with pytest.raises(SettingsError, match="search_max_terms"):
        load_settings(tmp_path)
    monkeypatch.delenv("EVIDENCE_SEARCH_MAX_TERMS")
    with pytest.raises(SettingsError, match="unknown setting 'serach_page_size'"):
        load_settings(tmp_path, serach_page_size=5)


def test_replace_changes_settings_by_name_and_keeps_the_rest(tmp_path):
    settings = load_settings(tmp_path, ocr_enabled=False)
    changed = settings.replace(ingest_batch_records="2", session_hours=1)
    assert changed.ingest.ingest_batch_records == 2 and changed.auth.session_hours == 1
    assert changed.ocr.ocr_enabled is False and changed.data_dir == tmp_path
    assert settings.ingest.ingest_batch_records == 1000  # frozen: the original is unchanged
    with pytest.raises(SettingsError, match="pdf_max_pages"):
        settings.replace(pdf_max_pages="all")


def test_a_setting_read_outside_its_section_says_where_it_is():
    with pytest.raises(AttributeError, match=r"settings\.ocr\.ocr_enabled"):
        Settings().ocr_enabled  # noqa: B018


# Sections each package may read: a package's code reads its own, never the web or accounts' settings.
READS = {"archive": set(), "ingest": {"ingest", "ocr"}, "search": {"search", "reuse"}}
_SECTION_READ = re.compile(r"settings(?:\(\))?\.(" + "|".join(SECTIONS) + r")\.")


def test_ingest_and_search_read_only_their_own_sections():
    wrong = []
    for package, allowed in READS.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "archive" / "settings.py":  # where the sections are defined
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                wrong += [f"{path.relative_to(ROOT)}:{n}: settings.{m}" for m in _SECTION_READ.findall(line)
                          if m not in allowed]
    assert not wrong, "\n".join(wrong)


def test_the_readme_names_the_section_of_every_setting():
    """README's paragraph on sections: `settings.S` (`name`, `prefix_*`, ...) covers each setting of S."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = {m.group(1): re.findall(r"`([a-z_]+\*?)`", m.group(2))
              for m in re.finditer(r"`settings\.(\w+)` \(([^)]*)\)", text)}
    assert set(listed) == set(SECTIONS), f"README lists the sections {sorted(listed)}"
    missing = [f"{name} (settings.{section})" for section, cls in SECTIONS.items()
               for name in (f.name for f in dataclasses.fields(cls))
               if not any(name == p or (p.endswith("*") and name.startswith(p[:-1])) for p in listed[section])]
    assert not missing, f"README's paragraph on setting sections does not cover {missing}"
