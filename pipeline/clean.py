"""raw -> documents, boilerplate: site chrome removed, title, date, source and language lifted.

Works line by line, as jusText does: each line of the raw text is normalised (odd spaces,
control characters), classified by named rules (marker vocabulary, shape: digits, capitals,
length, punctuation; recurrence across the corpus), then judged in context (a trailing block
of chrome, short lines between chrome, links after a "Читайте также" header, a run of two or
more headline-shaped lines closing the page even with no header). Chrome sentences
glued onto the end of a paragraph are cut off. Above the headline, the site's banner, rubrics
and breadcrumbs go; the first headline-shaped line left becomes the title; a title or lead
printed twice is kept once.

The publication date comes from a date line, a labelled date opening a paragraph, or a metadata
line (a date beside a rubric, time, author or view counter: 'Общество | 03.12.2024 | 👁 518');
a header's date beside the weather ('5 марта 2024, вторник | Павлодар −3°') counts too;
a date labelled as a later change ('Обновлено: ...') counts only when there is no other. A date
the article mentions in its prose never counts.

Offsets in `boilerplate` index the raw text; every later stage indexes `documents.text`.
"""
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlparse

import pandas as pd

from . import io, nlp, schema, vocab

INPUTS = ("raw",)
OUTPUTS = ("documents", "boilerplate")

# ---------------------------------------------------------------- lines and normalisation

ODD_SPACES = set("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                 "\u202f\u205f\u3000")
ODD_SPACE_TABLE = {ord(c): " " for c in ODD_SPACES}
LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
RARE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"  # LINE_BREAK's characters but '\n'


def split_lines(text: str) -> list[str]:
    """LINE_BREAK.split(text); ~3x faster for a text whose only breaks are '\\n' (most are)."""
    if any(c in text for c in RARE_BREAKS):
        return LINE_BREAK.split(text)
    return text.split("\n")


@dataclass
class Line:
    """One normalised line; index[i] is the raw offset of text[i]."""
    text: str
    index: list = field(repr=False)

    @property
    def start(self):
        return self.index[0] if self.index else 0

    @property
    def stop(self):
        return self.index[-1] + 1 if self.index else 0

    def cut(self, i, j=None):
        """The part text[i:j], stripped, as a Line of its own."""
        j = len(self.text) if j is None else j
        part = self.text[i:j]
        # str.strip() strips what isspace() calls space
        i += len(part) - len(part.lstrip())
        j = i + len(part.strip())
        return Line(self.text[i:j], self.index[i:j])


def normalise_char(c: str) -> str:
    if c in ODD_SPACES:
        return " "
    # control and invisible format characters (soft hyphen, zero-width space, BOM) go
    if c != "\t" and unicodedata.category(c) in ("Cc", "Cf"):
        return ""
    return c


def raw_lines(text: str) -> list[Line]:
    """Lines of the raw text, normalised and stripped, with raw offsets."""
    lines, start = [], 0
    for stop, end in [(m.start(), m.end()) for m in LINE_BREAK.finditer(text)] + [(len(text), len(text))]:
        lines.append(raw_line(text, start, stop).cut(0))
        start = end
    return lines


def line_texts(text: str) -> list[str]:
    """The text of each of raw_lines(text), without offsets: what a document's key hashes."""
    return [line_text(part).strip() for part in split_lines(text)]


def line_text(part: str) -> str:
    """raw_line's text, made the same way."""
    same_length = spaced_only(part)
    return same_length if same_length is not None else "".join(map(normalise_char, part))


def spaced_only(part: str) -> str | None:
    """What normalise_char makes of a line with no character to drop (None if it has one)."""
    # odd spaces (Zs), control (Cc) and format (Cf) characters are all non-printable, and the
    # tab too: a printable line is left as it is by normalise_char, char by char
    if part.isprintable():
        return part
    spaced = part.translate(ODD_SPACE_TABLE)
    return spaced if spaced.isprintable() else None  # odd spaces alone ('\xa0' is frequent)


def raw_line(text: str, start: int, stop: int) -> Line:
    same_length = spaced_only(text[start:stop])
    if same_length is not None:
        return Line(same_length, list(range(start, stop)))
    chars, index = [], []
    for i in range(start, stop):
        c = normalise_char(text[i])
        if c:
            chars.append(c)
            index.append(i)
    return Line("".join(chars), index)


def normalise(text: str) -> str:
    """Text normalised as the clean stage does it, blank-line runs collapsed."""
    return assemble([line.text for line in raw_lines(text)])


def assemble(texts: list[str]) -> str:
    """Kept lines -> document text: paragraphs stay lines, runs of blank lines become one."""
    out = []
    for t in texts:
        if t or (out and out[-1]):
            out.append(t)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# ---------------------------------------------------------------- shape features

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.I)
LATIN = re.compile(r"[a-z\u00c0-\u024f]", re.I)
SENTENCE_END = re.compile(r"[.!?…;:][»\"”’')\]]*$")
TLD = r"\.(?:kz|ru|com|org|net|info|media|news|tv|uz|kg|by|ua|su|me|io|asia|world)"
DOMAIN = re.compile(rf"(?<![\w.@/])([a-z0-9][\w-]*(?:\.[\w-]+)*{TLD})\b", re.I)
DOMAIN_END = re.compile(rf"{TLD}\b", re.I)  # how every DOMAIN ends, found much faster


ALNUM = re.compile(r"[^\W_]")
DIGIT = re.compile(r"\d")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text))


def key(text: str) -> str:
    """Comparison form: case, ё, spacing and edge punctuation never matter."""
    # str.split() splits at the characters \s matches; a run at the edges would be stripped anyway
    text = " ".join(text.lower().replace("ё", "е").split())
    return text.strip(" .,;:!?-–—•*|«»\"'()[]")


LETTERS = re.compile(r"[^\W\d_]+")
LETTER = re.compile(r"[^\W\d_]")
# eleven words or more (letters_key words): read up to the eleventh only, where a paragraph has hundreds
ELEVEN_WORDS = re.compile(r"[\W\d_]*(?:[^\W\d_]+[\W\d_]+){10}[^\W\d_]")
# str.lower() maps every character to one character of the same class (letter or not), save 'İ'
# (two characters, the second a combining mark) and 'Σ' (final or not by its neighbours): without
# them the whole text lowercases as its words do one by one
UNEVEN_CASE = re.compile("[\u0130\u03a3]")


