"""Person names: a NER span ('Ерланом Жумабековым', 'Бондаренко Т.Н.') -> canonical nominative name.

Stable API, shared by the people and officials stages:
  canonical_name(span_text, case_hint=None, gender_hint=None) -> 'Ерлан Жумабеков' | 'Т.Н. Бондаренко'
  analyse(span_text, ..., in_kazakh=False) -> Name (first, middle, last, initials, gender, case)
  surname_key(name) -> 'жумабеков' (the same for 'Жумабеков', 'Жумабекова', 'Жумабековым')
  is_initial(token), split(span_text)

How a form is put in the nominative: every word gets its readings (nominative, gender, cases)
from pymorphy3's dictionary of first names and surnames and from the declension classes of
Russian and Kazakh names below (pymorphy3 does not know most Kazakh surnames). All words of
one name share gender and case, so the (gender, case) that explains most words wins:
'Асией Тулегеновой' is feminine instrumental because 'Тулегеновой' can only be feminine.
"""
import re
import sys
from dataclasses import dataclass
from functools import lru_cache

from . import kazakh, nlp, vocab

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")  # also the order of preference on a tie
ALL = frozenset(CASES)


@lru_cache(maxsize=None)
def case_set(cases: str) -> frozenset:
    """'gent accs' -> frozenset({'gent', 'accs'}), one shared object per set: Readings keep it."""
    return frozenset(cases.split())


