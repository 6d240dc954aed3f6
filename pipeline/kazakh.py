"""Kazakh helpers shared by the stages: word stems by suffix stripping, phrase lookup, language test.

pymorphy3 knows no Kazakh. Kazakh is agglutinative: suffixes stack on the stem in a fixed order
(plural, possessive, case) and take the vowel of the stem ("облыс|ы|ның", "жоба|сы|на",
"әкім|і|нің", "агенттіг|і|нің" with к -> г before a vowel). Instead of one guessed stem, a word
has every stem some chain of suffixes in vocab/kk_suffixes.tsv leaves (`stems`); a vocabulary
entry written in the nominative matches a word when it is one of them. So "облысының" matches
both "облыс" and "облысы", and "басшысы" matches "басшы" whatever the final vowel.
"""
import re
from collections import Counter
from functools import lru_cache

from . import nlp, vocab

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# loanwords take suffixes by their last vowel, и counting as front ('офистері', 'министрі'),
# я as back ('полициясы')
BACK, FRONT = set("аоұыя"), set("әеөүіи")
# before a vowel-initial suffix a final voiceless consonant is voiced: агенттік -> агенттігі
VOICED = {"г": "к", "ғ": "қ", "б": "п"}
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_STEM = 2


def normal(word: str) -> str:
    return word.lower().replace("ё", "е")


CYRILLIC_START = re.compile(r"[а-яёәғқңөұүһі]", re.I)


# one regex search: set.isdisjoint(text) makes a string object of every character of a paragraph
KAZAKH_LETTER = re.compile(f"[{''.join(sorted(KAZAKH_LETTERS))}]")


def has_kazakh_letters(text: str) -> bool:
    return KAZAKH_LETTER.search(text) is not None


# every stage of a document asks this of the same text: the answer is kept for the last few
@lru_cache(maxsize=256)
def is_kazakh(text: str) -> bool:
    """A text written in Kazakh: many of its Cyrillic words carry Kazakh-only letters and
    Russian function words are rare (the clean stage's test of documents.language)."""
    if not has_kazakh_letters(text or ""):
        return False  # kk below would be 0: most Russian texts are answered by one regex scan
    counts = Counter(map(word_facts, WORD.findall(text)))
    n = sum(k for (cyrillic, _, _), k in counts.items() if cyrillic)
    if not n:
        return False
    kk = sum(k for (cyrillic, kazakh, _), k in counts.items() if cyrillic and kazakh) / n
    ru = sum(k for (cyrillic, _, russian), k in counts.items() if cyrillic and russian) / n
    return kk >= 0.25 or (kk >= 0.1 and ru < 0.1)


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def word_facts(word: str) -> tuple[bool, bool, bool]:
    """What is_kazakh asks of a word (opens Cyrillic, has Kazakh letters, is a Russian stop
    word), asked once per word form."""
    return (bool(CYRILLIC_START.match(word)), has_kazakh_letters(word),
            normal(word) in vocab.word_set("stopwords_ru.txt"))


# ---------------------------------------------------------------- stems

@lru_cache(maxsize=None)
def suffixes() -> dict:
    """slot -> suffixes, from vocab/kk_suffixes.tsv (a slot may span several lines)."""
    out = {}
    for slot, items in vocab.table("kk_suffixes.tsv"):
        out.setdefault(slot, set()).update(items.split())
    return {slot: tuple(sorted(s, key=len, reverse=True)) for slot, s in out.items()}


def harmony(text: str) -> str | None:
    """'back' or 'front' by the last vowel that has a side (у, ю, э of loanwords have none)."""
    for c in reversed(text):
        if c in BACK:
            return "back"
        if c in FRONT:
            return "front"
    return None


def in_harmony(stem_: str, suffix: str) -> bool:
    side, wanted = harmony(suffix), harmony(stem_)
    return side is None or wanted is None or side == wanted