def letters_key(text: str) -> str:
    """Only the words: 'Комментарии (0)' -> 'комментарии', 'icon-weather-sun' -> 'icon weather sun'."""
    if UNEVEN_CASE.search(text):
        return " ".join(w.lower().replace("ё", "е") for w in LETTERS.findall(text))
    return " ".join(LETTERS.findall(text.lower().replace("ё", "е")))


@lru_cache(maxsize=None)
def stopwords() -> frozenset:
    return frozenset(vocab.entries("stopwords_ru.txt") + vocab.entries("stopwords_kk.txt"))


def stopword_density(text: str) -> float:
    ws = [w.lower().replace("ё", "е") for w in words(text)]
    return sum(w in stopwords() for w in ws) / len(ws) if ws else 0.0


def is_body(text: str) -> bool:
    """Running prose: a sentence of some length, or a long line (jusText's 'good' paragraph)."""
    n = len(text.split())
    return (ends_sentence(text) and n >= 5) or n >= 15 or (n >= 8 and stopword_density(text) >= 0.2)


def is_short(text: str) -> bool:
    """A few words without a full stop: a menu item, a site name, a city."""
    return len(text.split()) <= 4 and not ends_sentence(text)


def is_headline(text: str) -> bool:
    """Headline shape: a title or a related-news link, not a sentence."""
    return bool(text) and not text.endswith(".") and len(text.split()) <= 30 and len(text) <= 250


# ---------------------------------------------------------------- sentences

# a sentence ends at .!? (or …) and the next starts with a capital, with or without a space:
# "...Ерлан Сапаров.Ознакомьтесь с правилами комментирования" is two sentences
SENTENCE_BREAK = re.compile(r"[.!?…]+[»\"”')]*\s*(?=[«\"“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")


def sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in SENTENCE_BREAK.finditer(text):
        before = text[max(0, m.start() - 2):m.start()]
        # "Т.К.Сарбасов", "Е. Куанышевой": an initial, not the end of a sentence
        if len(before) == 2 and before[1].isupper() and not before[0].isalpha():
            continue
        if m.start() > 0 and m.end() < len(text):
            starts.append(m.end())
    return starts


def sentences(text: str) -> list[tuple[int, int]]:
    return list(sentence_spans(text))


# a paragraph is split once when classified and again when its tail is checked for chrome
@lru_cache(maxsize=1024)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    starts = sentence_starts(text)
    return tuple(zip(starts, starts[1:] + [len(text)]))


# ---------------------------------------------------------------- marker vocabulary


@dataclass(frozen=True)
class Markers:
    whole: dict      # letters_key -> entry
    start: tuple     # (letters_key prefix, entry)
    blocks: tuple    # (letters_key, entry)
    anywhere: "AtWordStart"
    whole_line: "AtWordStart"  # '!' entries: the line holding one goes, however many sentences it has
    banner: "AtWordStart"      # '@' entries: a site's name at the top of the page


@lru_cache(maxsize=None)
def markers() -> Markers:
    whole, start, blocks, anywhere, whole_line, banner = {}, [], [], [], [], []
    for entry in vocab.entries("boilerplate.txt"):
        kind, text = (entry[0], entry[1:].strip()) if entry[0] in "=^>!@" else ("", entry)
        if kind == "=":
            whole[letters_key(text)] = entry
        elif kind == "^":
            # "^теги:" wants the colon: "Категория турнира — XIX." is prose
            start.append((letters_key(text) + (":" if text.endswith(":") else ""), entry))
        elif kind == ">":
            blocks.append((letters_key(text), entry))
        elif kind == "!":
            whole_line.append(text.lower().replace("ё", "е"))
        elif kind == "@":
            banner.append(text.lower().replace("ё", "е"))
        else:
            anywhere.append(text.lower().replace("ё", "е"))
    return Markers(whole, tuple(start), tuple(blocks), any_of(anywhere), any_of(whole_line), any_of(banner))


@lru_cache(maxsize=None)
def start_index() -> tuple[dict, tuple]:
    """The '^' markers in vocabulary order, for `start_marker`: the word ones by their first word
    (only those can match a line opening with that word), the ':' ones with their pattern."""
    by_first, colon = {}, []
    for order, (prefix, entry) in enumerate(markers().start):
        if prefix.endswith(":"):
            colon.append((order, prefix[:-1], re.compile(rf"[\W_]*{re.escape(prefix[:-1])}\s*:"), entry))
        else:
            by_first.setdefault(prefix.split(" ", 1)[0], []).append((order, prefix, entry))
    return by_first, tuple(colon)


@lru_cache(maxsize=None)
def block_index() -> dict:
    """letters_key -> the first '>' entry with it."""
    out = {}
    for prefix, entry in markers().blocks:
        out.setdefault(prefix, entry)
    return out


def any_of(texts) -> "AtWordStart":
    """Any of the texts, starting at the start of a word."""
    return AtWordStart(alternation(sorted(texts, key=len, reverse=True)))


class AtWordStart:
    """The first match of pattern not preceded by a letter: what `(?<![^\\W\\d_])(?:pattern)`
    finds, faster. re skips ahead to the first characters of a bare alternation, not of one behind
    a lookbehind: the pattern alone is searched, and a match after a letter searched past."""

    def __init__(self, pattern: str):
        self.pattern = re.compile(pattern)

    def search(self, text: str) -> re.Match | None:
        m = self.pattern.search(text)
        while m and m.start() and LETTER.match(text, m.start() - 1):
            m = self.pattern.search(text, m.start() + 1)
        return m


def alternation(texts: list[str]) -> str:
    """'a|b|...' of literal texts, factored by first character ('п(?:оделиться|одписаться на)'):
    re tries a plain alternation's texts one by one at every position. The same text wins: texts
    with different first characters never match at one place, and each group keeps their order."""
    if "" in texts:  # '' always matches: the texts after it are never tried
        texts = texts[:texts.index("") + 1]
    groups = {}
    for t in texts:
        groups.setdefault(t[:1], []).append(t[1:])
    return "|".join("" if not first else re.escape(first + rests[0]) if len(rests) == 1
                    else f"{re.escape(first)}(?:{alternation(rests)})" for first, rests in groups.items())


