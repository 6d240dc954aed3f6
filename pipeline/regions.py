"""Region gazetteer of Kazakhstan: place names in a text -> canonical region names.

Matching is on word keys (the pymorphy3 lemma, or a crude stem for the many toponyms
pymorphy3 does not know and lemmatizes inconsistently across cases: 'Мангистауской' ->
'мангистауска'), so one gazetteer entry covers every case form.
"""
import re
from dataclasses import dataclass
from functools import lru_cache

from razdel import tokenize

from . import vocab
from .lemmatize import lemma

ENDING = re.compile(r"(ами|ями|ого|его|ому|ему|ыми|ими|ая|яя|ой|ей|ую|юю|ом|ем|ий|ый|ое|ее|ых|их|ые|ие|ым|им|а|я|у|ю|е|ы|и|о)$")
STRENGTH = {"oblast": 3, "abbr": 3, "city": 2, "adj": 1}


@dataclass(frozen=True)
class Place:
    start: int
    stop: int
    text: str
    region: str
    kind: str


def stem(word: str) -> str:
    word = word.lower().replace("ё", "е")
    return ENDING.sub("", word) if len(word) > 4 else word


def keys(word: str) -> frozenset:
    """The forms a word is matched by: stems of its surface form and of its lemma."""
    return frozenset({stem(word), stem(lemma(word))})


@lru_cache(maxsize=None)
def gazetteer() -> dict:
    """Stem of an entry's first word -> [(stem of each word, canonical, kind)], longest entry first."""
    index = {}
    for alias, canonical, kind in vocab.table("regions.tsv"):
        words = tuple(stem(t.text) for t in tokenize(alias))
        index.setdefault(words[0], []).append((words, canonical, kind))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


def find(text: str) -> list[Place]:
    """Every mention of a region, city or regional adjective in text, left to right, longest first."""
    tokens = [t for t in tokenize(text) if t.text[:1].isalpha()]
    token_keys = [keys(t.text) for t in tokens]
    places, i = [], 0
    while i < len(tokens):
        hit = match_at(token_keys, i)
        if hit is None:
            i += 1
            continue
        n, canonical, kind = hit
        start, stop = tokens[i].start, tokens[i + n - 1].stop
        places.append(Place(start, stop, text[start:stop], canonical, kind))
        i += n
    return places


def match_at(token_keys, i):
    index = gazetteer()
    for first in token_keys[i]:
        for words, canonical, kind in index.get(first, ()):
            n = len(words)
            if i + n <= len(token_keys) and all(w in token_keys[i + j] for j, w in enumerate(words)):
                return n, canonical, kind
    return None


def canonical(name: str | None) -> str | None:
    """A region name in any form ('ЗКО', 'Кызылординской области') -> its canonical name, or None."""
    if not name:
        return None
    places = find(name)
    return max(places, key=lambda p: STRENGTH[p.kind]).region if places else None


def main_region(text: str) -> str | None:
    """The region a text is about: the most frequent, strong mentions weighing more."""
    weight = {}
    for p in find(text):
        weight[p.region] = weight.get(p.region, 0) + STRENGTH[p.kind]
    return max(weight, key=weight.get) if weight else None
