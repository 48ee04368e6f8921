"""Where the test files are (import as `from paths import DATA, CORPUS, ROOT`)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPUS = ROOT / "corpus"