def marker(text: str, one_sentence: bool = True) -> str | None:
    """The vocabulary entry that makes a line (or sentence) chrome, if any.

    `anywhere` markers count only in a piece of at most one sentence and 40 words, so a marker
    word inside a paragraph of prose never takes the paragraph with it.
    """
    if len(text.split()) > 40:
        return None
    m, low = markers(), text.lower().replace("ё", "е")
    lk = letters_key(text) if first_word(text) in key_first_words() else None  # None: no key can match
    if lk in m.whole:
        return m.whole[lk]
    found = start_marker(lk, low)
    if found:
        return found
    # block_header(text), its key reused when the text has no colon to cut at
    header = block_index().get(lk) if ":" not in text else block_header(text)
    if header:
        return header
    found = m.whole_line.search(low)
    if found:
        return "!" + found.group(0)
    if one_sentence:
        found = m.anywhere.search(low)
        if found:
            return found.group(0)
    return None


def start_marker(lk: str, low: str) -> str | None:
    """The first '^' entry (in vocabulary order) the line opens with: its words, or its label and a colon."""
    by_first, colon = start_index()
    hits = [(order, entry) for order, prefix, entry in (by_first.get(lk.split(" ", 1)[0], ()) if lk is not None else ())
            if lk == prefix or lk.startswith(prefix + " ")]
    # a label is matched only when it occurs in the line at all
    hits += [(order, entry) for order, label, pattern, entry in colon if label in low and pattern.match(low)]
    return min(hits)[1] if hits else None


def block_header(text: str) -> str | None:
    """'Читайте также' (alone, or with a colon and one link): the start of a related-links block."""
    head = text.split(":", 1)[0] if ":" in text else text
    return block_index().get(letters_key(head)) if first_word(head) in key_first_words() else None


@lru_cache(maxsize=None)
def key_first_words() -> frozenset:
    """The first word of every key a line's letters_key is compared with ('=' lines, '^' word
    prefixes, '>' headers): a line opening with another word matches none of them."""
    m = markers()
    keys = [*m.whole, *(p for p, _ in m.start if not p.endswith(":")), *(p for p, _ in m.blocks)]
    return frozenset(k.split(" ", 1)[0] for k in keys)


def first_word(text: str) -> str:
    """letters_key(text).split(" ", 1)[0], without reading the rest of the text."""
    m = LETTERS.search(text)
    return m.group().lower().replace("ё", "е") if m else ""


# ---------------------------------------------------------------- credit lines and sites


@lru_cache(maxsize=None)
def credit_labels() -> tuple:
    rows = sorted(vocab.table("credit_labels.tsv"), key=lambda r: -len(r[0]))
    return tuple((r[0], r[1] if len(r) > 1 else "") for r in rows)


@lru_cache(maxsize=None)
def credit_prefixes() -> tuple:
    return tuple(label for label, _ in credit_labels())


def credit(text: str) -> tuple[str, str, str] | None:
    """(label, kind, value): 'Источник: Kazinform' -> ('источник', 'source', 'Kazinform'),
    'авторaqtobe-zhanalyk.kz' -> ('автор', '', 'aqtobe-zhanalyk.kz'); kind 'photo' never names the source."""
    body = text.lstrip("-–—•*· ").rstrip()
    low = body.lower().replace("ё", "е")
    if not low.startswith(credit_prefixes()):  # most lines open with no label at all
        return None
    for label, is_source in credit_labels():
        if not low.startswith(label):
            continue
        rest = body[len(label):]
        if re.match(r"\s*[:—–-]\s*\S", rest) and len(rest.split()) <= 12:
            return label, is_source, rest.strip(" :—–-")
        if DOMAIN.match(rest):
            return label, is_source, rest.strip()
        if (not rest or rest[0].isspace()) and len(body.split()) <= 5 and not ends_sentence(body):
            return label, is_source, rest.strip()
    return None


def site_domain(text: str) -> str | None:
    """The first site named in a piece of chrome, social networks aside."""
    for m in DOMAIN.finditer(text):
        if m.group(1).lower().split(".")[0] not in vocab.word_set("nav_words.txt"):
            return m.group(1)
    return None


# ---------------------------------------------------------------- dates


@lru_cache(maxsize=None)
def months() -> dict:
    return {form: int(n) for form, n in vocab.table("months.tsv")}


@lru_cache(maxsize=None)
def date_words() -> frozenset:
    return frozenset(w for row in vocab.table("date_words.txt") for w in row[0].split())


@lru_cache(maxsize=None)
def date_labels() -> tuple:
    """(letters_key of a label, 'published' | 'updated'), longest first."""
    rows = [(letters_key(r[0]), r[1]) for r in vocab.table("date_words.txt") if len(r) > 1]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def label_kind(text: str) -> str | None:
    """'updated' when a date is labelled as a change, 'published' when labelled as such, else None.

    'Последнее изменение: 4 мая 2023' -> 'updated'; 'Опубликовано: 3 мая 2023' -> 'published'."""
    lk = f" {letters_key(text)} "
    kinds = {kind for label, kind in date_labels() if f" {label} " in lk}
    return "updated" if "updated" in kinds else ("published" if kinds else None)


@lru_cache(maxsize=None)
def date_patterns() -> tuple:
    mon = "|".join(re.escape(m) for m in sorted(months(), key=len, reverse=True))
    return tuple((name, re.compile(p, re.I)) for name, p in [
        ("iso", r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?\S*)?(?!\d)"),
        ("numeric", r"(?<![\d.])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})(?!\d)"),
        ("day month year", rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<mon>{mon})\.?,?\s+(?P<y>\d{{4}})(?!\d)"),
        ("year day month", rf"(?<!\d)(?P<y>\d{{4}})\s*(?:ж\.|жылғы|жыл)?\s+(?P<d>\d{{1,2}})\s+(?P<mon>{mon})(?![^\W\d_])"),
        ("month day year", rf"(?<![^\W\d_])(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?!\d)"),
    ])


def date_of(m: re.Match) -> date | None:
    g = m.groupdict()
    month = int(g["m"]) if g.get("m") else months().get(g["mon"].lower())
    try:
        d = date(int(g["y"]), month, int(g["d"]))
    except (TypeError, ValueError):
        return None
    return d if 1990 <= d.year <= 2100 else None