INITIAL = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.?$")
TOKEN = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.|[\w’'-]+")
PATRONYMIC = re.compile(r"(ович|евич|ьич|ична|овна|евна|улы|ұлы|кызы|қызы)$", re.I)
SURNAME_SHAPE = re.compile(r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|улы|ұлы|кызы|қызы|швили|дзе|ян)$", re.I)


# slots: the per-word-form caches below hold tens of thousands of Readings in a long run
@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a word form: its nominative, the gender and cases it can have."""
    nominative: str
    gender: str  # 'm', 'f' or '*' (either)
    cases: frozenset
    score: float
    rule: str


@dataclass(frozen=True, slots=True)
class Name:
    first: str
    middle: str
    last: str
    initials: str  # 'М.Х.' when the name is written with initials
    gender: str
    case: str

    @property
    def text(self) -> str:
        if self.initials:
            return " ".join(p for p in (self.initials, self.last or self.first) if p)
        return " ".join(p for p in (self.first, self.middle, self.last) if p)


# ---------------------------------------------------------------- declension classes
# (stem ending, surface ending, nominative ending, gender, cases), tried on unknown and known words.
# A surface form 'Куанышбаева' = stem '…ев' + 'а' reads as masculine 'Куанышбаев' (gent, accs) or
# feminine 'Куанышбаева' (nomn); the other words of the name decide.
OV = r"(ов|ев|ёв|ин|ын)"  # Жумабеков, Тулегенова, Кабдуллин
SKY = r"(ск|цк)"  # Жамбылский, Вишневская
CONS = r"[бвгджзклмнпрстфхцчшщңғқһ]"  # Ерлан, Нурбек, Самат
CLASSES = [
    ("ov", OV, "", "", "m", "nomn"),
    ("ov", OV, "а", "", "m", "gent accs"),
    ("ov", OV, "у", "", "m", "datv"),
    ("ov", OV, "ым", "", "m", "ablt"),
    ("ov", OV, "е", "", "m", "loct"),
    ("ov", OV, "а", "а", "f", "nomn"),
    ("ov", OV, "ой", "а", "f", "gent datv ablt loct"),
    ("ov", OV, "у", "а", "f", "accs"),
    ("sky", SKY, "ий", "ий", "m", "nomn"),
    ("sky", SKY, "ого", "ий", "m", "gent accs"),
    ("sky", SKY, "ому", "ий", "m", "datv"),
    ("sky", SKY, "им", "ий", "m", "ablt"),
    ("sky", SKY, "ом", "ий", "m", "loct"),
    ("sky", SKY, "ая", "ая", "f", "nomn"),
    ("sky", SKY, "ой", "ая", "f", "gent datv ablt loct"),
    ("sky", SKY, "ую", "ая", "f", "accs"),
    ("consonant", CONS, "", "", "m", "nomn"),
    ("consonant", CONS, "а", "", "m", "gent accs"),
    ("consonant", CONS, "у", "", "m", "datv"),
    ("consonant", CONS, "ом", "", "m", "ablt"),
    ("consonant", CONS, "е", "", "m", "loct"),
    ("soft", r"[еаи]", "й", "й", "m", "nomn"),  # Абылай, Сергей, Николай, Аркадий
    ("soft", r"[еаи]", "я", "й", "m", "gent accs"),
    ("soft", r"[еаи]", "ю", "й", "m", "datv"),
    ("soft", r"[еаи]", "ем", "й", "m", "ablt"),
    ("soft", r"[еа]", "е", "й", "m", "loct"),
    ("soft", r"и", "и", "й", "m", "loct"),
    ("a", r"[^аеёиоуыэюяь]", "а", "а", "*", "nomn"),  # Асия's kin: Дана, Мустафа
    ("a", r"[^аеёиоуыэюяьгкхжшчщ]", "ы", "а", "*", "gent"),  # М. Мустафы
    ("a", r"[гкхжшчщ]", "и", "а", "*", "gent"),  # weaker than indeclinable: Сейджи
    ("a", r"[^аеёиоуыэюяь]", "е", "а", "*", "datv loct"),
    ("a", r"[^аеёиоуыэюяь]", "у", "а", "*", "accs"),
    ("a", r"[^аеёиоуыэюяь]", "ой", "а", "*", "ablt"),
    ("ia", r"[ийь]", "я", "я", "*", "nomn"),  # Асия, Алия, Монтойя
    ("ia", r"[ийь]", "и", "я", "*", "gent datv loct"),
    ("ia", r"[ийь]", "ю", "я", "*", "accs"),
    ("ia", r"[ийь]", "ей", "я", "*", "ablt"),
]
# a surname of a woman ending in a consonant does not decline: 'с Ниной Пак'
FEMININE_INDECLINABLE = ("consonant", CONS[:-1] + "й]", "", "", "f", " ".join(CASES))
INDECLINABLE = re.compile(r"([иоуэюе]|улы|ұлы|кызы|қызы)$")  # Саади, Тлеубайулы, Бондаренко
# 'Жаксыбекову', 'Петрове', 'Вишневскому' end in a vowel only as case forms of a declined surname
DECLINED_VOWEL = re.compile(r"((ов|ев|ёв|ин|ын)[уе]|(ск|цк)(ому|ое))$")
# 'Жумабековым', 'Кабдуллиным' end in a consonant but are never a nominative
NOT_NOMINATIVE = re.compile(r"(ов|ев|ёв|ин|ын)(ым|ом)$")


def class_readings(word: str) -> list[Reading]:
    low = word.lower()
    out = []
    for name, stem_end, ending, nominative, gender, cases in CLASSES + [FEMININE_INDECLINABLE]:
        if not low.endswith(ending) or len(low) - len(ending) < 2:
            continue
        stem = word[:len(word) - len(ending)] if ending else word
        if not re.search(stem_end + "$", stem.lower()):
            continue
        if ending == "" and name == "consonant" and NOT_NOMINATIVE.search(low):
            continue
        if name == "a" and re.search(OV + "$", stem.lower()):
            continue  # a woman's '-ова' declines as an adjective: 'Тулегеновой', never 'Тулегенове'
        if gender == "f" and ending == "" and re.search(OV + "ой$", low):
            continue  # 'Нурлановой' is an oblique form, not an indeclinable surname
        score = 0.6 if (gender, ending) == ("f", "") and name == "consonant" else 1.0
        score = 0.6 if (name, ending) == ("a", "и") else score
        out.append(Reading(stem + nominative, gender, case_set(cases), score, name))
    return out


def indeclinable_readings(word: str) -> list[Reading]:
    low = word.lower()
    if gender_of_parts(word) == "f" and low.endswith("ь"):
        return [Reading(word, "f", ALL, 1.0, "indeclinable")]  # Айгуль, Гульнур: 'с Айгуль Нурлановой'
    if not INDECLINABLE.search(low) or DECLINED_VOWEL.search(low):
        return []
    # -улы/-кызы are Kazakh patronymic surnames (Тлеубайулы): never declined
    score = 1.5 if re.search(r"(улы|ұлы|кызы|қызы)$", low) else 0.7
    return [Reading(word, "*", ALL, score, "indeclinable")]


def dictionary_readings(word: str) -> list[Reading]:
    """Readings from pymorphy3's dictionary of names, surnames and patronymics (not its guesses)."""
    if not re.fullmatch(r"[А-Яа-яЁё-]+", word):
        return []
    out = []
    for p in nlp.parses(word):
        kind = {"Name", "Surn", "Patr"} & set(p.tag.grammemes)
        if not kind or not p.is_known or p.tag.number != "sing" or not p.tag.case:
            continue
        form = p.inflect({"nomn"})
        if form is None:
            continue
        gender = {"masc": "m", "femn": "f"}.get(p.tag.gender, "*")
        case = "accs" if p.tag.case in ("acc2",) else p.tag.case
        case = {"gen2": "gent", "loc2": "loct", "voct": "nomn"}.get(case, case)
        score = 2.0 if "Name" in kind else 1.3
        out.append(Reading(restyle(form.word, word), gender, case_set(case), score, sys.intern("dictionary." + kind.pop())))
    return out


def restyle(form: str, surface: str) -> str:
    """pymorphy3's lowercase form written like the surface word: 'нурхан' + 'Нурхана' -> 'Нурхан'."""
    fold = lambda s: s.lower().replace("ё", "е")
    n = 0
    while n < min(len(form), len(surface)) and fold(form[n]) == fold(surface[n]):
        n += 1
    return surface[:n] + form[n:]


def gender_of_parts(word: str) -> str | None:
    """Gender told by a Kazakh name element: 'Нурхан' (-хан) is a man, 'Айгуль' (-гуль) a woman."""
    low = word.lower()
    for ending, gender in vocab.table("name_genders.tsv"):
        if low.endswith(ending):
            return gender
    return None


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def readings(word: str) -> tuple[Reading, ...]:
    found = dictionary_readings(word) + class_readings(word) + indeclinable_readings(word)
    out = []
    for r in found:
        told = gender_of_parts(r.nominative)
        if told and r.gender in (told, "*"):
            r = Reading(r.nominative, told, r.cases, r.score + 0.5, sys.intern(r.rule + "+element"))
        out.append(r)
    return tuple(out) or (Reading(word, "*", ALL, 0.1, "unchanged"),)


# ---------------------------------------------------------------- choosing gender and case

def best(words, gender: str, case: str):
    """Each word's best reading for (gender, case), and the total score."""
    chosen, total = [], 0.0
    slot = SLOTS.get((gender, case))
    for w in words:
        r = best_readings(w)[slot] if slot is not None else best_reading(w, gender, case)
        chosen.append(r)
        total += r.score
    return chosen, total


def best_reading(word: str, gender: str, case: str) -> Reading:
    fits = [r for r in readings(word) if r.gender in (gender, "*") and case in r.cases]
    return max(fits, key=lambda r: r.score) if fits else Reading(word, "*", ALL, -1.0, "unfit")


# where best_readings keeps each (gender, case) that decide() weighs
SLOTS = {(g, c): i for i, (g, c) in enumerate((g, c) for g in ("m", "f") for c in CASES)}


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def best_readings(word: str) -> tuple:
    """best_reading for every (gender, case) decide() weighs, in SLOTS order: it asks 12 of them
    per word of every name. A tuple, not a dict keyed by (gender, case): a cache this size holds
    tens of thousands, and the dict weighed ~2 kB a word."""
    return tuple(best_reading(word, g, c) for g, c in SLOTS)


def decide(words, case_hint=None, gender_hint=None, cases=CASES):
    """(gender, case, readings) that explain the words of one name best.

    Ties go to the nominative, then to the cases in CASES order; hints add a little weight.
    """
    options = []
    for gender in ("m", "f"):
        for rank, case in enumerate(CASES):
            if case not in cases:
                continue
            chosen, total = best(words, gender, case)
            total += 0.4 * (case == case_hint) + 0.4 * (gender == gender_hint)
            options.append((total, -rank, gender == "m", gender, case, chosen))
    total, _, _, gender, case, chosen = max(options, key=lambda o: o[:3])
    return gender, case, chosen


# ---------------------------------------------------------------- structure of a name

def split(span_text: str) -> list[str]:
    """'Т.К.Сарбасов' -> ['Т.', 'К.', 'Сарбасов']; parenthesised Latin and stray punctuation dropped."""
    text = re.sub(r"\([^)]*\)?", " ", span_text)
    return [t for t in TOKEN.findall(text) if t.strip("-")]


def is_initial(token: str) -> bool:
    return bool(INITIAL.match(token))


def titlecase(word: str) -> str:
    """'САРБАСОВ' -> 'Сарбасов', 'аль-Хадж' stays: only all-capital words are re-cased."""
    if len(word) > 1 and word.isupper():
        return "-".join(p.capitalize() for p in word.split("-"))
    return word


def known_first_name(word: str) -> bool:
    return any(r.rule == "dictionary.Name" for r in readings(word))


def order(words: list[str]) -> list[str]:
    """Words as first, [middle,] last: 'Сарбасов Нурлан' -> 'Нурлан Сарбасов', 'Иванов Иван Иванович' -> …"""
    if len(words) == 3 and PATRONYMIC.search(words[2]) and not PATRONYMIC.search(words[1]):
        return [words[1], words[2], words[0]]
    if len(words) == 2 and SURNAME_SHAPE.search(words[0]) and not SURNAME_SHAPE.search(words[1]) \
            and not known_first_name(words[0]):
        return [words[1], words[0]]
    return words


def case_scores(span_text: str) -> dict:
    """case -> how well the best gender explains the span's words in it (for lists of names)."""
    words = [titlecase(t) for t in split(span_text) if not is_initial(t)]
    return {c: max(best(words, g, c)[1] for g in ("m", "f")) for c in CASES} if words else {}


@lru_cache(maxsize=nlp.PHRASE_CACHE_SIZE)  # an article names a person several times in the same form
def analyse(span_text: str, case_hint=None, gender_hint=None, cases=CASES, in_kazakh=False) -> Name | None:
    """in_kazakh: the span is from a Kazakh text, where names do not decline the Russian way
    ('Айнұр Сапарова' is a woman in any sentence) and a lone first name takes the Kazakh case
    suffix ('Бекзаттың' -> 'Бекзат')."""
    # a Kazakh case suffix goes on the last word only: 'Нұрлан Қасымовтың' -> 'Қасымов'
    tokens = [kazakh.name_nominative(titlecase(t)) for t in split(span_text)]
    if in_kazakh:
        cases = ("nomn",)
        if tokens and not is_initial(tokens[-1]):
            tokens[-1] = kazakh.given_name_nominative(tokens[-1])
    initials = "".join(t[0] + "." for t in tokens if is_initial(t))
    words = [t for t in tokens if not is_initial(t)]
    if not words:
        return None
    if initials:
        gender, case, chosen = decide(words, case_hint, gender_hint, cases)
        return Name("", "", " ".join(r.nominative for r in chosen), initials, gender, case)
    gender, case, chosen = decide(words, case_hint, gender_hint, cases)
    forms = order([r.nominative for r in chosen])
    if len(forms) == 1:
        return Name("", "", forms[0], "", gender, case)
    if len(forms) == 2 and any(r.rule == "dictionary.Patr" for r in readings(words[1])):  # 'Борис Николаевич'
        return Name(forms[0], forms[1], "", "", gender, case)
    middle = " ".join(forms[1:-1])
    return Name(forms[0], middle, forms[-1], "", gender, case)


def canonical_name(span_text: str, case_hint=None, gender_hint=None, cases=CASES) -> str:
    """'Ерланом Жумабековым' -> 'Ерлан Жумабеков'; 'Бондаренко Т.Н.' -> 'Т.Н. Бондаренко'."""
    name = analyse(span_text, case_hint, gender_hint, cases)
    return name.text if name else span_text.strip()


FEMININE_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын)а$|(ск|цк)ая$")


@lru_cache(maxsize=nlp.PHRASE_CACHE_SIZE)  # people.link compares every pair of forms of an article
def surname_key(name: str) -> str:
    """The surname of a canonical name, lowercased, feminine ending folded: 'А. Тулегенова' -> 'тулегенов'."""
    words = [w for w in split(name) if not is_initial(w)]
    if not words:
        return ""
    last = words[-1].lower().replace("ё", "е")
    last = re.sub(r"(ов|ев|ин|ын)а$", r"\1", last)
    return re.sub(r"(ск|цк)ая$", r"\1ий", last)
