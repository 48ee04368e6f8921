"""All settings in one place, read once (`load_settings`) and passed explicitly.

Each setting has an environment variable (EVIDENCE_<NAME>) and may also be set in
`DATA/settings.yaml` as `name: value`. The README's settings table lists every one (a test checks it).

In the code the settings are grouped in one section per package area, each a frozen dataclass:
`settings.ingest`, `settings.ocr`, `settings.search`, `settings.reuse`, `settings.web` and
`settings.auth` (SECTIONS); `data_dir` and `vocab_dir`, which every package needs, are top level. A
setting keeps one name everywhere: the file, the environment variable, the README and the attribute
of its section (`settings.search.search_page_size`). A package reads its own sections
(tests/test_settings.py checks that ingest/ and search/ read no web or auth setting).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"


@dataclass(frozen=True)
class IngestSettings:
    """ingest/: reading files, the PDF guards, topics, and the index batches of an ingest."""

    max_file_mb: float = 50.0
    # Topics: how much weighted evidence makes a topic apply (title and headings weigh more).
    topic_min_score: float = 2.0
    # Weight of a topic term found in the title or a heading (a body paragraph match weighs 1).
    topic_heading_weight: float = 2.0
    # Longer documents need more evidence: the threshold grows with the square root of the length
    # past this many words (a 4,000-word report needs twice the evidence of a 1,000-word release).
    topic_length_words: int = 1000
    # An ambiguous topic term counts only with a context term within this many words of it.
    topic_context_words: int = 40
    # PDFs with more pages than this are refused (a PDF bomb guard).
    pdf_max_pages: int = 2000
    # A PDF stream that decodes past this many MB, whatever its filters, is refused (a decompression bomb guard).
    pdf_max_stream_mb: float = 64.0
    # An image in a PDF with more pixels than this is refused (8000 x 8000 is 64; a 600 dpi page about 35).
    pdf_max_image_megapixels: float = 50.0
    # Ingest of many files: the index is written every this many records or seconds (and at the end).
    ingest_batch_records: int = 1000
    ingest_batch_seconds: float = 30.0
    # Bulk import and distributed ingest: documents sent to a reader in one task, at most this many
    # and this many KB (a larger document is a task of its own; scans travel one by one).
    bulk_task_documents: int = 16
    bulk_task_kb: int = 512
    # Bulk import and distributed ingest: the index segment of this many stored records is built by a
    # reader (a Dask worker) and only listed by the writer (search/bulk.py).
    bulk_segment_records: int = 5000
    # Bulk import and distributed ingest: bring the reuse links of what was stored up to date when the
    # import ends (false: leave them to `evidence reuse --all`; records show "not compared yet" until then).
    bulk_reuse_links: bool = True

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


@dataclass(frozen=True)
class OcrSettings:
    """ingest/ OCR of scanned PDFs and images."""

    ocr_enabled: bool = True
    ocr_languages: str = "eng"
    ocr_max_pages: int = 200


@dataclass(frozen=True)
class SearchSettings:
    """search/ (and the search pages): results, query limits, meaning, index builds."""

    search_page_size: int = 20
    # Passages shown per record before the rest are folded away; snippet length; page cap.
    search_passages_per_record: int = 2
    search_snippet_chars: int = 400
    search_hit_topics: int = 3  # topics shown on a search hit (strongest first); the rest are folded
    search_max_limit: int = 100
    # The longest query accepted (longer ones get a clear refusal), and the work "did you mean" may
    # do (words looked at, seconds spent) before it gives up on a suggestion.
    search_max_query_chars: int = 1000
    search_max_terms: int = 100
    search_max_wildcards: int = 8
    search_max_depth: int = 10
    search_suggest_max_words: int = 8
    search_suggest_budget_s: float = 1.0
    # Search by meaning (experimental): dense vectors beside the index, fused with word matches
    # for plain words; turn on, then run `evidence reindex` once to build the vectors.
    search_meaning: bool = False
    # Index rebuilds: worker processes (0 = one per CPU core) and memory per worker.
    search_build_procs: int = 0
    search_build_limit_mb: int = 128


@dataclass(frozen=True)
class ReuseSettings:
    """search/reuse/: shortest shared passage (words) outside a marked quotation; a passage found in
    more records than this is boilerplate and not linked; share of a record's words that makes it a
    rendition (same_text) of another."""

    reuse_min_words: int = 25
    reuse_max_records: int = 50
    reuse_same_text_share: float = 0.5
    # `evidence reuse --all` (and reindex's links) on an archive of 2,000 records or more: processes
    # reading records and finding passages (0 = one per CPU core; 1 = all in one process).
    reuse_procs: int = 0


@dataclass(frozen=True)
class WebSettings:
    """webapp/ pages and server: upload size, page sizes, the access log, the draft check."""

    max_upload_mb: float = 50.0
    # Timeline and quotes pages: entries shown per page (the chart and JSON twins cover all).
    timeline_page_size: int = 300
    quotes_page_size: int = 50
    # One line per request on stderr under `evidence serve`.
    access_log: bool = True
    # Draft check: the largest letter accepted (file or paste), candidate records per quotation,
    # and the fewest words a quotation needs (shorter ones are scare quotes).
    draft_check_max_mb: float = 2.0
    draft_check_records: int = 20
    draft_check_min_words: int = 4


@dataclass(frozen=True)
class AuthSettings:
    """webapp/auth/: who may read, sign-in limits, sessions."""

    anonymous_read: bool = False
    # Failed sign-ins allowed per account name and per client address within the window.
    login_rate_limit: int = 5
    login_rate_window_s: int = 300
    # Proxies in front of the app whose X-Forwarded-For is trusted for the client's address
    # (0 = ignore the header; set only when the app is reachable through those proxies alone).
    trusted_proxies: int = 0
    password_min_length: int = 10
    session_hours: int = 12
    # Send the session cookie only over HTTPS (turn on behind a TLS proxy).
    session_cookie_secure: bool = False


# Section name (the attribute of Settings) -> its class. A new setting goes into ONE section here.
SECTIONS: dict[str, type] = {
    "ingest": IngestSettings,
    "ocr": OcrSettings,
    "search": SearchSettings,
    "reuse": ReuseSettings,
    "web": WebSettings,
    "auth": AuthSettings,
}


@dataclass(frozen=True)
class Settings:
    """Where the data and vocabularies are, and one section per package area (`settings.search`...)."""

    data_dir: Path = Path("instance")
    # Where the vocabularies live (topics.yaml, aliases.yaml, gazetteer.yaml).
    vocab_dir: Path = DEFAULT_CORPUS
    ingest: IngestSettings = field(default_factory=IngestSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    reuse: ReuseSettings = field(default_factory=ReuseSettings)
    web: WebSettings = field(default_factory=WebSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)

    @property
    def records_dir(self) -> Path:
        return self.data_dir / "records"

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "evidence.sqlite3"

    def replace(self, **values: Any) -> Settings:
        """These settings with some changed, by setting name (`replace(ocr_enabled=False)`)."""
        return _assemble(self, values)

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: say where a setting moved (`settings.ocr_enabled`).
        section = _SECTION_OF.get(name)
        if section:
            raise AttributeError(f"setting {name} is in a section: settings.{section}.{name}")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


_TOP_LEVEL = ("data_dir", "vocab_dir")
_SECTION_OF = {f.name: section for section, cls in SECTIONS.items() for f in dataclasses.fields(cls)}


class SettingsError(ValueError):
    """A setting has a value of the wrong kind; the message names the setting."""


def setting_names() -> list[str]:
    """Every setting's name (as in settings.yaml, EVIDENCE_<NAME> and the README's table)."""
    return [*_TOP_LEVEL, *_SECTION_OF]


def section_of(name: str) -> str | None:
    """The section holding a setting (None for data_dir and vocab_dir, which are top level)."""
    if name not in _SECTION_OF and name not in _TOP_LEVEL:
        raise SettingsError(f"unknown setting {name!r}")
    return _SECTION_OF.get(name)


def _current(settings: Settings, name: str) -> Any:
    section = _SECTION_OF.get(name)
    return getattr(getattr(settings, section) if section else settings, name)


def _coerce(name: str, raw: Any, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if isinstance(default, Path):
            return Path(raw)
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError):
        raise SettingsError(f"setting {name}: {raw!r} is not a valid {type(default).__name__}") from None


def _assemble(base: Settings, values: dict[str, Any]) -> Settings:
    """`base` with `values` (setting name -> raw value, coerced here) put into their sections."""
    top: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {}
    for name, raw in values.items():
        if raw is None:
            continue
        section = section_of(name)  # SettingsError for an unknown name
        value = _coerce(name, raw, _current(base, name))
        if section:
            sections.setdefault(section, {})[name] = value
        else:
            top[name] = value
    for section, changed in sections.items():
        top[section] = dataclasses.replace(getattr(base, section), **changed)
    return dataclasses.replace(base, **top)


def load_settings(data_dir: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults < DATA/settings.yaml < EVIDENCE_* environment < overrides (by name)."""
    env = os.environ
    data = Path(data_dir or env.get("EVIDENCE_DATA") or "instance")
    values: dict[str, Any] = {}
    defaults = Settings(data_dir=data)
    file = data / "settings.yaml"
    if file.is_file():
        try:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise SettingsError(f"{file}: not valid YAML ({exc.__class__.__name__})") from None
        if not isinstance(loaded, dict):
            raise SettingsError(f"{file}: must be a mapping of setting names to values")
        for key, raw in loaded.items():
            if key not in setting_names() or key == "data_dir":
                raise SettingsError(f"{file}: unknown setting {key!r}")
            values[key] = _coerce(key, raw, _current(defaults, key))
    for name in setting_names():
        if name == "data_dir":
            continue
        raw = env.get(f"EVIDENCE_{name.upper()}")
        if raw is not None:
            values[name] = raw
    values.update((name, raw) for name, raw in overrides.items() if raw is not None)
    return _assemble(defaults, values)