# every date pattern holds a four-digit year: a text without one holds no date
YEAR_DIGITS = re.compile(r"\d{4}")
# a piece of every match of a date pattern, found much faster than the pattern (whose lookbehind
# and alternation of month names re tries at every position): without it, no such date
DATE_GATES = {name: re.compile(p, re.I) for name, p in [
    ("iso", r"\d-\d{1,2}-\d"),
    ("numeric", r"\d[./]\d{1,2}[./]\d{4}"),
    ("year day month", r"\d{4}\s*(?:ж\.|жылғы|жыл)?\s+\d"),
    ("month day year", r"\s\d{1,2},?\s+\d{4}"),  # what follows the month
]}


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first well-formed full date in text: (date, start, stop)."""
    if not YEAR_DIGITS.search(text):
        return None
    found = []
    for name, p in date_patterns():
        if name in DATE_GATES and not DATE_GATES[name].search(text):
            continue
        for m in p.finditer(text):
            d = date_of(m)
            if d:
                found.append((m.start(), m.end(), d))
                break
    if not found:
        return None
    start, stop, d = min(found)
    return d, start, stop


TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")


def date_line(text: str) -> date | None:
    """A line that is a publication date and nothing more: '- 3 ноября, 2023', '17 мая 2022 14:40'."""
    found = find_date(text)
    if not found:
        return None
    d, start, stop = found
    rest = TIME.sub(" ", text[:start] + " " + text[stop:])
    rest = re.sub(r"\d+", " ", rest)  # a view counter beside the date: "12.03.2023 | 1523"
    return d if all(w.lower().strip(".") in date_words() for w in re.findall(r"[^\W\d_]+\.?", rest)) else None


def date_prefix(text: str) -> tuple[date, int, str] | None:
    """'date 2019-04-17 Районный семинар...' -> (date, offset where the text goes on, label kind).

    Only a labelled date counts: '1 января 2011 года эстонцы перестали...' opens a sentence.
    """
    m = re.match(r"[-–—•\s]*([^\W\d_]+(?:\s[^\W\d_]+)?)\s*:?\s*", text)
    if not m or not label_kind(m.group(1)) or not set(m.group(1).lower().split()) <= date_words():
        return None
    found = find_date(text[m.end():m.end() + 40])
    if not found or found[1] != 0:
        return None
    d, _, stop = found
    stop += m.end()
    t = TIME.match(text, stop + len(text[stop:]) - len(text[stop:].lstrip(" ,")))
    return d, (t.end() if t else stop), label_kind(m.group(1))


def present(value) -> str | None:
    """A raw metadata value as a string, or None when missing (None, NaN, pd.NA, blank)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None


def parse_published(value) -> date | None:
    """An explicit raw `published`: ISO or any date form the text parser reads."""
    s = present(value)
    if s is None:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        found = find_date(s)
        return found[0] if found else None


# ---------------------------------------------------------------- line rules


def symbols_only(text):      # *   |   • • •
    return not ALNUM.search(text)


def single_letter(text):     # А  (letter index of a city list)
    return len(text) == 1 and text.isalpha()


COUNTER = re.compile(r"[\W_]*\d[\d  .,]*[\W_]*")


def view_counter(text):      # - 387
    return bool(COUNTER.fullmatch(text)) and len(text) <= 16


CLOCK = re.compile(r"(?:(?:сегодня|вчера|today|yesterday|бүгін|кеше)[,\s]*)?(?:в\s*)?\d{1,2}:\d{2}", re.I)


def time_line(text):         # Сегодня, 10:25
    return bool(CLOCK.fullmatch(text.strip(" -–—•|")))


def two_numbers(text) -> bool:
    """len(NUMBER.findall(text)) >= 2, the numbers after the second not looked for."""
    first = NUMBER.search(text)
    return first is not None and NUMBER.search(text, first.end()) is not None


def numbers_widget(text):    # 471.35   512   5.12  /  468.90  course down  541.20  course up
    if not two_numbers(text) or ends_sentence(text):
        return False
    ws = words(text)
    cyrillic = [w for w in ws if CYRILLIC.search(w)]
    if any(w[0].islower() for w in cyrillic):
        return False
    digits, letters = sum(c.isdigit() for c in text), sum(c.isalpha() for c in text)
    return not cyrillic or digits / (digits + letters) >= 0.4


def site_name(text):         # aqtobe-zhanalyk.kz
    m = DOMAIN.search(text) if DOMAIN_END.search(text) else None
    return bool(m) and not letters_key(text.replace(m.group(1), " ")).strip()


def credit_line(text):       # авторaqtobe-zhanalyk.kz  /  Источник: пресс-служба акимата
    return credit(text) is not None


def marker_line(text):       # ПОДЕЛИТЬСЯ  /  Нашли ошибку? Нажмите Ctrl+Enter
    spans = sentences(text)
    found = marker(text, one_sentence=len(spans) == 1)
    if found or len(spans) == 1:
        return found
    # several sentences: chrome when every one of them is (the first that is not settles it)
    hits = []
    for a, b in spans:
        hits.append(marker(text[a:b]))
        if not hits[-1]:
            return None
    return hits[0]


def menu_line(text):         # О нас Контакты  /  Главная / Новости / Общество
    return menu_words_only(text) and not ends_sentence(text) or rubric_row(text)


def menu_words_only(text) -> bool:
    """2 to 10 words, all of them menu words."""
    if ELEVEN_WORDS.match(text):  # a paragraph: its hundreds of words need not be read
        return False
    ws = LETTERS.findall(text)
    return 2 <= len(ws) <= 10 and all(w.lower().replace("ё", "е") in vocab.word_set("nav_words.txt") for w in ws)


# items of a menu row: split by wide gaps or bars; without them every word is an item
PROSE_PUNCTUATION = re.compile(r"[,;:!?()«»\"]")
MENU_GAP = re.compile(r"\s{2,}|\s*[|•·]\s*")


def rubric_row(text):        # Новости   Регионы   Афиша номера  /  Жаңалықтар Қоғам Білім Спорт
    """A row of capitalised section names, most of them menu words, with or without bars."""
    if ends_sentence(text) or DIGIT.search(text) or PROSE_PUNCTUATION.search(text):
        return False
    items = [p for p in MENU_GAP.split(text) if p.strip()]
    if len(items) < 2:
        items = text.split()
    ws = [w.lower().replace("ё", "е") for w in words(text)]
    return (len(items) >= 3 and len(ws) <= 14 and all(len(p.split()) <= 2 and p[:1].isupper() for p in items)
            and sum(w in vocab.word_set("nav_words.txt") for w in ws) >= max(2, len(ws) / 2))


def nav_piece(text):
    ws = [w.lower().replace("ё", "е") for w in words(text)]
    return bool(ws) and all(w in vocab.word_set("nav_words.txt") for w in ws)


# a breadcrumb trail: '›', '»', '>', '→' between pieces; bars, bullets and slashes only with a
# menu word among the pieces ('Казинформ | Регионы'), since a headline may hold a bar
TRAIL = re.compile(r"\s+[›»>→]\s+")
CRUMB_SEPARATOR = re.compile(r"\s+[›»>→/]\s+|\s*[|•·]\s*")
SPACED_ARROW = re.compile(r"\s[›»>→/]\s")