def strip_slot(word: str, slot: str) -> list[tuple[str, str]]:
    """(rest, suffix) for every suffix of a slot that word ends in, the rest in harmony with it."""
    out = [(word, "")]
    # a word ends in one suffix of each length at most: the word's own ending of that length,
    # so the suffixes are looked up, not tried one by one (same order: longest first)
    for n, group in suffix_lengths(slot):
        rest, s = word[: len(word) - n], word[len(word) - n:]
        if len(rest) >= MIN_STEM and s in group and harmony(rest) and in_harmony(rest, s):
            out.append((rest, s))
    return out


@lru_cache(maxsize=None)
def suffix_lengths(slot: str) -> tuple[tuple[int, frozenset], ...]:
    """(length, the slot's suffixes of that length), longest first."""
    found = suffixes().get(slot, ())
    return tuple((n, frozenset(s for s in found if len(s) == n)) for n in sorted({len(s) for s in found}, reverse=True))


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def stems(word: str) -> tuple[str, ...]:
    """Every stem a chain of suffixes (plural, possessive, case) leaves of word, longest first:
    'облысының' -> ('облысының', 'облысы', 'облыс', 'облы', ...). Lowercased."""
    word = normal(word)
    head, _, last = word.rpartition("-")  # 'іс-шараға': only the last part inflects
    found = set()
    for after_case, case in strip_slot(last, "case"):
        for after_poss, poss in strip_slot(after_case, "possessive"):
            for rest, plural in strip_slot(after_poss, "plural"):
                found.add(rest)
                tail = plural + poss + case
                if tail and tail[0] in "аеыіоөұүә" and rest[-1:] in VOICED:
                    found.add(rest[:-1] + VOICED[rest[-1]])
    prefix = head + "-" if head else ""
    out = tuple(prefix + s for s in sorted(found, key=lambda s: (-len(s), s)))
    # 'ШҚО-да', '150-ден': the suffixes written after a hyphen, the stem is what precedes it
    return out + (head,) if head and last in chains() else out


@lru_cache(maxsize=None)
def chains() -> frozenset:
    """Every suffix chain (plural + possessive + case) written as one word: 'да', 'ның', 'ының'."""
    slots = [("",) + suffixes().get(slot, ()) for slot in ("plural", "possessive", "case")]
    return frozenset(p + q + c for p in slots[0] for q in slots[1] for c in slots[2]) - {""}


@lru_cache(maxsize=None)
def vocabulary() -> frozenset:
    """Every word of the kk_ vocabularies (posts, bodies, programmes, events, figures, not-names)."""
    words = set()
    for name in ("kk_posts.txt", "kk_bodies.txt", "kk_not_names.txt"):
        words.update(w for e in vocab.entries(name) if not e.startswith("[") for w in e.split("\t")[0].split())
    for name in ("kk_programme_heads.tsv", "kk_event_types.tsv", "kk_figures.tsv"):
        words.update(w for row in vocab.table(name) for w in row[0].split())
    return dictionary_forms(words)


@lru_cache(maxsize=None)
def place_words() -> frozenset:
    """The Kazakh one-word place names of the gazetteer, less those that are also surnames (`город`)."""
    return dictionary_forms(row[0] for row in vocab.table("regions.tsv")
                            if "kk" in row[3:] and "город" not in row[3:] and " " not in row[0])


def dictionary_forms(words) -> frozenset:
    words = {normal(w) for w in words}
    # 'облысы' of 'Абай облысы' is a form of 'облыс': keep the dictionary form alone
    return frozenset(w for w in words if not any(s in words for s in stems(w)[1:]))


@lru_cache(maxsize=None)
def lexicon() -> frozenset:
    return dictionary_forms(vocabulary() | place_words())


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def stem(word: str) -> str:
    """The dictionary form of a Kazakh word: the longest of its stems the Kazakh vocabularies
    know ('агенттігінің' -> 'агенттік'), else the word less a consonant-initial case suffix
    ('студенттерге' -> 'студент'), else the word lowercased."""
    candidates = stems(word)
    known = next((s for s in candidates if s in lexicon()), None)
    if known:
        return known
    word = normal(word)
    for rest, suffix in strip_slot(word, "case")[1:]:
        if suffix[0] not in "аеыіоөұүән" and len(rest) >= 3:
            return next((r for r, p in strip_slot(rest, "plural")[1:] if len(r) >= 3), rest)
    return word


