"""Lay out the gold set's documents as a user would have them: files with sidecars.

`documents.yaml` lists the gold documents: files of the shipped `corpus/` by path, and press releases
of `../shared/corpus-large/` by line number (their text is read from there, never copied into the
project). `materialize(dest)` writes the releases as `NAME.txt` with a `NAME.meta.yaml` sidecar
giving what a collector would know (date, the member's office, the document type) and copies the
corpus files with their sidecars, and returns {gold id: path}. Releases are skipped (and left out of
the result) when the large corpus is absent.

The first 28 releases were drawn with `random.Random(20261203).sample(range(104951), 28)`, and a second
draw of 21 (`draw: 2`) with `random.Random(20261214).sample(range(104951), 21)`, and a third of 16
(`draw: 3`) with `random.Random(20261206).sample(range(104951), 16)`, and a fourth of 20 (`draw: 4`)
with `random.Random(20261221).sample(range(104951), 20)`, a fifth of 20 (`draw: 5`) with
`random.Random(20261222).sample(range(104951), 20)`, a sixth of 22 (`draw: 6`) with
`random.Random(20261251).sample(range(104951), 22)`, and a seventh of 20 (`draw: 7`) with
`random.Random(20261252).sample(range(104951), 20)`, none chosen by how the rules do on them.
`part: heldout` marks the part set aside while tuning (every third document of the first two draws
in this file's order, and the whole third to seventh draws).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
LARGE = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"


def documents() -> list[dict]:
    return yaml.safe_load((HERE / "documents.yaml").read_text(encoding="utf-8"))["documents"]


def _release_lines(wanted: set[int]) -> dict[int, dict]:
    found: dict[int, dict] = {}
    with gzip.open(LARGE, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            if number in wanted:
                found[number] = json.loads(line)
                if len(found) == len(wanted):
                    break
    return found


def materialize(dest: Path) -> dict[str, Path]:
    dest.mkdir(parents=True, exist_ok=True)
    docs = documents()
    out: dict[str, Path] = {}
    wanted = {d["line"] for d in docs if "line" in d}
    releases = _release_lines(wanted) if wanted and LARGE.exists() else {}
    for doc in docs:
        if "path" in doc:
            src = ROOT / doc["path"]
            target = dest / src.name
            shutil.copyfile(src, target)
            for side in src.parent.glob(src.stem + ".meta.yaml"):
                shutil.copyfile(side, dest / side.name)
            out[doc["id"]] = target
        elif doc["line"] in releases:
            row = releases[doc["line"]]
            target = dest / f"{doc['id']}.txt"
            target.write_text(row["text"], encoding="utf-8")
            meta = {"date": row["date"], "org": f"Office of {row['member']}", "doc_type": "press_release"}
            (dest / f"{doc['id']}.meta.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
            out[doc["id"]] = target
    return out


if __name__ == "__main__":
    import sys

    for gold_id, path in materialize(Path(sys.argv[1])).items():
        print(gold_id, path)