def crumbs(text):            # Главная › Пресс-центр › Новости  /  Агентство | Регионы | Область
    if not ("|" in text or "•" in text or "·" in text or SPACED_ARROW.search(text)):  # no separator: one piece
        return False
    pieces = [p for p in CRUMB_SEPARATOR.split(text) if ALNUM.search(p)]
    if len(pieces) < 2 or any(len(p.split()) > 4 for p in pieces) or ends_sentence(text):
        return False
    navs = sum(nav_piece(p) for p in pieces)
    # a digit ('Подписка-2024', a date) is fine in a row with two menu items or more
    if DIGIT.search(text):
        return navs >= 2
    return bool(TRAIL.search(text)) or navs > 0


def caps_banner(text):       # 6 ИЮЛЯ - ДЕНЬ СТОЛИЦЫ
    if len(text.split()) > 6:  # first: counting the letters of a long paragraph is dear
        return False
    letters = [c for c in text if c.isalpha()]
    return (len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)
            and not ends_sentence(text))


def rubric_piece(text):      # Общество  /  Оқиға  (a section name inside a metadata line)
    ws = words(text)
    first = text.lstrip(" -–—•*·|")[:1]
    return 1 <= len(ws) <= 3 and first.isupper() and not DIGIT.search(text) and not ends_sentence(text)


WEATHER = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*(?: [\w-]+)?\s+[+−-]?\d{1,2}(?:\s?°\s?[CС]?)?")


def weather_piece(text):     # Павлодар −3°  (beside the date in a page header)
    return bool(WEATHER.fullmatch(text.strip())) and "°" in text or bool(re.fullmatch(r"[+−-]?\d{1,2}\s?°\s?[CС]?", text.strip()))


def counter_piece(text):     # Просмотров: 1 284  /  Қаралды: 87  /  👁 518
    return view_counter(text) or (bool(DIGIT.search(text)) and letters_key(text) in markers().whole)


# pieces of a metadata line are split by bars, bullets, spaced dashes or slashes, or wide gaps
META_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s+[—–/]\s+|\s{2,}")
META_PIECES = [
    ("date", date_line),
    ("time", time_line),
    ("counter", counter_piece),
    ("credit", credit),
    ("marker", marker),
    ("rubric", rubric_piece),
    ("weather", weather_piece),
]


def meta_piece(text) -> str | None:
    return next((name for name, rule in META_PIECES if rule(text)), None)


def meta_line(text: str, head: bool = True) -> date | None:
    return best_date(meta_dates(text, head))


def meta_dates(text: str, head: bool = True) -> list:
    """The dates of a metadata line as (rank, date): a date beside a rubric, time, author or view counter.

    '05.09.2023 11:18 | Автор: Иван Петров | Просмотров: 87' -> 2023-09-05. A date beside
    rubrics alone ('Новости | 17 февраля 2025') wants menu-word rubrics and counts only in the
    head, above the first paragraph of prose: a photo caption ('Выступление хора  12 мая 2021
    года') or a list item of events in the body has the same shape.
    """
    if len(text.split()) > 20:
        return []
    pieces = [p for p in META_SEPARATOR.split(text) if ALNUM.search(p)]
    if len(pieces) < 2:
        return []
    kinds = []
    for p in pieces:  # one piece of no kind is enough: the rest need not be tried
        kinds.append(meta_piece(p))
        if kinds[-1] is None:
            return []
    if "date" not in kinds:
        return []
    rubrics_only = set(kinds) <= {"date", "rubric"} and not label_kind(text)
    if rubrics_only and not (head and all(nav_piece(p) for p, k in zip(pieces, kinds) if k == "rubric")):
        return []
    return [(date_rank(p), date_line(p)) for p, k in zip(pieces, kinds) if k == "date"]


LINE_RULES = [
    ("symbols only", symbols_only),
    ("single letter", single_letter),
    ("view counter", view_counter),
    ("time line", time_line),
    ("numbers widget", numbers_widget),
    ("site name", site_name),
    ("credit line", credit_line),
    ("marker", marker_line),
    ("menu line", menu_line),
    ("breadcrumbs", crumbs),
    ("caps banner", caps_banner),
]


def latin_line(text):        # Follow Instagram  /  Steppenews  (in a Cyrillic text)
    return (not CYRILLIC.search(text) and bool(LATIN.search(text)) and len(text.split()) <= 2
            and not DIGIT.search(text) and not ends_sentence(text))


def classify(text: str, cyrillic_doc: bool = True) -> str | None:
    """The rule that makes a line chrome, on the line alone; None for a line that may be content."""
    if not text:
        return None
    for name, rule in LINE_RULES:
        hit = rule(text)
        if hit:
            return f"{name} {hit!r}" if isinstance(hit, str) else name
    if cyrillic_doc and latin_line(text):
        return "latin line"
    return None


def chrome_sentence(text: str) -> str | None:
    """Why a sentence glued onto a paragraph is chrome: a marker or a credit."""
    found = marker(text)
    if found:
        return f"marker {found!r}"
    return "credit line" if credit(text) else None


def chrome_tail(text: str) -> tuple[int, str] | None:
    """Where trailing chrome sentences of a paragraph start, and why; None when there are none.

    '...рассказал аким района.Ознакомьтесь с правилами комментирования.' -> (start of 'Ознакомьтесь', ...).
    Offset 0 means every sentence of the line is chrome.
    """
    cut = None
    for start, stop in reversed(sentences(text)):
        why = chrome_sentence(text[start:stop])
        if not why:
            break
        cut = (start, why if start == 0 else f"glued sentence: {why}")
    return cut


# ---------------------------------------------------------------- corpus profile (recurring lines)

PROFILE_MAX_CHARS = 200
PROFILE_MAX_KEYS = 2_000_000
MIN_CORPUS = 5


DIGITS = re.compile(r"\d+")


def line_hash(text: str) -> int:
    """Stable across processes (unlike hash()): lowercased, digits folded ('Просмотров: 387')."""
    return key_hash(key(text))


def key_hash(k: str) -> int:
    k = DIGITS.sub("0", k)
    return int.from_bytes(hashlib.blake2b(k.encode(), digest_size=8).digest(), "little")


# the line breaks split_lines cuts at, and the odd spaces normalise_char makes plain spaces
BREAKS_AND_ODD_SPACES = {**ODD_SPACE_TABLE, **{ord(c): " " for c in "\n" + RARE_BREAKS}}


