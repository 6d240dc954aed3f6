"""Region gazetteer of Kazakhstan: place names in a text -> canonical region names.

Matching is on word stems (a crude suffix cut, plus the stem of the pymorphy3 lemma for the
forms the cut misses), so one gazetteer entry covers every case form: 'Мангистауской' ->
'мангистаус'. Two guards keep the stems honest:
- a capitalised alias word matches only a capitalised (or all-caps) word: 'Семей' the city,
  not 'сотни семей'; 'Рудный' the town, not 'рудный карьер';
- a noun alias does not match an adjective form of its stem: 'Уральск' is not
  'Уральского федерального округа'.
Entries marked `город` in the fourth column are also surnames or foreign places and count
only after 'г.', 'город', 'городе' ...: 'в городе Сатпаев', not 'университет имени Сатпаева'.
Entries marked `kk` are Kazakh names, matched on Kazakh stems only (kazakh.stems: 'Ақтөбеде',
'Қызылорда облысының'); a Kazakh `город` name counts before 'қаласы' too ('Қонаев қаласында').
"""
import re
from dataclasses import dataclass
from functools import lru_cache

from .tokenizer import tokenize

from . import kazakh, nlp, vocab
from .lemmatize import analyse, lemma

ENDING = re.compile(r"(ами|ями|ого|его|ому|ему|ыми|ими|ая|яя|ой|ей|ую|юю|ом|ем|ий|ый|ое|ее|ых|их|ые|ие|ым|им|а|я|у|ю|е|ы|и|о)$")
# endings no case form of a noun toponym has ('Уральская', 'Уральского'), only adjectives
ADJECTIVE_ENDINGS = {"ого", "его", "ому", "ему", "ая", "яя", "ую", "юю", "ий", "ый", "ые", "ие",
                     "ых", "их", "ыми", "ими", "ое", "ее", "ым", "им"}
STRENGTH = {"oblast": 3, "abbr": 3, "city": 2, "adj": 2, "town": 1, "district": 1}
CITY_WORDS = {"г", "г.", "город", "города", "городу", "городе", "городом", "гор", "гор."}


@dataclass(frozen=True)
class Place:
    start: int
    stop: int
    text: str
    region: str
    kind: str


@dataclass(frozen=True)
class Word:
    """One word of a gazetteer alias."""
    stem: str
    adjective: bool   # the alias word is itself an adjective: any ending matches
    capital: bool     # written capitalised: match only capitalised words
    kazakh: bool = False  # a Kazakh name: matched on the Kazakh stems of a word


def split(word: str) -> tuple[str, str]:
    """word -> (stem, ending cut): 'Мангистауской' -> ('мангистаус', 'кой')."""
    word = word.lower().replace("ё", "е")
    if len(word) <= 4:
        return word, ""
    m = ENDING.search(word)
    return (word[:m.start()], m.group()) if m else (word, "")


def stem(word: str) -> str:
    return split(word)[0]


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)  # per word form: every stage looks places up, and news repeats its words
def keys(word: str) -> frozenset:
    """(stem, is adjective form) pairs a word is matched by: from its surface form and its lemma;
    and (stem, 'kk') for each Kazakh stem of it, which only Kazakh names match."""
    return russian_keys(word) | {(s, "kk") for s in kazakh.stems(word)}


def russian_keys(word: str) -> frozenset:
    """keys(word) less the Kazakh stems."""
    out = set()
    for form in {word, lemma(word)}:
        s, ending = split(form)
        out.add((s, ending in ADJECTIVE_ENDINGS))
    return frozenset(out)


def alias_word(text: str) -> Word:
    s, ending = split(text)
    # '-ой' is a noun ending too: 'областной' needs the analyser to be an adjective
    adjective = ending in ADJECTIVE_ENDINGS or analyse(text)[1] == "ADJF"
    return Word(s, adjective, text[:1].isupper())


@lru_cache(maxsize=None)
def gazetteer() -> dict:
    """Stem of an entry's first word -> [(words, canonical, kind, needs city word)], longest first."""
    index = {}
    for alias, canonical, kind, *flags in vocab.table("regions.tsv"):
        if "kk" in flags:
            words = tuple(Word(kazakh.normal(t.text), False, t.text[:1].isupper(), True) for t in tokenize(alias))
        else:
            words = tuple(alias_word(t.text) for t in tokenize(alias))
        index.setdefault(words[0].stem, []).append((words, canonical, kind, "город" in flags))
    for entries in index.values():
        # longest first; a city before the adjective of its stem ('Семипалатинске' is the city)
        entries.sort(key=lambda e: (-len(e[0]), e[2] in ("adj", "district")))
    return index


def word_matches(w: Word, token: str, token_keys) -> bool:
    if w.capital and not token[:1].isupper():
        return False
    if w.kazakh:
        return (w.stem, "kk") in token_keys
    if w.adjective:
        return any(s == w.stem for s, kind in token_keys if kind != "kk")
    # 'Уральской стали': its lemma 'уральский' shows an adjective, whatever the ending says
    return (w.stem, False) in token_keys and (w.stem, True) not in token_keys


def find(text: str) -> list[Place]:
    """Every mention of a region, city or regional adjective in text, left to right, longest first."""
    return list(find_cached(text))


@lru_cache(maxsize=2048)  # officials, organisations and events look up the same texts of a batch
def find_cached(text: str) -> tuple[Place, ...]:
    if text.islower() and every_entry_capitalised():
        return ()  # no capitalised word, so no entry can match (str.islower: no upper- or titlecase letter)
    return places_among(text, tokenize(text))


