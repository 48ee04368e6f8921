"""Dense vectors for search by meaning: a static word-embedding model and what is embedded.

The model is WordLlama's ``l2_supercat_256`` (token embeddings taken from Llama 2, trained for
sentence similarity: 32,000 tokens x 256 dimensions, 16 MB). Its weights and tokenizer ship inside
the ``wordllama`` wheel from PyPI, and are read from there: nothing is downloaded at run time.
A text's vector is the mean of its tokens' vectors, normalised to length 1 (what WordLlama's own
``embed`` computes). We compute it here rather than through ``wordllama.inference``, because
importing that package configures the process's root logger at INFO and takes about a second.

What is embedded: a record as *chunks*, runs of consecutive paragraphs of about ``CHUNK_WORDS``
words (the first with the title), so a long report is not averaged into one vague vector while a
short release stays one chunk. A chunk remembers the paragraphs it covers, for the passage shown.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from archive import Record

log = logging.getLogger(__name__)

MODEL_ID = "wordllama-0.4.0/l2_supercat_256"
DIM = 256
COARSE_DIM = 64  # the model's leading dimensions are trained to be a vector of their own (Matryoshka)
CHUNK_WORDS = 200  # a chunk grows paragraph by paragraph until it holds this many words
_FEW = 16  # texts encoded one by one: the tokenizer's batch call starts threads, slow on a busy machine
_MAX_CHUNK_WORDS = 400  # a paragraph longer than this is cut at sentence ends
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")


class ModelMissing(RuntimeError):
    """The embedding model's files are not installed (search by meaning is then off)."""


def _package_dir() -> Path:
    spec = importlib.util.find_spec("wordllama")  # finds the folder without importing the package
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing("the wordllama package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


class Embedder:
    """Text in, unit vectors out (float32, DIM wide; an empty text gives a zero vector)."""

    def __init__(self) -> None:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        folder = _package_dir()
        tokenizer_file = folder / "tokenizers" / "l2_supercat_tokenizer_config.json"
        weights_file = folder / "weights" / "l2_supercat_256.safetensors"
        if not tokenizer_file.is_file() or not weights_file.is_file():
            raise ModelMissing(f"{folder}: the model's tokenizer or weights file is missing")
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        with safe_open(str(weights_file), framework="np", device="cpu") as fh:
            self.table = np.ascontiguousarray(fh.get_tensor("embedding.weight"), dtype=np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for start in range(0, len(texts), 256):
            batch = texts[start : start + 256]
            encoded = (self.tokenizer.encode_batch(batch, add_special_tokens=False) if len(batch) > _FEW
                       else [self.tokenizer.encode(t, add_special_tokens=False) for t in batch])
            lengths = np.array([len(e.ids) for e in encoded])
            if not lengths.sum():
                continue
            ids = np.concatenate([np.asarray(e.ids, dtype=np.int64) for e in encoded if e.ids])
            np.clip(ids, 0, self.table.shape[0] - 1, out=ids)
            sums = np.add.reduceat(self.table[ids], np.r_[0, np.cumsum(lengths[lengths > 0])[:-1]])
            rows = np.flatnonzero(lengths > 0)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            out[start + rows] = sums / norms
        return out


_EMBEDDER: Embedder | None = None
_EMBEDDER_LOCK = threading.Lock()


def embedder() -> Embedder:
    """The process's model, loaded once (about 0.3 s). Raises ModelMissing."""
    global _EMBEDDER
    with _EMBEDDER_LOCK:
        if _EMBEDDER is None:
            _EMBEDDER = Embedder()
            log.info("embedding model %s loaded", MODEL_ID)
        return _EMBEDDER


@dataclass(frozen=True)
class Chunk:
    first: int  # the number of the first paragraph it covers
    last: int  # and of the last
    text: str


def _pieces(text: str) -> list[str]:
    """A paragraph as pieces of at most about _MAX_CHUNK_WORDS words, cut at sentence ends."""
    if len(text.split()) <= _MAX_CHUNK_WORDS:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in _SENTENCE_END.split(text):
        words = len(sentence.split())
        if current and count + words > CHUNK_WORDS:
            pieces.append(" ".join(current))
            current, count = [], 0
        current.append(sentence)
        count += words
    if current:
        pieces.append(" ".join(current))
    return pieces


def chunks_of(record: Record) -> list[Chunk]:
    """The record's text as chunks of consecutive paragraphs (the title leads the first)."""
    chunks: list[Chunk] = []
    title = (record.title or "").strip("[] ")
    texts: list[str] = [title] if title else []
    first = last = None
    count = len(title.split())
    for para in record.paragraphs:
        if not para.text.strip():
            continue
        for piece in _pieces(para.text):
            if first is None:
                first = para.n
            texts.append(piece)
            last = para.n
            count += len(piece.split())
            if count >= CHUNK_WORDS:
                chunks.append(Chunk(first, last, "\n".join(texts)))
                texts, first, count = [], None, 0
    if texts and first is not None and last is not None:
        chunks.append(Chunk(first, last, "\n".join(texts)))
    elif texts:  # a record with a title and no paragraphs
        chunks.append(Chunk(0, 0, "\n".join(texts)))
    return chunks


_WORD = re.compile(r"[^\W\d_]{3,}")


def words_of(record: Record) -> set[str]:
    """The record's words (lowercased, letters only, three or more): the vocabulary from which
    query words' other forms are drawn."""
    found: set[str] = set()
    for para in record.paragraphs:
        found.update(w.lower() for w in _WORD.findall(para.text))
    found.update(w.lower() for w in _WORD.findall(record.title or ""))
    return found


def similarities(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Each row's dot product with `vector` (cosine similarity for unit vectors), in one thread.

    Not ``matrix @ vector``: that calls OpenBLAS, which spreads even a small product over every
    core and, on a busy machine, waits for them (measured: 48 ms instead of 0.08 ms for 9,500 x 64
    with the two cores loaded); numpy's own loop costs about the same CPU as one BLAS thread."""
    return np.einsum("ij,j->i", matrix, vector)


def rrf(rankings: list[np.ndarray], k: int = 60, depth: int | None = None, weights: list[float] | None = None
        ) -> tuple[np.ndarray, np.ndarray]:
    """Reciprocal rank fusion: each item's sum of weight / (k + rank) over the rankings it is in
    (weights default to 1), as (items, scores) in no particular order.

    With `depth`, only the items within the first `depth` of some ranking are returned (each with
    its exact score): an item past it in every ranking scores at most sum(weights) / (k + depth + 1),
    below the first `wanted` items of any ranking as long as depth >= sum(weights) * (k + wanted),
    so the first `wanted` of the fusion are all returned."""
    weights = weights or [1.0] * len(rankings)
    arrays = [np.asarray(r, dtype=np.int64) for r in rankings]
    heads = [a[:depth] if depth else a for a in arrays]
    items = np.unique(np.concatenate(heads)) if heads else np.zeros(0, np.int64)
    scores = np.zeros(len(items), np.float64)
    if not len(items):
        return items, scores
    size = int(max(a.max() for a in arrays if len(a))) + 1
    for ranking, weight in zip(arrays, weights, strict=True):
        rank = np.zeros(size, np.int64)  # 0: not in this ranking
        rank[ranking] = np.arange(1, len(ranking) + 1)
        mine = rank[items]
        scores += np.where(mine > 0, weight / (k + mine), 0.0)
    return items, scores