def hashes_name_lines(text: str) -> bool:
    """Are doc_line_hashes(text) the line_hash of each of its short lines as the clean stage
    reads them (line_texts)? Yes when normalising drops no character: it only makes odd spaces
    plain, and `key` reads every space alike."""
    if text.replace("\n", " ").replace("\xa0", " ").isprintable():  # most texts; translate() is ~30x slower
        return True
    return text.translate(BREAKS_AND_ODD_SPACES).isprintable()


def doc_line_hashes(text: str) -> set:
    # the key of each line once: the profile reads every line of the corpus on one core
    keys = (key(t) for t in (ln.strip() for ln in split_lines(text or "")) if t and len(t) <= PROFILE_MAX_CHARS)
    return {key_hash(k) for k in keys if k}


def profile(raw_batches) -> dict:
    """Corpus context: in how many documents each short line occurs (hashed, bounded memory)."""
    return profile_of_texts(text for raw in raw_batches for text in raw["text"])


def profile_of_texts(texts) -> dict:
    return profile_of_line_hashes(map(doc_line_hashes, texts))


def profile_of_line_hashes(docs) -> dict:
    """The profile from each document's doc_line_hashes."""
    counts, n = {}, 0
    for hashes in docs:
        n += 1
        for h in hashes:
            counts[h] = counts.get(h, 0) + 1
        if len(counts) > PROFILE_MAX_KEYS:
            counts = {h: c for h, c in counts.items() if c > 1}
    # every process of a run holds the profile: a line seen in fewer documents than either bar
    # of `recurring` asks for could never count, and is left out
    return {"n_docs": n, "line_docs": {h: c for h, c in counts.items() if c >= MIN_RECURRING_DOCS}}


MIN_RECURRING_DOCS = 3  # the fewest documents a recurring line is seen in, short or long


def recurring(text: str, context) -> bool:
    """A line seen in many documents of the corpus is the site's, not the article's.

    Short lines need 3 documents (or 1 %); a sentence needs 5 (or 10 %), so a press release
    reprinted by three sites keeps its paragraphs.
    """
    if not context or context.get("n_docs", 0) < MIN_CORPUS or len(text) > PROFILE_MAX_CHARS:
        return False
    return recurs(text, context["line_docs"].get(line_hash(text), 0), context["n_docs"])


def recurs(text: str, seen: int, n_docs: int) -> bool:
    """`recurring` for a line seen in `seen` documents of n_docs."""
    short, sentence = recurrence_bars(n_docs)
    return seen >= (short if len(text.split()) < 7 and not is_body(text) else sentence)


def recurrence_bars(n_docs: int) -> tuple[float, float]:
    """In how many documents of n_docs a short line, and a sentence, must be seen to recur;
    the first is never the higher."""
    return max(MIN_RECURRING_DOCS, 0.01 * n_docs), max(5, 0.10 * n_docs)


# ---------------------------------------------------------------- document


@dataclass
class Cleaned:
    text: str
    title: str | None
    published: date | None
    source: str | None
    language: str | None
    removed: list  # (raw start, raw stop, text, rule)


@dataclass
class Slot:
    line: Line
    rule: str | None = None    # why the line goes; None while it stays
    kind: str = "text"         # text | blank | meta | title


KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KAZAKH_LATIN = set("áǵńóúýıÁǴŃÓÚÝİ")


def language(text: str) -> str | None:
    """'kk', 'ru' or 'en' from the words: Kazakh when many words carry Kazakh-only letters.

    A Russian text quoting Kazakh names ('проект «Жасыл өңір»') has some such words too, but
    also its Russian function words; a Kazakh text has almost none of those.
    """
    ws = words(text)
    if not ws:
        return None
    counts = Counter(map(word_language, ws))  # (cyrillic, kazakh letters, russian stop word, kazakh latin) -> words
    cyr = sum(n for facts, n in counts.items() if facts[0])
    if cyr * 2 >= len(ws):
        kk = sum(n for facts, n in counts.items() if facts[0] and facts[1]) / cyr
        ru = sum(n for facts, n in counts.items() if facts[0] and facts[2]) / cyr
        return "kk" if kk >= 0.25 or (kk >= 0.1 and ru < 0.1) else "ru"
    return "kk" if sum(n for facts, n in counts.items() if facts[3]) >= 0.1 * len(ws) else "en"


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def word_language(word: str) -> tuple[bool, bool, bool, bool]:
    """What `language` asks of a word, asked once per word form."""
    return (bool(CYRILLIC.search(word)), not KAZAKH.isdisjoint(word),
            word.lower().replace("ё", "е") in vocab.word_set("stopwords_ru.txt"), not KAZAKH_LATIN.isdisjoint(word))


def date_rank(text: str) -> int:
    """0 for a publication date (labelled or not), 1 for a header's date beside the weather ('5 марта 2024, вторник | Павлодар −3°') counts too;
a date labelled as a later change."""
    return int(label_kind(text) == "updated")


def mark_lines(slots, context, cyrillic_doc) -> list:
    """Classify every line on its own; returns the dates of date and metadata lines as (rank, date)."""
    dates, head = [], True
    for s in slots:
        text = s.line.text
        if not text:
            s.kind = "blank"
            continue
        d = date_line(text)
        if d:
            s.kind, s.rule = "meta", "date line"
            dates.append((date_rank(text), d))
            continue
        found = meta_dates(text, head)
        if found:
            s.kind, s.rule = "meta", "metadata line"
            dates += found
            continue
        s.rule = classify(text, cyrillic_doc) or ("recurring line" if recurring(text, context) else None)
        # the head ends at the first paragraph of prose; a long headline is no paragraph
        head = head and not (not s.rule and is_body(text) and ends_sentence(text))
    return dates


def best_date(dates: list) -> date | None:
    """The first publication date; a date of a later change only when there is no other."""
    return min(dates, key=lambda r: r[0])[1] if dates else None


def mark_weather(slots):
    """Runs of 'Алматы 23', 'Астана -7' lines (letter index lines between them): a weather widget."""
    city = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*(?: [\w-]+)? [+−-]?\d{1,2}(?:\s?°\s?[CС]?)?")
    texts = [s for s in slots if s.kind == "text"]
    hits = [bool(city.fullmatch(s.line.text)) for s in texts]
    for i, s in enumerate(texts):
        near = hits[max(0, i - 2):i] + hits[i + 1:i + 3]
        if hits[i] and any(near):
            s.rule = s.rule or "weather widget"