def places_among(text: str, tokens) -> tuple[Place, ...]:
    """find(text) over tokens of text cut already (anything with start, stop and text, in order)."""
    tokens = [t for t in tokens if t.text[:1].isalpha()]
    places, free = [], 0  # left to right, a match's tokens start no other match
    for i in possible_starts(tokens):
        hit = match_at(tokens, i) if i >= free else None
        if hit is None:
            continue
        n, canonical, kind = hit
        start, stop = tokens[i].start, tokens[i + n - 1].stop
        places.append(Place(start, stop, text[start:stop], canonical, kind))
        free = i + n
    return tuple(places)


# ---------------------------------------------------------------- fast paths (exact)
# Most words of a text start no entry. A capitalised alias word matches only a capitalised
# token (word_matches), so a lowercase token needs no look-up unless an entry whose first word
# is lowercase ('область Абай') has its capitalised words where the text has capitalised tokens.

@lru_cache(maxsize=None)
def every_entry_capitalised() -> bool:
    return all(any(w.capital for w in words) for entries in gazetteer().values() for words, *_ in entries)


@lru_cache(maxsize=None)
def lowercase_shapes() -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(length, offsets of the capitalised words) of every entry whose first word is lowercase."""
    return tuple(sorted({(len(words), tuple(j for j, w in enumerate(words) if w.capital))
                         for entries in gazetteer().values() for words, *_ in entries if not words[0].capital}))


@lru_cache(maxsize=None)
def kazakh_name_prefixes() -> tuple[str, ...]:
    """What a word starts with when one of its Kazakh stems is a Kazakh first word of an entry."""
    return tuple(sorted({words[0].stem[:-1] for entries in gazetteer().values() for words, *_ in entries
                         if words[0].kazakh}))


def possible_starts(tokens) -> list[int]:
    """Indices of the tokens an entry may start at, in order: the capitalised ones, and those
    where an entry whose first word is lowercase has capitalised tokens under its capitalised words."""
    capitals = [t.text[:1].isupper() for t in tokens]
    out = [i for i, capital in enumerate(capitals) if capital]
    shapes = lowercase_shapes()
    if not shapes:
        return out
    starts_ = set(out)
    for n, offsets in shapes:
        if not offsets:  # an entry of lowercase words only may start anywhere
            starts_.update(range(len(tokens) - n + 1))
            continue
        for i in (k - offsets[0] for k in out):  # its first capitalised word is on a capitalised token
            if i >= 0 and i + n <= len(tokens) and all(capitals[i + j] for j in offsets):
                starts_.add(i)
    return sorted(starts_)


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)  # per word form, like keys
def starts(word: str) -> tuple[tuple, ...]:
    """The entries whose first word matches word, grouped by the stem they are filed under, the
    groups in match_at's order (sorted stems, entries in gazetteer order); empty groups left out."""
    # a word's Kazakh stems only serve Kazakh names (word_matches), and each stem but its last
    # letter is a prefix of the word (kazakh.stems cuts suffixes, voicing at most the last letter)
    word_keys = keys(word) if kazakh.normal(word).startswith(kazakh_name_prefixes()) else russian_keys(word)
    groups = []
    for first in sorted({s for s, _ in word_keys}):
        group = tuple(e for e in gazetteer().get(first, ()) if word_matches(e[0][0], word, word_keys))
        if group:
            groups.append(group)
    return tuple(groups)


def after_city_word(tokens, i) -> bool:
    return i > 0 and tokens[i - 1].text.lower() in CITY_WORDS


def before_kazakh_city_word(tokens, i) -> bool:
    """'Қонаев қаласында': the Kazakh word for 'city' follows the name."""
    return i < len(tokens) and kazakh.is_form_of(tokens[i].text, "қала")


def match_at(tokens, i):
    """The longest entry matching at token i, whichever of the token's stems it is filed under
    ('Алматы облысының' is the oblast, not the city 'Алматы'); the first of equally long ones."""
    hits = []
    for group in starts(tokens[i].text):
        for words, canonical, kind, needs_city in group:
            n = len(words)
            city_word = after_city_word(tokens, i) or (words[0].kazakh and before_kazakh_city_word(tokens, i + n))
            if i + n > len(tokens) or (needs_city and not city_word):
                continue
            # the first word matches by starts(); the others are looked up only now
            if all(word_matches(w, tokens[i + j].text, keys(tokens[i + j].text)) for j, w in enumerate(words[1:], 1)):
                hits.append((n, canonical, kind))
                break
    return max(hits, key=lambda h: h[0]) if hits else None


def canonical(name: str | None) -> str | None:
    """A region name in any form ('ЗКО', 'Кызылординской области') -> its canonical name, or None."""
    if not name:
        return None
    places = find(name)
    return max(places, key=lambda p: STRENGTH[p.kind]).region if places else None


def main_region(text: str, tokens=None) -> str | None:
    """The region a text is about: the most frequent, strong mentions weighing more. `tokens`:
    the text's tokens when a stage has them (the segment stage's), not to tokenize it again."""
    weight = {}
    for p in (find(text) if tokens is None else places_among(text, tokens)):
        weight[p.region] = weight.get(p.region, 0) + STRENGTH[p.kind]
    return max(weight, key=weight.get) if weight else None