def is_form_of(word: str, entry: str) -> bool:
    """'облысының' is a form of 'облыс' and of 'облысы'."""
    return normal(entry) in stems(word)


def entry_of(word: str, entries) -> str | None:
    """The longest entry (a set of nominatives) that word is a form of."""
    return next((s for s in stems(word) if s in entries), None)


# ---------------------------------------------------------------- vocabularies and phrases

@lru_cache(maxsize=None)
def word_set(name: str, section: str) -> frozenset:
    return frozenset(normal(e.split("\t")[0]) for e in vocab.sections(name).get(section, ()))


@lru_cache(maxsize=None)
def phrase_index(rows: tuple) -> dict:
    """(phrase, value...) rows -> first word -> [(words, value...)], longest phrase first."""
    index = {}
    for phrase, *value in rows:
        words = tuple(normal(w) for w in phrase.split())
        index.setdefault(words[0], []).append((words, *value))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


def phrase_at(words: list[str], i: int, index: dict):
    """(length, entry) of the longest phrase of index starting at words[i], or None."""
    for first in stems(words[i]):
        for entry in index.get(first, ()):
            n = len(entry[0])
            if i + n <= len(words) and all(is_form_of(words[i + k], w) for k, w in enumerate(entry[0])):
                return n, entry
    return None


# ---------------------------------------------------------------- names

# a case suffix on a surname: 'Ахметовтың', 'Сапарованың', 'Кабдуллинге', 'Тоқаұлына'
SURNAME_END = re.compile(r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ұлы|улы|қызы|кызы)$")
# the suffixes each final sound of a surname takes (Kazakh reads -в as voiceless: 'Ахметовқа')
NAME_SUFFIXES = {
    "в": {"тың", "тің", "қа", "ке", "ты", "ті", "та", "те", "тан", "тен", "пен"},
    "н": {"ның", "нің", "ға", "ге", "ды", "ді", "да", "де", "нан", "нен", "мен"},
    "vowel": {"ның", "нің", "ға", "ге", "ны", "ні", "да", "де", "дан", "ден", "мен"},
    # -ұлы, -қызы are possessives: the н- case forms follow them ('Тоқаұлына', 'Тоқаұлының')
    "possessive": {"ның", "нің", "на", "не", "н", "нда", "нде", "нан", "нен", "мен"},
    # first names end in any sound: 'Әселдің', 'Ерболатқа', 'Айгерімнің', 'Сәуленің'
    "sonorant": {"дың", "дің", "ға", "ге", "ды", "ді", "да", "де", "дан", "ден", "мен"},
    "z": {"дың", "дің", "ға", "ге", "ды", "ді", "да", "де", "дан", "ден", "бен"},
}
# name elements that end as a case suffix does: 'Құдайберді' is a nominative
NAME_ENDINGS_KEPT = ("берді", "берды")


def name_nominative(word: str) -> str:
    """A Kazakh case form of a surname -> the nominative: 'Ахметовтың' -> 'Ахметов',
    'Сапарованы' -> 'Сапарова', 'Тоқаұлына' -> 'Тоқаұлы'. Other words are returned unchanged
    ('Ивановна' is a patronymic: -на follows only a possessive)."""
    if not word[:1].isupper():
        return word
    for n in (3, 2, 1):
        name, suffix = word[:-n], word[-n:]
        if len(name) > 3 and SURNAME_END.search(name.lower()) and suffix in NAME_SUFFIXES[sound_of(name)]:
            if suffix == "ке" and not has_kazakh_letters(word):
                return word  # 'Петровке' is a Moscow street
            return name
    return word