def lift_date_prefix(slots):
    """'date 2019-04-17 Районный семинар...': the labelled date leaves the paragraph."""
    pieces, dates = [], []
    for s in slots:
        if s.kind != "text" or s.rule:
            continue
        found = date_prefix(s.line.text)
        if found:
            d, stop, kind = found
            pieces.append((s.line.cut(0, stop), "date label"))
            s.line = s.line.cut(stop)
            dates.append((int(kind == "updated"), d))
    return dates, pieces


def rubric(text):            # Общество  (the section name above a headline)
    ws = letters_key(text).split()
    return 1 <= len(ws) <= 2 and all(w in vocab.word_set("nav_words.txt") for w in ws)


def breadcrumb(text, next_text):  # Казахстан  (above 'Аким Алматы поручил проверить госзакупки')
    return (len(text.split()) <= 2 and not ends_sentence(text) and is_headline(next_text)
            and not is_body(next_text) and len(next_text.split()) > len(text.split()) + 2)


# a news agency's dateline opening the first paragraph: "АСТАНА. 5 апреля. KAZINFORM – ",
# "АЛМАТЫ. КазТАГ – ", "МОСКВА, 1 авг — РИА Новости. " (the city in capitals, so prose never matches)
CAPS_CITY = r"[А-ЯЁӘҒҚҢӨҰҮҺІ][А-ЯЁӘҒҚҢӨҰҮҺІ-]{2,}(?:[ -][А-ЯЁӘҒҚҢӨҰҮҺІ-]{2,})?"
DAY_MONTH = r"\d{1,2}\s+[^\W\d_]{3,10}\.?"
DATELINE = re.compile(
    rf"(?:{CAPS_CITY}[.,]\s+(?:{DAY_MONTH}[.,]?\s+)?(?P<agency>[A-ZА-ЯЁ][\w.]*(?: [A-ZА-ЯЁ][\w.]*){{0,2}})\s*[–—-]{{1,2}}\s+"
    rf"|{CAPS_CITY},\s+(?:{DAY_MONTH}\s+)?[–—-]{{1,2}}\s+(?P<agency2>[A-ZА-ЯЁ][\w.-]*(?: [A-ZА-ЯЁ][\w.-]*){{0,2}})\.\s+)"
    rf"(?=[«\"A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")


def lift_dateline(slots) -> tuple[list, str | None]:
    """The dateline goes from the first paragraph: its agency is the source, not an organisation
    of the story. Returns (removed pieces, agency)."""
    for s in slots:
        if s.kind == "text" and not s.rule:
            m = DATELINE.match(s.line.text)
            if not m:
                break
            piece = s.line.cut(0, m.end())
            s.line = s.line.cut(m.end())
            return [(piece, "dateline")], (m.group("agency") or m.group("agency2")).strip()
    return [], None


BANNER_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s+[—–/›»]\s+")
DASH = re.compile(r"\s+[—–]\s+")


def site_banner(text, next_text):  # Заря • Новости района  /  Официальный интернет-ресурс акимата района
    """The site's name above the headline: short pieces split by bars, bullets or slashes (by a
    dash only when a piece opens with a menu word), or a line naming itself a site."""
    if ends_sentence(text) or len(text.split()) > 12 or not is_headline(next_text) or ends_sentence(next_text):
        return False
    if markers().banner.search(text.lower().replace("ё", "е")):
        return True
    pieces = [p for p in BANNER_SEPARATOR.split(text) if ALNUM.search(p)]
    if len(pieces) < 2 or any(len(p.split()) > 5 for p in pieces) or DIGIT.search(text):
        return False
    dash_only = all(DASH.fullmatch(sep) for sep in BANNER_SEPARATOR.findall(text))
    return not dash_only or any(nav_piece(p.split()[0]) for p in pieces)


def above_banner(text, banner, next_text) -> str | None:
    """'Акимат области' above 'Официальный интернет-ресурс': a short line right above a line that
    names itself the site ('@' markers) is the site's name, the two lines one banner."""
    if ends_sentence(text) or len(text.split()) > 12 or not markers().banner.search(banner.lower().replace("ё", "е")):
        return None
    return "site banner" if site_banner(banner, next_text) else None


def head_chrome(text, next_text) -> str | None:
    """Why a line above the headline is chrome: a rubric, a breadcrumb, the site's banner."""
    if rubric(text) or breadcrumb(text, next_text):
        return "rubric"
    return "site banner" if site_banner(text, next_text) else None


def next_line(slots, slot) -> str:
    """The text of the next line below, chrome or not: a banner above a menu row that already
    went still stands above a headline-shaped line."""
    i = slots.index(slot)
    return next((s.line.text for s in slots[i + 1:] if s.kind == "text"), "")


def pick_title(slots, raw_title):
    """The headline at the top (first line left that is headline-shaped and followed by prose),
    after the chrome above it goes."""
    live = [s for s in slots if s.kind == "text" and not s.rule]
    while len(live) > 2 and (why := head_chrome(live[0].line.text, live[1].line.text)
                             or head_chrome(live[0].line.text, next_line(slots, live[0]))
                             or len(live) > 3 and above_banner(live[0].line.text, live[1].line.text, live[2].line.text)):
        live.pop(0).rule = why
    if raw_title or len(live) < 2 or not is_headline(live[0].line.text):
        return None
    if not any(is_body(s.line.text) for s in live[1:]):
        return None
    live[0].kind = "title"
    return live[0].line.text


def mark_blocks(slots):
    """After a 'Читайте также' header, headline-shaped lines are links, up to the next paragraph of prose."""
    inside = False
    for s in slots:
        if s.kind in ("blank", "meta"):
            continue
        if s.kind == "text" and block_header(s.line.text):
            inside = True
            continue
        # a linked headline may be long and full of prepositions; prose ends a sentence
        if inside and s.kind == "text" and not s.rule and (link_shaped(s.line.text) or not is_body(s.line.text)):
            s.rule = "related links"
        elif inside and s.kind == "text" and not s.rule:
            inside = False


def link_shaped(text):       # В Павлодаре открыли новый мост 12:40
    """A headline of another article: a few words, capitalised, no full stop at the end."""
    first = text.lstrip("-–—•*·» ")[:1]
    return (is_headline(text) and not ends_sentence(text) and len(words(text)) >= 4
            and (first.isupper() or first.isdigit() or first in "«\""))


