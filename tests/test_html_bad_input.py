"""Bad web pages: one clear line each naming the file and the reason, nothing stored, the batch goes on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from archive import Store, load_settings
from ingest import EmptyDocument, IngestError, NotAnArticle, Undecodable, read_document

from paths import DATA, ROOT

HTML = DATA / "html"
EXPECTED = yaml.safe_load((HTML / "expected.yaml").read_text(encoding="utf-8"))
BAD = {name: exp["error"] for name, exp in EXPECTED.items() if "error" in exp}
KINDS = {"NotAnArticle": NotAnArticle, "EmptyDocument": EmptyDocument, "Undecodable": Undecodable}
# words the reason must contain, by error kind
WORDS = {"NotAnArticle": "not an article", "EmptyDocument": "no readable text", "Undecodable": "binary"}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_page_is_one_clear_error(name: str, settings) -> None:
    with pytest.raises(IngestError) as caught:
        read_document(HTML / name, settings)
    err = caught.value
    assert type(err) is KINDS[BAD[name]]
    assert str(err).startswith(f"{err.path}: ") and name in err.path
    assert WORDS[BAD[name]] in err.reason
    assert "\n" not in str(err) and "Traceback" not in str(err)


def test_a_listing_page_says_why(settings) -> None:
    with pytest.raises(NotAnArticle) as caught:
        read_document(HTML / "tag_listing.html", settings)
    assert "listing" in caught.value.reason


def test_a_listing_is_recognised_by_its_teasers_alone(tmp_path: Path, settings) -> None:
    """Without the CMS's body classes, four linked-headline teasers still make a listing."""
    page = (HTML / "tag_listing.html").read_text(encoding="utf-8")
    plain = tmp_path / "listing_plain.html"
    plain.write_text(page.replace('class="archive tag tag-artsakh tag-12"', ""), encoding="utf-8")
    with pytest.raises(NotAnArticle) as caught:
        read_document(plain, settings)
    assert "teasers" in caught.value.reason


def test_random_bytes_in_the_middle_of_a_real_page_are_refused(tmp_path: Path, settings) -> None:
    page = (HTML / "news_site_release.html").read_bytes()
    noise = (HTML / "random_bytes.html").read_bytes()
    spoiled = tmp_path / "spoiled.html"
    spoiled.write_bytes(page[:200] + noise * 4 + page[200:])
    with pytest.raises(Undecodable):
        read_document(spoiled, settings)


def test_batch_with_bad_pages_goes_on_and_stores_only_the_good(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in BAD:
        shutil.copy(HTML / name, folder / name)
    good = ["news_site_release.html", "org_action_alert.html"]
    for name in good:
        shutil.copy(HTML / name, folder / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "webapp.cli", "--data", str(data), "ingest", "--quiet", str(folder)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == len(BAD), errors
    for name, kind in BAD.items():
        line = next(e for e in errors if name in e)
        assert WORDS[kind] in line
    records = list(Store(load_settings(data)))
    assert sorted(Path(r.source.path).name for r in records) == sorted(good)
    originals = [p for p in (data / "originals").rglob("*") if p.is_file()]
    assert len(originals) == len(good)


def test_markup_nested_beyond_reason_is_one_clear_error(tmp_path: Path, settings) -> None:
    article = EXPECTED["news_site_release.html"]["article"][0]
    page = "<html><body>" + "<div>" * 5000 + f"<p>{article}</p>" + "</div>" * 5000 + "</body></html>"
    path = tmp_path / "nested.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        read_document(path, settings)
    assert str(caught.value).startswith(f"{caught.value.path}: ") and "\n" not in str(caught.value)