def sound_of(stem_: str) -> str:
    """Which case suffixes a name takes, by its final sound: 'в' stands for every voiceless one."""
    low = stem_.lower()
    if low.endswith(("ұлы", "улы", "қызы", "кызы")):
        return "possessive"
    last = low[-1:]
    if last in "аәеөоұүыіиэюя":
        return "vowel"
    return "н" if last in "мнң" else "sonorant" if last in "лрйу" else "z" if last in "зж" else "в"


LOCATIVE = ("да", "де", "та", "те", "нда", "нде")


def is_locative(word: str) -> bool:
    """A capitalised word in the locative, the suffix in harmony and fit for the final sound:
    'Қонаевта', 'Ақсуда' name a place (a town may bear a person's name), never a person."""
    for suffix in LOCATIVE:
        stem_ = word[: len(word) - len(suffix)]
        # -ов/-ев are written, not heard: 'Қонаевта' takes the suffix of 'Қонай'
        fits = SURNAME_END.search(stem_.lower()) or in_harmony(stem_.lower(), suffix)
        if word[:1].isupper() and word.endswith(suffix) and len(stem_) >= 3 and harmony(stem_.lower()) \
                and fits and suffix in NAME_SUFFIXES[sound_of(stem_)]:
            return True
    return False


def given_name_nominative(word: str) -> str:
    """A Kazakh case form of a name that is not a surname -> the nominative, suffix in harmony with
    the stem and fit for its final sound: 'Бекзаттың' -> 'Бекзат', 'Ерболатқа' -> 'Ерболат',
    'Сәуленің' -> 'Сәуле'. Only for a name's last word in Kazakh text; 'Ерден' stays (stem too short)."""
    if not word[:1].isupper() or normal(word).endswith(NAME_ENDINGS_KEPT):
        return word
    for n in (3, 2):
        name, suffix = word[:-n], word[-n:]
        # мен/бен/пен keep their vowel after any stem: 'Маржанмен'; a final и is a written ый or
        # ій, the vowel before it decides: 'Ахметқалиға', 'Әлиге'
        voice = name.lower().removesuffix("и") if len(name) > 3 else name.lower()
        fits = suffix in ("мен", "бен", "пен") or in_harmony(voice, suffix)
        if len(name) >= 3 and harmony(voice) and fits and suffix in NAME_SUFFIXES[sound_of(name)]:
            return name
    return word


UPPER, LOWER = "А-ЯЁӘҒҚҢӨҰҮҺІ", "а-яёәғқңөұүһі"
SURNAME = re.compile(rf"[{UPPER}][{LOWER}]+(?:ов|ев|ин|ова|ева|ина|ұлы|улы|қызы|кызы)")
NAME_SPAN = re.compile(rf"(?<![\w.])(?:(?:[{UPPER}]\.\s?){{1,2}}|[{UPPER}][{LOWER}]+\s)([{UPPER}][{LOWER}]+)(?![\w-])")


def name_spans(text: str) -> list[tuple[int, int]]:
    """Names in a Kazakh text natasha misses when a case suffix follows the surname:
    'әкімі Нұрлан Қасымовтың айтуынша', 'Е. Жұмабековке'. The surname ends as surnames do."""
    out, m = [], NAME_SPAN.search(text)
    while m:
        surname = name_nominative(m.group(1))
        if SURNAME.fullmatch(surname) and not not_a_name(m.group(0).replace(".", " ").split()):
            out.append(m.span())
            m = NAME_SPAN.search(text, m.end())
        else:  # 'Есепті Асылбек Нұрғалиев': the second word may open the name
            m = NAME_SPAN.search(text, m.start(1))
    return out


def not_a_name(words: list[str]) -> bool:
    """A PER span of a Kazakh text holding a word of the Kazakh vocabularies or a place is no
    person: 'Облыс', 'Ақтөбеде', 'Жиынға Сыбайлас'."""
    return any(entry_of(w, vocabulary()) or entry_of(w, place_words()) for w in words)