def mark_related_tail(slots):
    """Two or more headline-shaped lines at the end of the page, after a paragraph that ends a
    sentence, list other articles even with no header above them."""
    run = []
    for s in reversed(slots):
        if s.kind == "blank" or is_chrome(s):
            continue
        if s.kind == "text" and link_shaped(s.line.text):
            run.append(s)
            continue
        # a paragraph ending in a colon introduces a list of the article's own
        if len(run) >= 2 and s.kind == "text" and ends_sentence(s.line.text) and not s.line.text.endswith(":"):
            for r in run:
                r.rule = "related links"
        return


def is_chrome(s):
    return s.kind == "meta" or (s.kind == "text" and bool(s.rule))


def mark_trailing(slots):
    """After the last paragraph of prose, a block holding chrome is all chrome: short lines in it
    ('Steppenews', 'Алматы') go, and so do headline-shaped ones after its first chrome line."""
    tail = []
    for s in reversed(slots):
        if s.kind == "title" or (s.kind == "text" and not s.rule and is_body(s.line.text)):
            break
        tail.append(s)
    tail.reverse()
    if not any(is_chrome(s) for s in tail):  # no chrome at all: the article just ends short
        return
    seen_chrome = False
    for s in tail:
        if is_chrome(s):
            seen_chrome = True
        elif s.kind == "text" and (is_short(s.line.text) or (seen_chrome and is_headline(s.line.text))):
            s.rule = "trailing block"


def mark_between(slots):
    """Short lines with chrome on both sides are chrome (jusText's context rule)."""
    solid = [s for s in slots if s.kind != "blank"]
    i = 0
    while i < len(solid):
        if solid[i].kind == "text" and not solid[i].rule and is_short(solid[i].line.text):
            j = i
            while j < len(solid) and solid[j].kind == "text" and not solid[j].rule and is_short(solid[j].line.text):
                j += 1
            if 0 < i and j < len(solid) and is_chrome(solid[i - 1]) and is_chrome(solid[j]):
                for s in solid[i:j]:
                    s.rule = "between chrome"
            i = j
        else:
            i += 1


def mark_repeats(slots, title):
    """A title or lead printed twice: the first stays (the title in `title`), later copies go.

    Only the title and paragraphs of prose count: list lines such as '• Топалов — Нисипяну 1:0'
    may well repeat.
    """
    seen = {key(title): "repeated title"} if title else {}
    for s in slots:
        if s.kind not in ("text", "title") or s.rule:
            continue
        k = key(s.line.text)
        if k in seen and s.kind != "title":
            s.rule = seen[k]
        elif s.kind == "text" and is_body(s.line.text) and len(k.split()) >= 8:
            seen[k] = "repeated lead"


def cut_tails(slots):
    """Chrome sentences glued onto a paragraph ('...Сапаров.Ознакомьтесь с правилами комментирования.')."""
    pieces = []
    for s in slots:
        if s.kind != "text" or s.rule:
            continue
        found = chrome_tail(s.line.text)
        if not found:
            continue
        start, why = found
        if start == 0:
            s.rule = why
        else:
            pieces.append((s.line.cut(start), why))
            s.line = s.line.cut(0, start)
    return pieces


def find_source(pieces, url) -> str | None:
    """The site name as the page states it: a 'Источник:' credit, a site in the chrome, the URL,
    or a lone Latin name among the chrome ('Steppenews')."""
    texts = [p.text for p, _ in pieces]
    credits = {t: credit(t) for t in texts}
    for t, c in credits.items():
        if c and c[2] and (c[1] == "source" or (c[1] != "photo" and DOMAIN.fullmatch(c[2]))):
            return c[2]
    for t in texts:
        site = site_domain(t)
        if site and not (credits[t] and credits[t][1] == "photo"):
            return site
    host = url_host(url)
    if host:
        return host.removeprefix("www.")
    for p, rule in pieces:
        if rule in ("latin line", "trailing block") and re.fullmatch(r"[A-Z][A-Za-z]+", p.text):
            return p.text
    return None


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlparse(url if "//" in url else "//" + url).hostname
    except ValueError:  # 'http://[broken': urlparse reads '[' as an IPv6 literal
        return None


def clean_text(text: str, title: str | None = None, published=None, url: str | None = None,
               context=None) -> Cleaned:
    """One raw text -> cleaned body and metadata; `removed` holds raw offsets of every cut."""
    text, title, url = present(text) or "", present(title), present(url)
    slots = [Slot(line) for line in raw_lines(text)]
    raw_title = normalise(title).replace("\n", " ") if title else None
    cyrillic_doc = language(text) in ("ru", "kk")
    dates = mark_lines(slots, context, cyrillic_doc)
    mark_weather(slots)
    prefix_dates, pieces = lift_date_prefix(slots)
    found_title = pick_title(slots, raw_title)
    dateline, agency = lift_dateline([s for s in slots if s.kind != "title"])
    pieces += dateline
    mark_blocks(slots)
    mark_related_tail(slots)
    mark_trailing(slots)
    mark_between(slots)
    mark_repeats(slots, raw_title or found_title)
    pieces += cut_tails(slots)
    pieces += [(s.line, s.rule) for s in slots if s.rule]
    pieces.sort(key=lambda p: p[0].start)
    body = assemble([s.line.text for s in slots if s.kind in ("text", "blank") and not s.rule])
    title = raw_title or found_title
    return Cleaned(
        text=with_headline(body, title),
        title=title,
        published=parse_published(published) or best_date(prefix_dates + dates),
        source=agency or find_source(pieces, url),
        language=language(body),
        removed=[(p.start, p.stop, p.text, rule) for p, rule in pieces if p.text],
    )


def with_headline(body: str, title: str | None) -> str:
    """The headline opens the text as its first paragraph: it names the event, the region and
    often the official, and extracted rows need offsets into one text."""
    if not title or body.startswith(title):
        return body
    return assemble([title, ""] + body.split("\n")) if body else title


# ---------------------------------------------------------------- batch and stage


def clean(raw, context=None):
    """raw frame -> (documents frame, boilerplate frame)."""
    docs, removed = [], []
    for r in raw.itertuples(index=False):
        c = clean_text(r.text, r.title, r.published, r.url, context)
        docs.append({"doc_id": r.doc_id, "title": c.title, "published": c.published, "source": c.source,
                     "url": r.url, "language": c.language, "encoding": r.encoding, "text": c.text})
        removed += [{"doc_id": r.doc_id, "start": s, "stop": e, "text": t, "rule": rule}
                    for s, e, t, rule in c.removed]
    return io.frame(docs, schema.DOCUMENTS), io.frame(removed, schema.BOILERPLATE)


def apply(batch, context=None):
    documents, boilerplate = clean(batch["raw"], context)
    return {"documents": documents, "boilerplate": boilerplate}
