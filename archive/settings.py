"""All settings in one place, read once and passed explicitly.

Each setting has an environment variable (EVIDENCE_<NAME>) and may also be set in
`DATA/settings.yaml`. The README's settings table lists every one (a test checks it).
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
class Settings:
    data_dir: Path = Path("instance")
    # Where the vocabularies live (topics.yaml, aliases.yaml, gazetteer.yaml).
    vocab_dir: Path = DEFAULT_CORPUS
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
    # OCR for scanned PDFs and images.
    ocr_enabled: bool = True
    ocr_languages: str = "eng"
    ocr_max_pages: int = 200
    # PDFs with more pages than this are refused (a PDF bomb guard).
    pdf_max_pages: int = 2000
    # A PDF stream that decodes past this many MB, whatever its filters, is refused (a decompression bomb guard).
    pdf_max_stream_mb: float = 64.0
    # An image in a PDF with more pixels than this is refused (8000 x 8000 is 64; a 600 dpi page about 35).
    pdf_max_image_megapixels: float = 50.0
    # Web app.
    anonymous_read: bool = False
    search_page_size: int = 20
    max_upload_mb: float = 50.0
    # Timeline and quotes pages: entries shown per page (the chart and JSON twins cover all).
    timeline_page_size: int = 300
    quotes_page_size: int = 50
    # Accounts: failed sign-ins allowed per account name and per client address within the window.
    login_rate_limit: int = 5
    login_rate_window_s: int = 300
    # Proxies in front of the app whose X-Forwarded-For is trusted for the client's address
    # (0 = ignore the header; set only when the app is reachable through those proxies alone).
    trusted_proxies: int = 0
    password_min_length: int = 10
    session_hours: int = 12
    # Send the session cookie only over HTTPS (turn on behind a TLS proxy).
    session_cookie_secure: bool = False
    # Search: passages shown per record before the rest are folded away; snippet length; page cap.
    search_passages_per_record: int = 2
    search_snippet_chars: int = 400
    search_hit_topics: int = 3  # topics shown on a search hit (strongest first); the rest are folded
    search_max_limit: int = 100
    # Search: the longest query accepted (longer ones get a clear refusal), and the work "did you
    # mean" may do (words looked at, seconds spent) before it gives up on a suggestion.
    search_max_query_chars: int = 1000
    search_max_terms: int = 100
    search_max_wildcards: int = 8
    search_max_depth: int = 10
    search_suggest_max_words: int = 8
    search_suggest_budget_s: float = 1.0
    # Web server: one line per request on stderr under `evidence serve`.
    access_log: bool = True
    # Search by meaning (experimental): dense vectors beside the index, fused with word matches
    # for plain words; turn on, then run `evidence reindex` once to build the vectors.
    search_meaning: bool = False
    # Search index rebuilds: worker processes (0 = one per CPU core) and memory per worker.
    search_build_procs: int = 0
    search_build_limit_mb: int = 128
    # Ingest of many files: the index is written every this many records or seconds (and at the end).
    ingest_batch_records: int = 1000
    ingest_batch_seconds: float = 30.0
    # Bulk import and distributed ingest (issue 18): documents sent to a reader in one task, at most this
    # many and this many KB (a larger document is a task of its own; scans travel one by one).
    bulk_task_documents: int = 16
    bulk_task_kb: int = 512
    # Draft check: the largest letter accepted (file or paste), candidate records per quotation,
    # and the fewest words a quotation needs (shorter ones are scare quotes).
    draft_check_max_mb: float = 2.0
    draft_check_records: int = 20
    draft_check_min_words: int = 4
    # Reuse links: shortest shared passage (words) outside a marked quotation; a passage found in more
    # records than this is boilerplate and not linked; share of a record's words that makes it a
    # rendition (same_text) of another.
    reuse_min_words: int = 25
    reuse_max_records: int = 50
    reuse_same_text_share: float = 0.5
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

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


class SettingsError(ValueError):
    """A setting has a value of the wrong kind; the message names the setting."""


def setting_names() -> list[str]:
    return [f.name for f in dataclasses.fields(Settings) if f.name != "extra"]


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


def load_settings(data_dir: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults < DATA/settings.yaml < EVIDENCE_* environment < overrides."""
    env = os.environ
    data = Path(data_dir or env.get("EVIDENCE_DATA") or "instance")
    values: dict[str, Any] = {}
    defaults = Settings()
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
            values[key] = _coerce(key, raw, getattr(defaults, key))
    for name in setting_names():
        if name == "data_dir":
            continue
        raw = env.get(f"EVIDENCE_{name.upper()}")
        if raw is not None:
            values[name] = _coerce(name, raw, getattr(defaults, name))
    for name, raw in overrides.items():
        if raw is not None:
            values[name] = _coerce(name, raw, getattr(defaults, name))
    return Settings(data_dir=data, **values)
