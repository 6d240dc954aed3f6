"""Vocabulary files of pipeline/vocab/: one entry a line, `#` starts a comment."""
from functools import lru_cache
from pathlib import Path

from .lemmatize import lemmas

VOCAB_DIR = Path(__file__).with_name("vocab")


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """The entries of vocab/NAME as written (comments and blank lines dropped)."""
    out = []
    for line in (VOCAB_DIR / name).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset:
    """Entries of vocab/NAME as written: for lists of lowercase words (stop words, site rubrics)."""
    return frozenset(entries(name))


@lru_cache(maxsize=None)
def lemma_set(name: str) -> frozenset:
    """Entries of vocab/NAME as lemma tuples, so each covers every case form of itself."""
    return frozenset(lemmas(e) for e in entries(name))


@lru_cache(maxsize=None)
def table(name: str, sep: str = "\t") -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated vocab file (comments dropped)."""
    return tuple(tuple(c.strip() for c in e.split(sep)) for e in entries(name))


@lru_cache(maxsize=None)
def sections(name: str) -> dict:
    """vocab/NAME read as `[section]` headed lists of entries: section -> tuple of entries."""
    out, current = {}, None
    for entry in entries(name):
        if entry.startswith("[") and entry.endswith("]"):
            current = out.setdefault(entry[1:-1], [])
        else:
            current.append(entry)
    return {k: tuple(v) for k, v in out.items()}
