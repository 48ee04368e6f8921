"""Search by meaning (experimental, setting `search_meaning`): the embedding model read from its
wheel, vectors beside the index kept in step with writes, and plain words ranked by words and
meaning together while phrases, fields and filters stay exact.

Records are invented sentences built in the test (not document text)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from search_helpers import make_record

from archive import load_settings
from search import SearchIndex, SearchQuery
from search.dense import Embedder, chunks_of
from search.vectors import current, read_manifest


@pytest.fixture(scope="module")
def model() -> Embedder:
    return Embedder()


def test_model_is_read_from_the_installed_package(model: Embedder) -> None:
    vectors = model.embed(["churches destroyed by shelling", "destruction of a church", "tax credits for farms", ""])
    assert vectors.shape == (4, 256)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()  # an empty text has no direction
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_chunks_cover_every_paragraph_in_order() -> None:
    long = " ".join(f"Sentence {i} says something about the matter at hand." for i in range(120))
    record = make_record("2024-01-01-chunks-aaaaaa", ["Short opening.", long, "Closing words."])
    chunks = chunks_of(record)
    assert chunks[0].first == 1 and chunks[-1].last == 3
    assert all(a.last <= b.first for a, b in itertools.pairwise(chunks))
    assert chunks[0].text.startswith("Title of")
    assert max(len(c.text.split()) for c in chunks) < 500  # a long paragraph is cut at sentence ends


RECORDS = [
    make_record("2024-02-01-heritage-aaaaaa", [
        "Soldiers demolished the old monastery and the cemetery beside it.",
        "Villagers said the destruction of the church began in March.",
    ], doc_type="report", topics=[]),
    make_record("2024-02-02-food-bbbbbb", [
        "The siege left families without bread, flour or baby formula for months.",
    ], doc_type="letter", topics=[]),
    make_record("2024-02-03-budget-cccccc", [
        "The committee approved funding for rural broadband and highway repairs.",
    ], doc_type="press_release", topics=[]),
    make_record("2024-02-04-section-dddddd", [
        "The letter asks that Section 907 be enforced without waivers.",
    ], doc_type="letter", topics=[]),
]


@pytest.fixture()
def index(tmp_path: Path) -> SearchIndex:
    settings = load_settings(tmp_path / "data", search_meaning=True)
    ix = SearchIndex(settings)
    ix.rebuild(RECORDS)
    return ix


def _ids(result) -> list[str]:
    return [h.record_id for h in result.hits]


def test_rebuild_writes_vectors_for_every_record(index: SearchIndex) -> None:
    generation = next(p for p in index.root.iterdir() if p.is_dir())
    found = current(generation)
    assert found is not None and read_manifest(generation)
    assert {r.id for r in RECORDS} == set(found.rids)


def test_other_word_forms_are_searched_and_shown(index: SearchIndex) -> None:
    result = index.search(SearchQuery("destroyed monastery"))
    assert result.meaning is not None
    assert "destruction" in result.meaning["also_searched"].get("destroyed", [])
    assert _ids(result)[0] == "2024-02-01-heritage-aaaaaa"
    assert result.hits[0].match == "words"
    plain = index.search(SearchQuery("destroyed monastery", forms=False))
    assert plain.meaning is not None and plain.meaning["also_searched"] == {}


def test_words_that_match_nothing_still_find_by_meaning(index: SearchIndex) -> None:
    result = index.search(SearchQuery("demolished monastery cemetery shelling"))
    assert result.total >= 1 and result.meaning is not None
    assert result.hits[0].record_id == "2024-02-01-heritage-aaaaaa"


def test_phrases_fields_and_filters_stay_exact(index: SearchIndex, tmp_path: Path) -> None:
    off = SearchIndex(load_settings(tmp_path / "data", search_meaning=False))
    for text in ('"Section 907"', "title:monastery", "monastery AND cemetery"):
        on_result, off_result = index.search(SearchQuery(text)), off.search(SearchQuery(text))
        assert on_result.meaning is None
        assert _ids(on_result) == _ids(off_result)
    filtered = index.search(SearchQuery("families without food", doc_type="report"))
    assert all(h.doc_type == "report" for h in filtered.hits)
    assert "2024-02-02-food-bbbbbb" not in _ids(filtered)


def test_setting_off_means_words_only(tmp_path: Path) -> None:
    ix = SearchIndex(load_settings(tmp_path / "data", search_meaning=False))
    ix.rebuild(RECORDS)
    result = ix.search(SearchQuery("destroyed monastery"))
    assert result.meaning is None
    generation = next(p for p in ix.root.iterdir() if p.is_dir())
    assert read_manifest(generation) is None


def test_vectors_follow_upserts_and_deletes(index: SearchIndex) -> None:
    replaced = make_record("2024-02-03-budget-cccccc", [
        "Engineers rebuilt the shelled monastery walls and the church roof.",
    ], doc_type="press_release")
    index.upsert([replaced])
    index.delete(["2024-02-01-heritage-aaaaaa"])
    result = index.search(SearchQuery("monastery church rebuilt after shelling"))
    ids = _ids(result)
    assert "2024-02-01-heritage-aaaaaa" not in ids
    assert ids and ids[0] == "2024-02-03-budget-cccccc"
    generation = next(p for p in index.root.iterdir() if p.is_dir())
    found = current(generation)
    assert found is not None and found.superseded.sum() >= 1  # the old budget rows are left behind


def test_search_page_shows_the_added_forms_and_lets_them_go(tmp_path: Path) -> None:
    from webapp import create_app

    from auth_helpers import create_user, login
    from webapp_fixtures import PASSWORD, clean_settings

    settings = clean_settings(tmp_path / "web", search_meaning=True)
    SearchIndex(settings).rebuild(RECORDS)
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "rita", "reader", PASSWORD)
    client = app.test_client()
    login(client, "rita", PASSWORD)
    page = client.get("/search?q=destroyed+monastery").get_data(as_text=True)
    assert "Also searched:" in page and "destruction" in page and "forms=0" in page
    data = client.get("/api/search?q=destroyed+monastery&forms=0").get_json()
    assert data["meaning"]["also_searched"] == {}
    data = client.get("/api/search?q=demolished+monastery+cemetery+shelling").get_json()
    assert data["hits"] and {h["match"] for h in data["hits"]} <= {"words", "meaning"}


@pytest.mark.parametrize(("word", "form"), [
    ("destroyed", "destruction"), ("demolished", "demolition"), ("expel", "expulsion"),
    ("detained", "detention"), ("starvation", "starve"), ("invaded", "invasion"), ("recognize", "recognition"),
])
def test_derivations_share_a_root(word: str, form: str) -> None:
    from search.wordforms import roots

    assert roots(word) & roots(form)


@pytest.mark.parametrize(("word", "other"), [
    ("torture", "tort"), ("destroyed", "destroyers"), ("churches", "churchill"), ("refuses", "refuted"),
    ("expel", "expend"), ("detained", "detached"),
])
def test_lookalikes_are_not_forms(word: str, other: str, model: Embedder) -> None:
    from search.analysis import text_analyzer
    from search.wordforms import other_forms

    vocabulary = sorted({word, other})
    assert other not in other_forms(word, vocabulary, model, text_analyzer().term)


def _unit_rows(rows: int, seed: int) -> np.ndarray:
    matrix = np.random.default_rng(seed).normal(size=(rows, 256)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_vectors_are_stored_half_size_with_short_vectors_beside(tmp_path: Path) -> None:
    from search import vectors

    generation = tmp_path / "gen"
    matrix = _unit_rows(300, 1)
    name = vectors._write_files(vectors._folder(generation), matrix, [[f"r{i}", 1, 1] for i in range(300)], {"word"})
    vectors.start(generation, [name])
    full = np.load(generation / "dense" / f"seg-{name}.npy")
    low = np.load(generation / "dense" / f"seg-{name}.low.npy")
    assert full.dtype == np.float16 and np.allclose(full, matrix, atol=1e-3)
    assert low.shape == (300, 64) and np.allclose(np.linalg.norm(low, axis=1), 1.0, atol=1e-5)
    found = current(generation)
    assert found is not None and found.rows == 300


def test_nearest_scores_candidates_exactly_and_keeps_to_the_eligible_rows(tmp_path: Path) -> None:
    from search import vectors

    generation = tmp_path / "gen"
    matrix = _unit_rows(400, 2)
    name = vectors._write_files(vectors._folder(generation), matrix[:250], [[f"r{i}", 1, 1] for i in range(250)], set())
    second = vectors._write_files(vectors._folder(generation), matrix[250:], [[f"r{i}", 1, 1] for i in range(250, 400)],
                                  set())
    vectors.start(generation, [name, second])
    found = current(generation)
    assert found is not None
    query = matrix[7] * 0.6 + matrix[300] * 0.8
    query /= np.linalg.norm(query)
    exact = matrix @ query
    rows, scores = found.nearest(query, None, 400)  # every row a candidate: the exact ranking
    assert rows.tolist() == np.argsort(-exact, kind="stable").tolist()[: len(rows)] or np.allclose(
        scores, np.sort(exact)[::-1], atol=2e-3)
    assert np.allclose(scores, exact[rows], atol=2e-3) and list(scores) == sorted(scores, reverse=True)
    rows, _ = found.nearest(query, None, 40)  # the short vectors still find the two near rows
    assert {7, 300} <= set(rows[:2].tolist())
    eligible = np.ones(400, dtype=bool)
    eligible[300] = False
    rows, _ = found.nearest(query, eligible, 40)
    assert 300 not in rows.tolist() and rows[0] == 7


def test_float32_vectors_of_older_builds_are_still_read(tmp_path: Path) -> None:
    from search import vectors

    generation = tmp_path / "gen"
    folder = vectors._folder(generation)
    folder.mkdir(parents=True)
    matrix = _unit_rows(50, 3)
    np.save(folder / "seg-old.npy", matrix)  # float32 and no short vectors: how builds were written before
    (folder / "seg-old.json").write_text(str([[f"r{i}", 1, 1] for i in range(50)]).replace("'", '"'))
    vectors.start(generation, ["old"])
    found = current(generation)
    assert found is not None
    rows, scores = found.nearest(matrix[11], None, 10)
    assert rows[0] == 11 and scores[0] == pytest.approx(1.0, abs=1e-5)


def test_fusion_cut_at_depth_keeps_the_page_exact() -> None:
    from search.dense import rrf

    rng = np.random.default_rng(4)
    for _ in range(50):
        rankings = [rng.permutation(3000)[: rng.integers(1, 3000)] for _ in range(3)]
        weights = [1.0, 1.0, float(rng.uniform(0.5, 2.0))]
        wanted = int(rng.integers(1, 60))
        depth = int(np.ceil(sum(weights) * (60 + wanted)))
        full_items, full_scores = rrf(rankings, 60, None, weights)
        cut_items, cut_scores = rrf(rankings, 60, depth, weights)
        best = full_items[np.argsort(-full_scores, kind="stable")][:wanted]
        kept = dict(zip(cut_items.tolist(), cut_scores.tolist(), strict=True))
        assert all(b in kept for b in best.tolist())
        assert np.allclose([kept[b] for b in best.tolist()], np.sort(full_scores)[::-1][:wanted])
