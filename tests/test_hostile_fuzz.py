"""Property tests: random bytes and mutated real files, fed to every registered ingestor.

The only outcomes allowed are a result (an Extracted from an ingestor, a Record from the
pipeline) or an ingest.IngestError subclass naming the file. Anything else would reach the
user as a traceback (or, in the web app, a 500).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import ingest
from archive import Record, load_settings
from ingest import Extracted, IngestError, build_record, detect_media_type

DATA = Path(__file__).resolve().parent / "data"
MEDIA_TYPES = sorted(ingest.registered())
IMAGE_TYPES = {m for m in MEDIA_TYPES if m.startswith("image/")}
_MAX_SEED_BYTES = 160_000
# Magic prefixes, so random bytes also reach the ingestors behind content sniffing.
_PREFIXES = [b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"MM\x00*", b"PK\x03\x04",
             b"<!doctype html><html><body><p>", b"\xef\xbb\xbf", b"\xff\xfe", b"# "]

FUZZ = hsettings(max_examples=25, deadline=None, database=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])



@pytest.fixture(scope="module")
def fuzz_settings(tmp_path_factory):
    """OCR off: a mutated PDF that loses its text layer would otherwise spend seconds in tesseract."""
    return load_settings(tmp_path_factory.mktemp("fuzz-data"), ocr_enabled=False)


@pytest.fixture(scope="module")
def ocr_settings(tmp_path_factory):
    return load_settings(tmp_path_factory.mktemp("fuzz-ocr-data"))


_SEEDS_PER_TYPE = 2
# Already-broken files teach little when broken further; the hostile folder's xss.* files are well formed.
_BROKEN_WORDS = ("random", "corrupt", "truncat", "broken", "bomb", "encrypt", "garbage", "owner", "scan", "blank")


def _seed_files() -> dict[str, list[Path]]:
    """Real test files from tests/data (small, well-formed ones first), grouped by media type."""
    seeds: dict[str, list[Path]] = {}
    for path in sorted(DATA.rglob("*"), key=lambda p: (p.stat().st_size if p.is_file() else 0, str(p))):
        if not path.is_file() or path.suffix in (".py", ".yaml", ".yml", ".json", ".csv"):
            continue
        if "bad" in path.parts or ("hostile" in path.parts and not path.name.startswith("xss")):
            continue
        if any(word in path.name for word in _BROKEN_WORDS):
            continue
        data = path.read_bytes()
        if not data or len(data) > _MAX_SEED_BYTES:
            continue
        try:
            media = detect_media_type(data, path.name)
        except IngestError:
            continue
        if media in MEDIA_TYPES and len(seeds.setdefault(media, [])) < _SEEDS_PER_TYPE:
            seeds[media].append(path)
    return seeds


SEEDS = _seed_files()


def _assert_contract(call, shown: str):
    try:
        result = call()
    except IngestError as exc:
        assert exc.path == shown, f"the error names {exc.path!r}, not the file {shown!r}"
        assert exc.reason.strip(), "an ingest error without a reason"
        return exc
    assert isinstance(result, Extracted | Record)
    return result


@pytest.mark.parametrize("media", MEDIA_TYPES)
def test_random_bytes_give_a_result_or_an_ingest_error(media, fuzz_settings):
    ingestor = ingest.registered()[media].ingestor
    shown = "fuzz/random." + (ingest.registered()[media].extensions or ("bin",))[0]

    @FUZZ
    @given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=4096))
    def check(prefix: bytes, body: bytes) -> None:
        _assert_contract(lambda: ingestor(prefix + body, shown, fuzz_settings), shown)

    check()


def test_random_bytes_through_the_pipeline(fuzz_settings):
    @FUZZ
    @given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=4096),
           ext=st.sampled_from(["txt", "html", "pdf", "docx", "md", "png", "bin", ""]))
    def check(prefix: bytes, body: bytes, ext: str) -> None:
        shown = f"fuzz/random.{ext}" if ext else "fuzz/random"
        _assert_contract(lambda: build_record(prefix + body, shown, fuzz_settings), shown)

    check()


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """A real file with a few byte-level changes: flips, cut ranges, inserted junk, truncation."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate", "duplicate"]))
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        if kind == "flip":
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del out[at:at + draw(st.integers(1, 512))]
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "truncate":
            del out[at:]
        else:
            end = min(len(out), at + draw(st.integers(1, 256)))
            out[at:at] = out[at:end]
    return bytes(out)


def _seed_params():
    params = []
    for media in MEDIA_TYPES:
        for path in SEEDS.get(media, []):
            params.append(pytest.param(media, path, id=f"{media.split('/')[-1][:20]}-{path.name}"))
    return params


@pytest.mark.parametrize(("media", "seed"), _seed_params())
def test_mutated_real_files_give_a_record_or_an_ingest_error(media, seed, fuzz_settings, ocr_settings):
    original = seed.read_bytes()
    ingestor = ingest.registered()[media].ingestor
    shown = f"fuzz/{seed.name}"
    is_image = media in IMAGE_TYPES
    settings = ocr_settings if is_image else fuzz_settings
    examples = 3 if is_image else 12  # a mutated image that still decodes goes through OCR (seconds)

    @hsettings(FUZZ, max_examples=examples)
    @given(data=mutated(original))
    def check(data: bytes) -> None:
        _assert_contract(lambda: ingestor(data, shown, settings), shown)
        _assert_contract(lambda: build_record(data, shown, settings), shown)

    check()


def test_every_ingestor_has_a_real_seed_file():
    """The mutation test above covers each registered type with at least one real file."""
    missing = [m for m in MEDIA_TYPES if not SEEDS.get(m)]
    assert not missing, f"no test file in tests/data for: {missing}"
