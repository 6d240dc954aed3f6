"""documents + tokens + lemmas + mentions -> organisations: every mention of an organisation
with its full extent, nominative name, kind and region; mentions of one organisation share org_id.

natasha's ORG spans are the base. Rules then (1) drop what is never an organisation (region
abbreviations, months, site chrome, names of projects), (2) find the organisations natasha
misses from their head nouns ('в акимате Атырауской области', 'в средней школе № 1'), (3) widen every span
to its legal form, adjectives, closing quote and complements ('по … области', 'при …',
'имени …', genitives), and (4) put the head and its adjectives in the nominative.
"""
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

import pandas as pd

from . import io, kazakh, nlp, regions, schema, vocab
from .lemmatize import analyse, lemma, lemmas

INPUTS = ("documents", "tokens", "lemmas", "mentions")
OUTPUTS = ("organisations",)

QUOTES_OPEN = "«“„\""
QUOTES_CLOSE = "»”\""
TITLE_PUNCTUATION = set(":;,!?—–")  # inside a quotation: a headline or a title, not a name
PREPOSITIONS_IN_NAME = {"по", "при"}  # 'департамент … по Павлодарской области', 'совет при партии …'
EPONYM = {"имени", "им"}
EPONYM_TITLES = {"хан", "батыр", "би", "ата", "ана", "акын"}  # 'имени Абылай хана', 'имени Райымбек батыра'


ABBR_CASE = re.compile(r"([А-ЯЁ]{2,})(а|у|ом|е|ы|ой|ов|ам|ами|ах)")  # 'МИДа', 'в МИДе', 'ВУЗов', 'в ЦОНах'


@dataclass(slots=True)  # millions are made per corpus: slots make them cheaper
class Tok:
    start: int
    stop: int
    text: str
    lemma: str
    pos: str
    tag: str


@dataclass(frozen=True)
class Org:
    start: int
    stop: int
    head: int | None  # token index of the head noun, None when the name has none ('ООН')
    rule: str
    core: tuple = ()  # natasha's own extent (start, stop), used when the name is nested in another


# ---------------------------------------------------------------- vocabularies

@lru_cache(maxsize=None)
def heads() -> dict:
    return {lemma(h): kind for h, kind in vocab.table("org_heads.tsv")}


@lru_cache(maxsize=None)
def forms() -> dict:
    return {f: kind for f, kind in vocab.table("org_forms.tsv")}


@lru_cache(maxsize=None)
def kind_words() -> list:
    return [(tuple(lemma(w) for w in words.split()), kind) for words, kind in vocab.table("org_kind_words.tsv")]


@lru_cache(maxsize=None)
def kind_words_by_first() -> dict:
    """First lemma -> [(rank in kind_words(), lemmas, kind)]: only entries whose first word is
    there can match at a position."""
    out = {}
    for rank, (words, kind) in enumerate(kind_words()):
        out.setdefault(words[0] if words else None, []).append((rank, words, kind))
    return out


def first_kind_word(lemmas_: list) -> str | None:
    """The kind of the first entry of kind_words() (in file order) found anywhere in lemmas_."""
    index = kind_words_by_first()
    best = None
    if None in index and lemmas_:  # an empty entry matches at the first position
        best = index[None][0]
    for k, w in enumerate(lemmas_):
        for entry in index.get(w, ()):
            if (best is None or entry[0] < best[0]) and tuple(lemmas_[k:k + len(entry[1])]) == entry[1]:
                best = entry
    return best[2] if best is not None else None


@lru_cache(maxsize=None)
def not_org_words() -> frozenset:
    return frozenset(lemma(e) for e in vocab.entries("org_stopwords.txt"))


@lru_cache(maxsize=None)
def platforms() -> frozenset:
    return frozenset(e.lower() for e in vocab.entries("org_platforms.txt"))


@lru_cache(maxsize=None)
def chrome_cues() -> frozenset:
    return frozenset(lemma(e) for e in vocab.entries("org_chrome_cues.txt"))


@lru_cache(maxsize=None)
def place_adjectives() -> frozenset:
    return frozenset(lemma(e) for e in vocab.entries("org_place_adjectives.txt"))


@lru_cache(maxsize=None)
def territories() -> frozenset:
    """Units of territory ('область', 'район'): 'управление образования области' is that unit's body."""
    return frozenset(lemma(e) for e in vocab.sections("bodies.txt")["territories"] if " " not in e)


@lru_cache(maxsize=None)
def lemmas_of(name: str) -> frozenset:
    """Lemmas of the one-word entries of vocab/NAME, for lists matched on a token's lemma."""
    return frozenset(lemma(e) for e in vocab.entries(name))


@lru_cache(maxsize=None)
def programme_heads() -> frozenset:
    return frozenset(lemma(e) for e in vocab.entries("org_not_before.txt"))


# ---------------------------------------------------------------- token predicates

# caches of pure functions of a word form, bounded like nlp's (news repeats its words)
WORD_CACHE_SIZE = nlp.WORD_CACHE_SIZE
RUSSIAN_WORD = re.compile(r"[А-Яа-яЁё-]+")


def cases(t: Tok) -> set:
    return set(word_cases(t.text))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def word_cases(word: str) -> tuple:
    """The cases of pymorphy3's parses of the word, in parse order."""
    if not RUSSIAN_WORD.fullmatch(word):
        return ()
    return tuple(p.tag.case for p in nlp.parses(word) if p.tag.case)


def is_capital(t: Tok) -> bool:
    return t.text[:1].isupper()


def is_abbr(t: Tok) -> bool:
    """'РК', 'ЮКО', 'ДГСиПК', 'ООН': two or more capitals."""
    return len(t.text) >= 2 and sum(c.isupper() for c in t.text) >= 2 and t.text[:1].isupper()


LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.&'-]*")
ADJECTIVE_ENDING = re.compile(r"(ск|цк|н|в)(ий|ый|ой|ая|ое|ого|ому|ом|ым|ую|ых)$")
ORDINAL = re.compile(r"\d{1,3}-?(й|я|е|ая|ой|ый|ий|ое|го|ой|м|ю|ую)")


def is_latin(t: Tok) -> bool:
    return bool(LATIN_NAME.fullmatch(t.text))


def is_adjective(t: Tok) -> bool:
    return t.pos in ("ADJF", "PRTF") or t.pos == "" and bool(ADJECTIVE_ENDING.search(t.text))


def is_ordinal(t: Tok) -> bool:
    """'2-я', '16-й', '13-ая': a number that makes a common head one body ('2-я городская больница')."""
    return bool(ORDINAL.fullmatch(t.text))


ORDINAL_ENDINGS = {"masc": "й", "femn": "я", "neut": "е"}


def is_noun_like(t: Tok) -> bool:
    return t.pos == "NOUN" or (t.pos == "" and is_capital(t) and t.text[:1].isalpha())


def is_head(t: Tok) -> bool:
    return t.lemma in heads() and "plur" not in t.tag


def is_form(t: Tok) -> bool:
    return t.text in forms()


# ---------------------------------------------------------------- extent: left and right

def quote_span(toks: list[Tok], i: int) -> int | None:
    """Index after the closing quote of a quoted name opening at toks[i], or None. A name may
    nest a quote and lose its last one: '"Республиканское движение за чистоту "ТАЗА ҚОҒАМ"'."""
    if toks[i].text not in QUOTES_OPEN:
        return None
    for j in range(i + 1, min(len(toks), i + 15)):
        if toks[i].text == "„":  # '„Честный выбор“': the German pair, whose close is an opening quote elsewhere
            if toks[j].text in "“”":
                return j + 1
        elif toks[j].text in QUOTES_CLOSE and toks[j].text != "\"" or toks[j].text == "\"" and not (
                j + 1 < len(toks) and is_capital(toks[j + 1]) and toks[j + 1].start == toks[j].stop):
            return j + 1
        if "\n" in between(toks, j) or toks[j].text in ".;":
            return None
    return None


def between(toks, j) -> str:
    return "" if j == 0 else " " * (toks[j].start - toks[j - 1].stop)


def gap(text: str, a: Tok, b: Tok) -> str:
    return text[a.stop:b.start]


def left_edge(toks, text, i) -> int:
    """Start index widened over agreeing adjectives and a legal form: 'РОО', 'средней', 'Актюбинского областного'."""
    j = i
    while j > 0 and (is_adjective(toks[j - 1]) and adjective_agrees(toks[j - 1], toks[i]) and not governs(toks, j - 1, toks[i])
                     or is_ordinal(toks[j - 1])) and "\n" not in gap(text, toks[j - 1], toks[j]):
        j -= 1
    if j > 0 and is_form(toks[j - 1]) and "\n" not in gap(text, toks[j - 1], toks[j]):
        j -= 1
    return j


def governs(toks, k, noun: Tok) -> bool:
    """toks[k], an active transitive participle, takes the noun after it as its object: when the
    accusative is their only case in common ('возглавлявшего аппарат …'), or when it opens a
    participial phrase after a comma ('чиновник, возглавлявший отдел …'). Otherwise it is read as
    the noun's modifier ('обслуживающего банка', 'координирующий совет')."""
    t = toks[k]
    if not (t.pos == "PRTF" and "tran" in t.tag and "actv" in t.tag):
        return False
    return cases(t) & cases(noun) == {"accs"} or k > 0 and toks[k - 1].text == ","


def adjective_agrees(adj: Tok, noun: Tok) -> bool:
    """Same case and number (pymorphy3 sets of the two words intersect)."""
    return bool(cases(adj) & cases(noun)) or not cases(adj) or not cases(noun)


def right_edge(toks, text, i, stop_at, after_quote=False, strict=False) -> int:
    """Index after the last token of the name whose head (or last token) is toks[i-1]:
    complements in the genitive, 'по …', 'при …', 'имени …', '№ 4', quoted names, abbreviations.
    After a quoted name only 'по …', 'при …' and 'имени …' follow: 'НАО "…" Министерства …' are two.
    `strict` (natasha's spans, whose right edge is mostly right) admits only named complements:
    'МИД Грузии', 'ДГСиПК по Атырауской области', never 'суд комплекса зданий'."""
    j = i
    if j > 0 and toks[j - 1].text.lower() in EPONYM:
        j = eponym_end(toks, j - 1)  # natasha's 'Театр им' + '. Йозефа Бойса'
    named = after_quote  # past a quoted name: genitives after it belong to another body
    after_quote = after_quote or strict
    while j < len(toks) and j not in stop_at and "\n" not in gap(text, toks[j - 1], toks[j]):
        t = toks[j]
        q = quote_span(toks, j)
        if q and not after_quote:
            j, after_quote, named = q, True, True
        elif t.text in ("№", "N") and j + 1 < len(toks) and toks[j + 1].text[:1].isdigit():
            j, after_quote = j + 2, True  # 'школа № 12' + 'города' is where it is, not its name
        elif t.text.lower() in EPONYM:
            if eponym_end(toks, j) == j:
                break  # 'имени' before no name: the loop would never move on
            j = eponym_end(toks, j)
        elif t.lemma in PREPOSITIONS_IN_NAME and j + 1 < len(toks) and (j + 1) not in stop_at:
            k = phrase_end(toks, text, j + 1, stop_at, None)
            if k == j + 1 or strict and not any(is_capital(x) for x in toks[j + 1:k + 1]):
                break
            j = k
        elif is_form(t) and j + 1 < len(toks) and toks[j + 1].text in QUOTES_OPEN and not named:
            j, after_quote = j + 1, False  # 'филиала РОО "…"'
        elif is_abbr(t) or is_latin(t) and is_capital(t):
            j += 1
        elif is_capital(t) and j > i and is_capital(toks[j - 1]) and t.text[:1].isalpha():
            j = max(j + 1, phrase_end(toks, text, j, stop_at, None))  # 'Республики Казахстан', 'Ак жол Актюбинской области'
        elif is_capital(toks[j - 1]) and t.pos == "NOUN" and not is_capital(t) \
                and place_goes_on(text, toks[j - 1], t):
            j += 1  # natasha's 'служба Атырауской' + 'области': a place name cut in two is made whole
        elif strict and is_capital(t) and "gent" in cases(t) and t.pos == "NOUN" and not is_head(t):
            j += 1  # 'МИД Грузии', 'администрация Кремля'
        elif strict and (k := phrase_end(toks, text, j, stop_at, "gent")) > j and is_capital(t) and not is_head(toks[k - 1]):
            j = k  # 'суд Партизанского района'
        elif not after_quote and (k := phrase_end(toks, text, j, stop_at, "gent")) > j:
            j = k
        elif t.text == "и" and not after_quote and j > i and (k := coordinated(toks, text, j, stop_at)) > j + 1:
            j = k  # 'Министерства культуры и спорта', 'по делам … и противодействию …'
        elif t.text == "," and not after_quote and j > i and (k := listed(toks, text, j, stop_at)) > j + 1:
            j = k  # 'управление строительства, архитектуры и градостроительства'
        else:
            break
    return j


def place_goes_on(text, last: Tok, nxt: Tok) -> bool:
    """'Атырауской' + 'области': the place the span ends in is longer than the span."""
    return any(p.start == 0 and p.stop > nxt.start - last.start for p in regions.find(text[last.start:nxt.stop]))


COORDINATED_CASES = ("gent", "datv", "loct")


def coordinated(toks, text, j, stop_at, possible=None) -> int:
    """End of a noun phrase after 'и' at j in a case the word before 'и' can have (or one of
    `possible`)."""
    possible = cases(toks[j - 1]) if possible is None else possible
    # a fixed order: iterating a set of strings follows the per-process hash seed, and the first
    # case that gives a phrase wins
    for case in [c for c in COORDINATED_CASES if c in possible]:
        k = phrase_end(toks, text, j + 1, stop_at, case)
        if k > j + 1:
            return k
    return j


def listed(toks, text, j, stop_at) -> int:
    """End of a list of fields after the comma at j: ', архитектуры и градостроительства'. Each item
    a noun phrase in a case the word before the comma can have, none a body's head ('полиции,
    прокуратуры и суда' are three bodies), the last after 'и'; j when the list is not closed so."""
    possible = cases(toks[j - 1])
    k = j
    while k < len(toks) and toks[k].text in (",", "и") and "\n" not in gap(text, toks[k - 1], toks[k]):
        end = coordinated(toks, text, k, stop_at, possible)
        if end == k or is_head(toks[end - 1]):
            return j
        if toks[k].text == "и":
            return end
        k = end
    return j


def phrase_end(toks, text, j, stop_at, case) -> int:
    """End of a noun phrase starting at j (adjectives + noun, or an abbreviation), in `case` if given;
    j itself when there is none."""
    k = j
    while k < len(toks) and k not in stop_at and is_adjective(toks[k]) and (case is None or case in cases(toks[k])):
        k += 1
    if k >= len(toks) or k in stop_at or k > 0 and "\n" in gap(text, toks[k - 1], toks[k]):
        return j
    t = toks[k]
    if is_abbr(t) or is_noun_like(t) and (case is None or case in cases(t) or t.pos == ""):
        return k + 1
    return j


def eponym_end(toks, j) -> int:
    """After 'имени'/'им.': initials and up to three capitalised words ('имени Абылай хана')."""
    k = j + 1
    if k < len(toks) and toks[k].text == ".":
        k += 1
    n = 0
    while k < len(toks) and n < 3 and (is_capital(toks[k]) or toks[k].text == "." or toks[k].lemma in EPONYM_TITLES):
        n += toks[k].text != "."
        k += 1
    return k if n else j


# ---------------------------------------------------------------- candidates

def head_of(toks, a, b) -> int | None:
    """The first head noun in toks[a:b], else the first noun after adjectives at the start."""
    for k in range(a, b):
        if is_head(toks[k]):
            return k
    k = a
    while k < b and (is_adjective(toks[k]) or is_form(toks[k])):
        k += 1
    if k < b and toks[k].pos == "NOUN" and not is_abbr(toks[k]) and not is_latin(toks[k]):
        return k  # 'Единой России', 'Голоса Америки', 'Водоканала'
    return None


def from_heads(toks, text, taken, persons) -> list[Org]:
    """Organisations natasha missed, found from their head noun: 'в акимате Атырауской области', 'в средней школе № 1'."""
    out = []
    for i, t in enumerate(toks):
        if i in taken or not is_head(t):
            continue
        stop = right_edge(toks, text, i + 1, persons)
        start = left_edge(toks, text, i)
        if not (is_capital(t) and not sentence_start(toks, text, i) or names_something(toks, i + 1, stop)
                or of_a_place(toks, start, i, stop) or numbered(toks[start:i]) or of_a_territory(toks, i, stop)
                or for_affairs(toks, i, stop)):
            continue
        out.append(Org(start, stop, i, "head"))
    return out


def of_a_place(toks, start, i, stop) -> bool:
    """'областной акимат', 'районная больница': a place adjective makes a common head one body,
    but not a head that with it alone names a town ('в областном центре')."""
    if toks[i].lemma in lemmas_of("org_town_heads.txt") and stop == i + 1:
        return False
    return any(x.lemma in place_adjectives() for x in toks[start:i])


def for_affairs(toks, i, stop) -> bool:
    """'управление по делам молодежи', 'комиссия по вопросам противодействия коррупции': a state
    body's head with 'по делам …' or 'по вопросам …' after it names one body (vocab/org_affairs.txt)."""
    return heads().get(toks[i].lemma) == "state body" and i + 2 < stop and toks[i + 1].text.lower() == "по" \
        and toks[i + 2].lemma in lemmas_of("org_affairs.txt")


def of_a_territory(toks, i, stop) -> bool:
    """'управление цифровизации и архивов области', 'отдел образования района': a state body's field
    and then the territory it serves, in the genitive, is a body of that territory's government
    ('управления области' alone, with no field, is not; nor a person's office, 'аппарат акима
    города', which the officials stage reads as the akim's)."""
    last = toks[stop - 1]
    return heads().get(toks[i].lemma) == "state body" and stop - i >= 3 and "anim" not in toks[i + 1].tag \
        and last.lemma in territories() and "gent" in cases(last)


def numbered(before: list[Tok]) -> bool:
    """An ordinal and an adjective before a head: '2-я городская больница', '16-я долговременная
    экспедиция'; a bare ordinal counts games and batches ('3-я партия')."""
    return len(before) >= 2 and is_ordinal(before[0]) and is_adjective(before[-1])


def sentence_start(toks, text, i) -> bool:
    """'Полиция задержала …': a capital that only opens a sentence names nothing."""
    return i == 0 or toks[i - 1].text in ".!?…:" or "\n" in gap(text, toks[i - 1], toks[i])


def names_something(toks, a, b) -> bool:
    """A complement that makes a common noun a name: capitals, quotes, a number, 'имени'."""
    return any(is_capital(t) or t.text in QUOTES_OPEN or t.text == "№" or t.text.lower() in EPONYM for t in toks[a:b])


def unbracketed(text, spans) -> list[tuple[int, int]]:
    """natasha's span over a bracket is two names: 'Лонгин Петров (РПЦ МП)' -> 'Лонгин Петров', 'РПЦ МП'."""
    out = []
    for start, stop in spans:
        k = text.find("(", start, stop)
        if k < 0:
            out.append((start, stop))
            continue
        out.append((start, k))
        end = text.find(")", k, stop)
        out.append((k + 1, end if end > 0 else stop))
    return out


def inside(toks, starts, start, stop) -> list[int]:
    """Indices of the tokens wholly inside [start, stop). With `starts` sorted (`sorted_starts`)
    only the tokens from the first starting at `start` on up to one starting past `stop` can be:
    a token's stop is never before its start."""
    if starts is None:
        return [k for k, t in enumerate(toks) if start <= t.start and t.stop <= stop]
    out = []
    for k in range(bisect_left(starts, start), len(toks)):
        t = toks[k]
        if t.start > stop:
            break
        if t.stop <= stop:
            out.append(k)
    return out


def sorted_starts(toks) -> list[int] | None:
    """The tokens' starts when sorted and each token's stop is at or after its start, else None."""
    starts = [t.start for t in toks]
    if any(a > b for a, b in zip(starts, starts[1:])) or any(t.stop < t.start for t in toks):
        return None
    return starts


def from_natasha(toks, text, spans, persons) -> list[Org]:
    out = []
    starts = sorted_starts(toks) if spans else None
    for start, stop in unbracketed(text, spans):
        idx = inside(toks, starts, start, stop)
        if not idx:
            continue
        a, b = idx[0], idx[-1] + 1
        if is_regime(toks[a]) and a + 1 < len(toks) and toks[a + 1].text in QUOTES_OPEN:
            a, b = a + 1, max(b, a + 2)  # natasha's 'ПХВ' of 'ГКП на ПХВ «…»': the name is the quote after it
        b = min([b] + [k for k in range(a + 1, b) if "\n" in gap(text, toks[k - 1], toks[k])])
        quotes = sum(t.text in QUOTES_OPEN + QUOTES_CLOSE for t in toks[a:b])
        if a > 0 and toks[a - 1].text in QUOTES_OPEN and (quotes % 2 or quotes == 0 and (
                b < len(toks) and toks[b].text in QUOTES_CLOSE or quotes_a_name(toks, a - 1, b))):
            # natasha drops the opening quote: '"Республиканское движение за чистоту "ТАЗА ҚОҒАМ', '«Болашак»',
            # or takes the first words of a quoted name: 'ГУ «' + 'Отдел ветеринарии' + ' района Шал акына»'
            a -= 1
        if toks[a].text in QUOTES_OPEN:
            b = max(b, quote_span(toks, a) or b)
        elif quotes and b < len(toks) and toks[b].text in QUOTES_CLOSE and toks[b].start == toks[b - 1].stop:
            b += 1  # 'НАО "Центр развития малого бизнеса' + '"'
        core = (a, b)
        h = head_of(toks, a, b)
        if head_before_quote(toks, text, a) < a:
            a = h = a - 1  # 'гимназии «Болашак»'
        quoted = any(t.text in QUOTES_OPEN for t in toks[a:b])
        b = past_closing_quote(toks, a, right_edge(toks, text, b, persons, quoted, strict=True))
        a = left_edge(toks, text, h) if h is not None and h == a else left_edge_form(toks, text, a)
        out.append(Org(with_regime(toks, a), b, h, "natasha.org", core))
    return out


def with_regime(toks, a) -> int:
    """Start of the name with the legal form and regime before it: 'ГКП на ПХВ «…»'."""
    if a >= 3 and is_regime(toks[a - 1]) and toks[a - 2].text == "на" and is_form(toks[a - 3]):
        return a - 3
    return a


def is_regime(t: Tok) -> bool:
    return t.text.lower() in vocab.word_set("org_regimes.txt")


def opens_quote(toks, k) -> bool:
    """toks[k] opens a quotation: '«' and '„' always; a '"' or '“' only written against the word after
    it and apart from the word before it ('ТОО "Альфа"': the second one closes)."""
    t = toks[k]
    if t.text in "«„":
        return True
    return t.text in QUOTES_OPEN and k + 1 < len(toks) and toks[k + 1].start == t.stop \
        and (k == 0 or toks[k - 1].stop < t.start or not toks[k - 1].text[-1:].isalnum())


def quotes_a_name(toks, k, b) -> bool:
    """toks[k] opens a quotation that goes on past b, the end of natasha's span, and reads as a
    name: it starts with a capital letter and has no verb nor a title's punctuation ('«Отдел
    ветеринарии района»', not '«Банк не вернёт вклады»', a quoted headline, nor '«7 советов
    начинающему инвестору»')."""
    q = quote_span(toks, k) if opens_quote(toks, k) else None
    return q is not None and q > b + 1 and toks[k + 1].text[:1].isupper() and not reads_as_a_sentence(toks[k + 1:q])


def reads_as_a_sentence(toks) -> bool:
    """A verb, or the punctuation of a title ('«Kaspi: история одного банка»'): not the words of a name."""
    return any(t.pos in ("VERB", "INFN") or t.text in TITLE_PUNCTUATION for t in toks)


def past_closing_quote(toks, a, b) -> int:
    """b, or just past the closing quote when the name [a, b) opens a quotation that closes after b:
    natasha's 'ГУ «Отдел ветеринарии Костанайской' widened to 'области' still lacks its '»'."""
    k = next((k for k in range(a, b) if opens_quote(toks, k)), None)
    if k is None:
        return b
    q = quote_span(toks, k)
    return q if q is not None and q > b and not reads_as_a_sentence(toks[b:q]) else b


def left_edge_form(toks, text, a) -> int:
    if a > 0 and is_form(toks[a - 1]) and "\n" not in gap(text, toks[a - 1], toks[a]):
        return a - 1
    return a


def head_before_quote(toks, text, a) -> int:
    """'гимназии «Болашак»': a quoted name takes the head noun before it ('гимназия «Болашак»')."""
    if a > 0 and toks[a].text in QUOTES_OPEN and is_head(toks[a - 1]):
        return a - 1
    return a


def rejected(org: Org, toks, text, natasha_orgs=()) -> str | None:
    """Why a candidate is not an organisation, or None."""
    words = toks[org.start:org.stop]
    span = text[words[0].start:words[-1].stop]
    if not any(c.isalpha() for c in span):
        return "reject.empty"
    if all(t.lemma in not_org_words() or t.text in QUOTES_OPEN + QUOTES_CLOSE for t in words):
        return "reject.chrome"  # 'ПОДЕЛИТЬСЯ', 'МАРТА', 'WhatsApp'
    if all(t.text.lower() in platforms() for t in words) and chrome_line(text, words[0].start):
        return "reject.chrome"  # 'Подписывайтесь на наш канал в Telegram'
    if len(words) == 1 and words[0].text.split("-")[0].lower() in platforms() and "-" in words[0].text:
        return "reject.platform"  # 'Telegram-бот', 'YouTube-канал': a thing on a platform, named by none
    if is_place(span):
        return "reject.region"  # 'ЮКО', 'Мангистауской области'
    if menu_row(words):
        return "reject.menu"  # 'Новости Общество Спорт Архив': a site's rubric row
    if org.rule == "head" and masthead(text, words[0].start):
        return "reject.chrome"  # 'Газета Павлодарского региона | Подписка | Реклама'
    k = org.start - (org.start > 0 and toks[org.start - 1].text in QUOTES_OPEN)
    if k > 0 and toks[k].text in QUOTES_OPEN and toks[k - 1].lemma in programme_heads() | {t.text.lower() for t in toks[k - 1:k]} & programme_heads():
        return "reject.programme"  # 'проектного офиса "Зелёный двор"', 'шаттл «Орион»'
    if k > 0 and toks[k].text in QUOTES_OPEN and toks[k - 1].lemma in lemmas_of("org_plural_programme_heads.txt") and "plur" in toks[k - 1].tag \
            and not listed_names(toks, k):
        return "reject.programme"  # 'клубы «Честное поколение»' in every school; one 'клуб «Кайрат»' is a team
    if org.stop - org.start >= 2 and model_code(toks[org.stop - 1]):
        return "reject.vehicle"  # 'Союз ТМА-11', '«Орион» STS-130'
    if org.head is None and looks_like_person(words):
        return "reject.person"  # 'Лонгин Петров (РПЦ МП)': natasha's span over a bracket
    if org.stop - org.start == 1 and is_form(words[0]):
        return "reject.form"  # 'отсека (ПАО)': a legal form alone names nobody
    return None


def listed_names(toks, k) -> bool:
    """The quoted name at k is one of a list ('клубов «Кайрат» и «Астана»'): a plural head counts them."""
    q = quote_span(toks, k)
    return q is not None and q + 1 < len(toks) and toks[q].text in (",", "и") and toks[q + 1].text in QUOTES_OPEN


def is_nav(t: Tok) -> bool:
    return t.text.lower() in vocab.word_set("nav_words.txt") or t.lemma in vocab.word_set("nav_words.txt")


def menu_row(words: list[Tok]) -> bool:
    """Three or more capitalised words, at least three of them site rubrics and no more than one
    anything else: 'Главная Политика Общество Спорт', not 'Общество охотников'."""
    words = [t for t in words if t.text.isalpha()]
    rubric = [t for t in words if is_nav(t)]
    return len(words) >= 3 and len(rubric) >= 3 and len(words) - len(rubric) <= 1 \
        and all(is_capital(t) for t in words)


def masthead(text: str, at: int) -> bool:
    """The line is a masthead of '|'-separated parts, another of them a site rubric or button:
    'Областная газета | Подписка | Реклама'."""
    line = text[text.rfind("\n", 0, at) + 1:(text.find("\n", at) + 1 or len(text) + 1) - 1]
    parts = [p.strip().lower() for p in line.split("|")]
    return len(parts) >= 3 and any(re.sub(r"[-\d\s]+$", "", p) in vocab.word_set("nav_words.txt") for p in parts)


def looks_like_person(words: list[Tok]) -> bool:
    """Two or three capitalised words, the first a first name to pymorphy3: 'Лонгин Петров'."""
    return 2 <= len(words) <= 3 and all(is_capital(t) and t.text.isalpha() and not is_abbr(t) for t in words) \
        and any("Name" in p.tag for p in nlp.parses(words[0].text)[:1])


THINGS = ("reject.programme", "reject.vehicle")


def model_code(t: Tok) -> bool:
    """'ТМА-11', 'STS-124', 'Ил-96': the designation of a model, which bodies do not carry."""
    return bool(re.fullmatch(r"[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё]{0,4}-?\d{1,4}[A-ZА-ЯЁ]?", t.text)) and any(c.isdigit() for c in t.text)


def thing(toks, org: Org) -> Org:
    """A rejected project or craft without its model code: 'Союз ТМА-11' -> 'Союз'."""
    stop = org.stop - 1 if org.stop - org.start >= 2 and model_code(toks[org.stop - 1]) else org.stop
    return Org(org.start, stop, org.head if org.head is not None and org.head < stop else None, org.rule)


def chrome_line(text: str, at: int) -> bool:
    """The line around `at` asks the reader to follow the site: 'Подписывайтесь на нас в Instagram'."""
    line = text[text.rfind("\n", 0, at) + 1:(text.find("\n", at) + 1 or len(text) + 1) - 1]
    return any(w in chrome_cues() for w in lemmas(line))


def is_place(span: str) -> bool:
    places = regions.find(span)
    covered = sum(p.stop - p.start for p in places)
    letters = len(re.sub(r"[\W_]", "", span))
    return bool(places) and covered >= len(span.strip()) - 1 and letters <= covered


# ---------------------------------------------------------------- the name in the nominative

def nominative(toks, org: Org, text) -> str:
    """Head and the adjectives before it in the nominative; complements kept as written."""
    words = toks[org.start:org.stop]
    if org.head is None:
        if len(words) == 1 and (m := ABBR_CASE.fullmatch(words[0].text)):
            return m.group(1)  # 'МИДа' -> 'МИД'
        return tidy(text[words[0].start:words[-1].stop])
    out = []
    gender = head_gender(toks[org.head])
    for k in range(described(toks, org), org.stop):
        t = toks[k]
        if k == org.head:
            form = head_nominative(t)
        elif k < org.head and is_ordinal(t):
            form = re.match(r"\d+", t.text).group() + "-" + ORDINAL_ENDINGS[gender]  # '16-й экспедиции' -> '16-я'
        elif k < org.head and is_adjective(t):
            form = adjective_nominative(t, gender)
        else:
            form = t.text
        out.append((form, t))
    parts = []
    for n, (form, t) in enumerate(out):
        if n:
            parts.append(text[out[n - 1][1].stop:t.start])
        parts.append(form)
    return tidy("".join(parts))


def described(toks, org: Org) -> int:
    """Where the name starts: past the adjectives that only describe a body named after its head
    ('американская компания Monsanto' -> 'компания Monsanto'); 'Государственная корпорация «…»'
    keeps its capitalised adjective, part of the name."""
    k = org.start
    if appositive(toks, org):
        while k < org.head and is_adjective(toks[k]) and (not is_capital(toks[k]) or toks[k].lemma in place_adjectives()):
            k += 1
    return k


def tidy(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,.;:")


def head_gender(t: Tok) -> str:
    lem, _, tag = analyse(lemma(t.text)) if t.lemma else ("", "", "")
    for g in ("masc", "femn", "neut"):
        if g in tag or g in t.tag:
            return g
    return "masc"


def head_nominative(t: Tok) -> str:
    return restyle(t.lemma, t.text) if t.pos == "NOUN" or t.lemma in heads() else t.text


def adjective_nominative(t: Tok, gender: str) -> str:
    return adjective_form(t.text, gender)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def adjective_form(word: str, gender: str) -> str:
    """pymorphy3's inflection is slow and names repeat their adjectives: cached per word form."""
    for p in nlp.parses(word):
        if p.tag.POS in ("ADJF", "PRTF"):
            form = p.inflect({"nomn", "sing", gender})
            if form:
                return restyle(form.word, word)
    return word


def restyle(form: str, surface: str) -> str:
    """A lowercase form written like its surface word: capitalised (each hyphenated part), or all capitals."""
    if surface.isupper() and len(surface) > 1:
        return form.upper()
    parts, shapes = form.split("-"), surface.split("-")
    if len(parts) != len(shapes):
        shapes = shapes[:1] * len(parts)
    return "-".join(p[:1].upper() + p[1:] if s[:1].isupper() else p for p, s in zip(parts, shapes))


# ---------------------------------------------------------------- kind, region, coreference

def kind_of(name: str, toks, org: Org) -> str | None:
    words = toks[org.start:org.stop]
    form = next((forms()[t.text] for t in words if is_form(t)), None)
    head = heads().get(toks[org.head].lemma) if org.head is not None else None
    if form:
        return form
    lemmas_ = [t.lemma for t in words] + [t.text for t in words]
    if head in (None, "state body") and toks[org.head if org.head is not None else org.start].lemma not in ("комиссия", "совет"):
        kind = first_kind_word(lemmas_)
        if kind is not None:
            return kind
    if head:
        return head
    if re.search(r"\.(kz|ru|com|org|net)\b", name, re.I):
        return "media"
    return None


def region_of(name: str) -> str | None:
    return regions.canonical(name)


# names are compared pairwise within an article and recur across articles: their keys are cached
NAME_CACHE_SIZE = nlp.PHRASE_CACHE_SIZE
WORD_RE = re.compile(r"\w+")
QUOTED_RE = re.compile(f"[{QUOTES_OPEN}](.*)")


@lru_cache(maxsize=NAME_CACHE_SIZE)
def key(name: str) -> tuple:
    return tuple(w[:5] for w in WORD_RE.findall(name.lower().replace("ё", "е")) if w not in {"по", "и", "при"})


@lru_cache(maxsize=NAME_CACHE_SIZE)
def quoted(name: str) -> tuple:
    """Words of the quoted part of a name: 'РОО "ТАЗА ҚОҒАМ"' -> ('таза', 'қоғам')."""
    m = QUOTED_RE.search(name)
    return key(m.group(1)) if m else ()


def same_org(short: str, long: str, short_head, long_head, short_kind, long_kind) -> bool:
    """The same name; a shorter one whose words all recur in a fuller one with the same head
    ('Антикоррупционная служба' of 'Антикоррупционная служба Атырауской области'); or a short form
    of a quoted name with a legal form of the same kind ('РОО "ТАЗА ҚОҒАМ"' of 'республиканское
    общественное объединение "… "ТАЗА ҚОҒАМ"', but not of 'филиал РОО "… "ТАЗА ҚОҒАМ"')."""
    k, lk = set(key(short)), set(key(long))
    if key(short) == key(long) or short_head == long_head and k < lk and (short_head or len(k) > 1) \
            and levels_agree(short, long):
        return True
    q, lq = quoted(short), quoted(long)
    long_kind = heads().get(long_head, long_kind)  # 'филиал РОО "…"' is a branch, not the РОО
    return bool(q) and lq[len(lq) - len(q):] == q and short_kind == long_kind


def levels_agree(short: str, long: str) -> bool:
    """Two names that each say their administrative level say the same one: 'Павлодарский областной
    суд' is not 'Специализированный межрайонный суд … Павлодарской области', although its words'
    stems all recur there ('област…'). 'районный акимат' of 'акимат Жамбылского района' agrees."""
    a, b = levels(short), levels(long)
    return not a or not b or a <= b


@lru_cache(maxsize=NAME_CACHE_SIZE)
def levels(name: str) -> frozenset:
    """Lemmas of the administrative-level adjectives of a name ('областной', 'межрайонный')."""
    return frozenset(lemma(w) for w in WORD_RE.findall(name.lower()) if lemma(w) in place_adjectives())


FUNCTION_WORDS = {"по", "и", "при", "в", "на", "для", "с", "о", "об", "от", "из", "к", "имени", "им"}


def words(name: str) -> list[str]:
    """Content words of a name as written; hyphenated parts apart ('Hewlett-Packard' -> two)."""
    return list(name_words(name))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in WORD_RE.findall(name.replace("ё", "е")) if w.lower() not in FUNCTION_WORDS)


def is_abbreviation(word: str) -> bool:
    """'ОБСЕ', 'HP', 'ДГСиПК' (one lowercase conjunction inside): capitals that spell other words."""
    caps = sum(c.isupper() for c in word)
    return caps >= 2 and word[:1].isupper() and sum(c.islower() for c in word) <= 1


def spelled(abbr: str) -> str:
    return "".join(c for c in abbr if c.isupper())


def expansion(short: str, long: str) -> list[str] | None:
    """The words of `long` that the abbreviations of `short` stand for, when the two names are
    otherwise word for word the same: 'комиссия ЕС' of 'комиссия Европейского союза' ->
    ['Европейского', 'союза']; None when they are not one name."""
    if not has_abbreviation(short):
        return None  # with no abbreviation to spell out, the words match one for one and expand to nothing
    found = expansion_of(short, long)
    return list(found) if found is not None else None


@lru_cache(maxsize=NAME_CACHE_SIZE)
def has_abbreviation(name: str) -> bool:
    return any(is_abbreviation(w) for w in name_words(name))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def expansion_of(short: str, long: str) -> tuple[str, ...] | None:
    a, b = name_words(short), name_words(long)

    @lru_cache(maxsize=None)
    def go(i, j):
        if i == len(a):
            return () if j == len(b) else None
        if j < len(b) and a[i].lower()[:5] == b[j].lower()[:5] and (rest := go(i + 1, j + 1)) is not None:
            return rest
        n = len(spelled(a[i]))
        if is_abbreviation(a[i]) and j + n <= len(b) and "".join(w[0] for w in b[j:j + n]).upper() == spelled(a[i]) \
                and (rest := go(i + 1, j + n)) is not None:
            return tuple(b[j:j + n]) + rest
        return None

    found = go(0, 0)
    return found if found else None


def names_a_body(expanded: list[str]) -> bool:
    """Part of a name abbreviated is a body ('комиссия ЕС': 'Европейского союза', 'HP': 'Hewlett
    Packard'), not a country ('Агентство РК': 'Республики Казахстан'): the abbreviation may then name the
    organisation."""
    return any(lemma(w) in heads() for w in expanded) or all(re.fullmatch(r"[A-Za-z]+", w) for w in expanded)


@dataclass(frozen=True)
class Named:
    """What linking needs of one mention."""
    name: str
    head: str | None = None
    kind: str | None = None
    appositive: str | None = None  # the proper name after a common head: 'Microsoft' of 'компания Microsoft'
    nested: bool = False


def same_named(short: Named, long: Named) -> str | None:
    """How `short` names the organisation `long` names ('same', 'abbreviation'), or None."""
    if same_org(short.name, long.name, short.head, long.head, short.kind, long.kind):
        return "same"
    for form in filter(None, (long.name, long.appositive)):
        if (found := expansion(short.name, form)) is not None:
            return "abbreviation" if len(words(short.name)) == 1 or names_a_body(found) else "same"
    if not short.nested and long.appositive and key(short.name) == key(long.appositive):
        return "same"  # 'Microsoft' of 'компания Microsoft'
    return None


def link(mentions: list[Named], aliases=frozenset()) -> tuple[list[int], list[str]]:
    """Mention -> organisation index, fuller names first, and the name of each organisation: the
    fullest, unless the article also names it by an abbreviation ('ОБСЕ' over 'Организация по
    безопасности и сотрудничеству в Европе'; 'Комитет защиты журналистов (КЗЖ)')."""
    order = sorted(range(len(mentions)), key=lambda i: -len(key(mentions[i].name)))
    reps, out, short = [], {}, {}
    for i in order:
        target, how = None, None
        for r, j in enumerate(reps):
            how = "abbreviation" if (i, j) in aliases or (j, i) in aliases else same_named(mentions[i], mentions[j])
            if how:
                target = r
                break
        if target is None:
            reps.append(i)
            target = len(reps) - 1
        elif how == "abbreviation":
            short.setdefault(target, i)
        out[i] = target
    names_ = [mentions[short.get(r, j)].name for r, j in enumerate(reps)]
    return [out[i] for i in range(len(mentions))], names_


def appositive(toks, org: Org) -> str | None:
    """The proper name a common head is followed by: a Latin name right after it ('компания
    Microsoft'), or a quoted name closing the span with no legal form between ('центр
    современного искусства «Арт»'), which is the same organisation, not its owner."""
    h = org.head
    if h is None or h + 1 >= org.stop:
        return None
    if all(is_latin(t) or t.text in "&-." for t in toks[h + 1:org.stop]) and is_capital(toks[h + 1]):
        return " ".join(t.text for t in toks[h + 1:org.stop])
    q = next((k for k in range(h + 1, org.stop) if toks[k].text in QUOTES_OPEN), None)
    if q is not None and quote_span(toks, q) == org.stop and not any(is_form(t) for t in toks[h + 1:q]):
        return " ".join(t.text for t in toks[q + 1:org.stop - 1])
    return None


def bracketed_abbreviations(toks, cands: list[Org]) -> tuple[list[Org], set]:
    """'Комитет защиты журналистов (КЗЖ)', 'ПАСЕ (Парламентской ассамблеи …)': a name and its
    abbreviation in brackets are one organisation; the abbreviation is a mention of its own."""
    starts = {o.start: n for n, o in enumerate(cands)}
    extra, aliases = [], set()
    for n, o in enumerate(cands):
        k = o.stop
        if k + 2 >= len(toks) or toks[k].text != "(":
            continue
        if toks[k + 2].text == ")" and is_abbreviation(toks[k + 1].text) and abbreviates(toks[k + 1].text, toks[o.start:o.stop]):
            m = starts.get(k + 1)
            if m is None:
                m = len(cands) + len(extra)
                extra.append(Org(k + 1, k + 2, None, "abbreviation"))
            aliases.add((m, n))
        elif o.stop - o.start == 1 and is_abbreviation(toks[o.start].text) and (m := starts.get(k + 1)) is not None \
                and abbreviates(toks[o.start].text, toks[cands[m].start:cands[m].stop]):
            aliases.add((n, m))
    return extra, aliases


def abbreviates(abbr: str, name: list[Tok]) -> bool:
    """The letters of `abbr`, in order, from the name's first letter on: 'ХАЭС' of 'Хмельницкой атомной
    электростанции', not 'США' of 'федеральный суд Сан-Франциско (США)'."""
    letters = "".join(t.text for t in name if t.text not in QUOTES_OPEN + QUOTES_CLOSE).lower()
    it = iter(letters)
    return letters[:1] == abbr[:1].lower() and all(c in it for c in abbr.lower())


# ---------------------------------------------------------------- Kazakh rule
# Kazakh names are head-final: modifiers, a body or place in the genitive, a quoted name come
# before the head noun ("Павлодар облысының әкімдігі", "Агенттіктің Қызылорда облысы бойынша
# департаменті", "«Нұр Отан» партиясы"). natasha knows no Kazakh, so the rule reads, right to
# left from each head noun, the units the kk_ vocabularies admit, all matched on Kazakh stems.

KK_EPONYM = "атындағы"  # 'Қ. Жұбанов атындағы университет': named after, not a person of the event
KK_MAX_CHAIN = 12
KK_OBLIQUE = re.compile(r"(ға|ге|қа|ке|да|де|та|те|нда|нде|дан|ден|тан|тен|нан|нен|мен|бен|пен)$")
# 'ведомствоаралық комиссия', 'тұрғын үй-коммуналдық шаруашылығы бөлімі'
KK_ADJECTIVE = re.compile(r"[\w-]{3,}(лық|лік|дық|дік|тық|тік|лығы|лігі|дығы|дігі|тығы|тігі)$")
KK_VERBAL_NOUN = re.compile(r"[\w-]{4,}у$")  # 'сайлау комиссиясы', 'қызмет көрсету'
KK_NAMING = {"place", "territory", "quote", "number", "eponym", "form", "capital", "link", "body", "name"}


@lru_cache(maxsize=None)
def kk_heads() -> dict:
    """head -> (kind, strong | weak | rare)."""
    return {kazakh.normal(h): (kind, need) for h, kind, need in vocab.table("kk_org_heads.tsv")}


@lru_cache(maxsize=None)
def kk_forms() -> dict:
    return dict(vocab.table("kk_org_forms.tsv"))


@lru_cache(maxsize=None)
def kk_modifiers() -> dict:
    """word or phrase -> (role, kind or None)."""
    return {kazakh.normal(r[0]): (r[1], r[2] if len(r) > 2 else None) for r in vocab.table("kk_org_modifiers.tsv")}


@lru_cache(maxsize=None)
def kk_phrases() -> dict:
    return kazakh.phrase_index(tuple((p, role) for p, (role, _) in kk_modifiers().items() if " " in p))


@lru_cache(maxsize=None)
def kk_tails() -> frozenset:
    """What may follow a modifier's stem: plural, possessive, genitive ('облысының', 'еріктілер')."""
    s = kazakh.suffixes()
    genitive = {c for c in s["case"] if c.endswith(("ның", "нің", "дың", "дің", "тың", "тің"))}
    return frozenset(p + q + c for p in ("",) + s["plural"] for q in ("",) + s["possessive"] for c in {""} | genitive)


def kk_entry(word: str, entries) -> str | None:
    """The entry word is a nominative, possessive or genitive form of: 'облысының' -> 'облыс'."""
    for s in kazakh.stems(word):
        if s in entries and kazakh.normal(word)[len(s):] in kk_tails():
            return s
    return None


def kk_form(t: Tok) -> str | None:
    """'ЖШС', 'ЖШС-не' -> 'ЖШС'."""
    base = t.text.split("-")[0]
    return base if base in kk_forms() else None


def kk_head(t: Tok) -> str | None:
    """The head entry of a singular head noun in any case: 'әкімдігінде' -> 'әкімдік'; not 'мектептерде'."""
    if kk_form(t):
        return kk_form(t)
    for s in kazakh.stems(t.text):
        if s in kk_heads():
            tail = kazakh.normal(t.text)[len(s):]
            return None if any(tail.startswith(p) for p in kazakh.suffixes()["plural"]) else s
    return None


def kk_head_nominative(t: Tok, entry: str) -> str:
    """The head as written in a name, without its case: 'әкімдігінде' -> 'әкімдігі',
    'департаментінің' -> 'департаменті', 'мәслихатта' -> 'мәслихат', 'ЖШС-не' -> 'ЖШС'."""
    if entry in kk_forms():
        return entry
    for rest, _ in sorted(kazakh.strip_slot(kazakh.normal(t.text), "case"), key=lambda p: -len(p[0])):
        if kazakh.is_form_of(rest, entry) and rest[len(entry):] in ("",) + kazakh.suffixes()["possessive"]:
            return t.text[:len(rest)]
    return t.text


# each unit: (toks, text, k) -> (new start, unit) for the words that end right before toks[k]

def kk_quote(toks, text, k):
    """«Нұр Отан» партиясы; ЖШС «Жұлдыз» компаниясы (a legal form before the quote)."""
    if toks[k - 1].text not in QUOTES_CLOSE:
        return None
    for j in range(k - 2, max(-1, k - 16), -1):
        if toks[j].text in QUOTES_OPEN and quote_span(toks, j) == k:
            return (j - 1, "form") if j > 0 and kk_form(toks[j - 1]) else (j, "quote")
    return None


def kk_number(toks, text, k):
    """№ 5 мектеп-лицей, №12 мектеп."""
    if re.fullmatch(r"№\s*\d+", toks[k - 1].text):
        return k - 1, "number"
    if k >= 2 and toks[k - 1].text.isdigit() and toks[k - 2].text == "№":
        return k - 2, "number"
    return None


def kk_eponym(toks, text, k):
    """Қ. Жұбанов атындағы; Абай атындағы: the name before 'атындағы' and the word."""
    if toks[k - 1].text.lower() != KK_EPONYM:
        return None
    j = k - 1
    while j > 0 and k - 1 - j < 5 and (toks[j - 1].text.isalpha() and is_capital(toks[j - 1]) or toks[j - 1].text == "."
                                        or is_capital(toks[j - 1]) and "-" in toks[j - 1].text):
        j -= 1
    while j < k - 1 and toks[j].text == ".":
        j += 1
    return (j, "eponym") if j < k - 1 else None


def kk_link(toks, text, k):
    """облысы бойынша; жемқорлыққа қарсы; саясаты жөніндегі; әкімдік жанындағы: the link and the word it governs."""
    if k < 2 or kazakh.normal(toks[k - 1].text) not in kazakh.word_set("kk_bodies.txt", "links"):
        return None
    governed = toks[k - 2]
    if not governed.text[:1].isalpha() or governed.text.lower() in kk_stopwords():
        return None
    return k - 2, "link"


def kk_phrase(toks, text, k):
    """халыққа қызмет көрсету орталығы: a phrase of the modifiers, word by word."""
    for n in (4, 3, 2):
        if k - n >= 0:
            hit = kazakh.phrase_at([t.text for t in toks[k - n:k]], 0, kk_phrases())
            if hit and hit[0] == n:
                return k - n, hit[1][1]
    return None


def kk_word(toks, text, k):
    """One word: a place, territory, body, modifier ('Павлодар облысының', 'агенттігінің', 'облыстық')
    in the nominative or genitive; an abbreviation ('ҚР'); a capital inside a sentence."""
    t = toks[k - 1]
    if is_abbr(t) and not kk_form(t) and t.text.isalpha():
        return k - 1, "capital"
    if not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", t.text) or t.text.lower() in kk_stopwords():
        return None
    for entries, unit in ((kazakh.place_words(), "place"), (kazakh.word_set("kk_bodies.txt", "territories"), "territory"),
                          (kk_heads(), "body")):
        if kk_entry(t.text, entries):
            return k - 1, unit
    if (m := kk_entry(t.text, kk_modifiers())) is not None:
        return k - 1, kk_modifiers()[m][0]
    low = t.text.lower()
    if KK_ADJECTIVE.fullmatch(low) or KK_VERBAL_NOUN.fullmatch(low):
        return k - 1, "field"
    if is_capital(t) and not KK_OBLIQUE.search(low) and (kk_mid_sentence(toks, text, k - 1) or before_territory(toks, k)):
        return k - 1, "capital"
    return None


def before_territory(toks, k) -> bool:
    """'Ақсу қаласы', 'Бостандық ауданы': a capital before a territory in the possessive is a place the
    gazetteer may lack; 'Бүгін облыс әкімдігінде' has a bare territory, 'today' is no place."""
    entry = kk_entry(toks[k].text, kazakh.word_set("kk_bodies.txt", "territories")) if k < len(toks) else None
    return entry is not None and kazakh.normal(toks[k].text) != entry


def kk_mid_sentence(toks, text, i) -> bool:
    """A capital after a word or a comma is a name's; after a quote, a slash, a dash it opens a
    sentence or a menu item ('Басты бет / Баспасөз қызметі', '«Бөлім басшысы …')."""
    return i > 0 and "\n" not in gap(text, toks[i - 1], toks[i]) and (toks[i - 1].text[:1].isalnum() or toks[i - 1].text in ",;")


KK_UNITS = [kk_quote, kk_number, kk_eponym, kk_link, kk_phrase, kk_word]
KK_LAST = {"quote", "form", "eponym"}  # nothing before these belongs to the name


@lru_cache(maxsize=None)
def kk_stopwords() -> frozenset:
    return frozenset(e for e in vocab.entries("stopwords_kk.txt")) - kazakh.word_set("kk_bodies.txt", "links")


def kk_chain(toks, text, h) -> tuple[int, list]:
    """Start of the name whose head is toks[h], and its units right to left."""
    k, units = h, []
    while k > 0 and h - k < KK_MAX_CHAIN and "\n" not in gap(text, toks[k - 1], toks[k]):
        step = next((s for unit in KK_UNITS if (s := unit(toks, text, k))), None)
        if step is None:
            break
        if "number" in units and step[1] not in KK_NAMING:
            break  # 'Кездесу № 5 мектеп-лицейде': a number is preceded only by what names, 'қаласының № 5'
        k = step[0]
        units.append(step[1])
        if step[1] in KK_LAST:
            break
    return k, units


def kk_names_one(units: list, need: str, capital_head: bool) -> bool:
    """Enough before the head to name one body (see kk_org_heads.tsv)."""
    if need == "strong":
        return bool(units) or capital_head
    naming = set(units) & KK_NAMING
    if need == "rare":
        naming -= {"territory", "body"}
    return bool(naming) or need == "weak" and capital_head


def kk_candidates(toks, text) -> list[Org]:
    """Every head noun with the units before it, the rightmost head first: a head inside a
    longer name ('агенттігінің' in '… агенттігінің облыс бойынша департаменті') is part of it."""
    out, covered = [], set()
    for h in range(len(toks) - 1, -1, -1):
        entry = kk_head(toks[h])
        if h in covered or entry is None or h + 1 < len(toks) and toks[h + 1].text in QUOTES_CLOSE:
            continue  # a head closing a quote is a word of a quoted name: '«Ашық әкімдік» фронт-офисі'
        start, units = kk_chain(toks, text, h)
        need = "weak" if entry in kk_forms() else kk_heads()[entry][1]
        capital = is_capital(toks[h]) and kk_mid_sentence(toks, text, h) and entry not in kk_forms()
        if entry in kk_forms() and "quote" not in units or not kk_names_one(units, need, capital):
            continue
        out.append(Org(start, h + 1, h, "kk head"))
        covered.update(range(start, h + 1))
    return out[::-1] + kk_form_quoted(toks, covered)


def kk_form_quoted(toks, covered) -> list[Org]:
    """ЖШС «Жұлдыз», АҚ «Қазақтелеком»: a legal form and the quoted name after it."""
    out = []
    for i in range(len(toks) - 1):
        if i not in covered and kk_form(toks[i]) and (stop := quote_span(toks, i + 1)):
            out.append(Org(i, stop, None, "kk form «name»"))
    return out


def kk_name(toks, text, org: Org) -> str:
    words = [t.text for t in toks[org.start:org.stop]]
    if org.head is not None:
        words[-1] = kk_head_nominative(toks[org.head], kk_head(toks[org.head]))
    parts = [words[0]] + [text[toks[k - 1].stop:toks[k].start] + words[k - org.start] for k in range(org.start + 1, org.stop)]
    return tidy("".join(parts))


def kk_kind(toks, org: Org) -> str | None:
    """A legal form's kind; else a modifier's kind over a state body ('жемқорлыққа қарсы … агенттігі'
    is law enforcement); else the head's."""
    words = toks[org.start:org.stop]
    form = next((kk_forms()[f] for t in words if (f := kk_form(t))), None)
    if form:
        return form
    head = kk_head(toks[org.head]) if org.head is not None else None
    kind = kk_heads()[head][0] if head else None
    if kind == "state body" and head not in ("комиссия", "кеңес"):
        texts = [t.text for t in words[:-1]]
        hits = (kazakh.phrase_at(texts, k, kk_kind_words()) for k in range(len(texts)))
        kind = next((hit[1][1] for hit in hits if hit), kind)
    return kind


@lru_cache(maxsize=None)
def kk_kind_words() -> dict:
    return kazakh.phrase_index(tuple((p, kind) for p, (_, kind) in kk_modifiers().items() if kind))


def kk_organisations_of(doc_id, text, toks) -> list[dict]:
    cands = sorted(kk_candidates(toks, text), key=lambda o: o.start)
    names_ = [kk_name(toks, text, o) for o in cands]
    heads_ = [kk_head(toks[o.head]) if o.head is not None else None for o in cands]
    ids, canon = link([Named(n, h, kk_kind(toks, o)) for o, n, h in zip(cands, names_, heads_)])
    reps = {}
    for n, (o, name) in enumerate(zip(cands, names_)):
        if name == canon[ids[n]]:
            reps.setdefault(ids[n], o)
    return [{"doc_id": doc_id, "org_id": f"{doc_id}:o{n + 1}", "name": canon[n],
             "kind": kk_kind(toks, reps.get(n, o)), "region": region_of(canon[n]),
             "start": toks[o.start].start, "stop": toks[o.stop - 1].stop,
             "text": text[toks[o.start].start:toks[o.stop - 1].stop], "rule": o.rule} for o, n in zip(cands, ids)]


# ---------------------------------------------------------------- one document

def organisations_of(doc_id, text, toks, org_spans, person_spans) -> list[dict]:
    if kazakh.is_kazakh(text):
        return kk_organisations_of(doc_id, text, toks)
    persons = tokens_within(toks, person_spans)
    cands = from_natasha(toks, text, org_spans, persons)
    taken = {k for o in cands for k in range(o.start, o.stop)}
    cands += from_heads(toks, text, taken, persons)
    cands = kept(toks, text, [o for o in cands if o.stop > o.start])
    outer = outermost(cands)
    cands = outer + [o for o in nested(cands, toks) if not restates(toks, o, outer)]
    extra, aliases = bracketed_abbreviations(toks, cands)
    cands += extra
    if not cands:
        return []
    names_ = [nominative(toks, o, text) for o in cands]
    mentions = [Named(n, toks[o.head].lemma if o.head is not None else None, kind_of(n, toks, o),
                      appositive(toks, o), o.rule.endswith("nested")) for o, n in zip(cands, names_)]
    ids, canon = link(mentions, aliases)
    reps = {}
    for n, (o, name) in enumerate(zip(cands, names_)):
        if name == canon[ids[n]]:
            reps.setdefault(ids[n], o)
    rows = []
    for o, n in zip(cands, ids):
        canonical, rep = canon[n], reps.get(n, o)
        rows.append({"doc_id": doc_id, "org_id": f"{doc_id}:o{n + 1}", "name": canonical,
                     "kind": kind_of(canonical, toks, rep), "region": region_of(canonical),
                     "start": toks[o.start].start, "stop": toks[o.stop - 1].stop,
                     "text": text[toks[o.start].start:toks[o.stop - 1].stop], "rule": o.rule})
    return sorted(rows, key=lambda r: r["start"])


def tokens_within(toks, spans) -> set:
    """Indices of the tokens that start inside one of the (start, stop) spans. Tokens come sorted
    by start, so each span's tokens are one run found by bisection instead of a test of every
    token against every span (the same set: the run is exactly the tokens with start <= t.start < stop)."""
    starts = [t.start for t in toks]
    if any(a > b for a, b in zip(starts, starts[1:])):
        return {k for k, t in enumerate(toks) if any(s <= t.start < e for s, e in spans)}
    out = set()
    for s, e in spans:
        out.update(range(bisect_left(starts, s), bisect_left(starts, e)))
    return out


def kept(toks, text, cands: list[Org]) -> list[Org]:
    """Candidates not rejected, nor named like a project or craft rejected elsewhere in the article:
    '«Дискавери»' once 'шаттл «Дискавери»' was read, 'Союз' once 'Союз ТМА-11' was."""
    why = [rejected(o, toks, text) for o in cands]
    things = {key(nominative(toks, thing(toks, o), text)) for o, w in zip(cands, why) if w in THINGS}
    return [o for o, w in zip(cands, why) if not w and (not things or key(nominative(toks, o, text)) not in things)]


def restates(toks, inner: Org, outer: list[Org]) -> bool:
    """A nested name that is the appositive of its container names the same organisation:
    'Microsoft' in 'компания Microsoft' is not a second one."""
    for p in outer:
        if p.start <= inner.start and inner.stop <= p.stop and (a := appositive(toks, p)):
            if key(a) == key(" ".join(t.text for t in toks[inner.start:inner.stop])):
                return True
    return False


def outermost(cands: list[Org]) -> list[Org]:
    out = []
    for o in sorted(cands, key=lambda o: (o.start, -o.stop)):
        if out and o.start < out[-1].stop:
            continue
        out.append(o)
    return out


def branch_of(toks, outer: Org, inner: Org) -> bool:
    """The container is a territorial branch of the nested body: 'департамент Агентства по делам
    службы по Павлодарской области'. The parent is not an actor of the article unless named on its own."""
    k = inner.core[1] if inner.core else inner.stop
    return outer.start < inner.start and k < outer.stop and toks[k].text.lower() == "по" \
        and k + 1 < outer.stop and bool(regions.find(" ".join(t.text for t in toks[k + 1:outer.stop])))


def nested(cands: list[Org], toks) -> list[Org]:
    """natasha's organisations inside a wider one are organisations too: 'Ак жол' in 'совет при партии «Ак жол»'."""
    outer = outermost(cands)
    inner = [o for o in cands if o not in outer and o.rule == "natasha.org"
             and any(p.start <= o.start and o.stop <= p.stop and (p.start, p.stop) != (o.start, o.stop)
                     and not branch_of(toks, p, o) for p in outer)]
    return [Org(o.core[0], o.core[1], o.head if o.head is not None and o.head < o.core[1] else None, "natasha.org+nested", o.core)
            for o in inner]


# ---------------------------------------------------------------- batch

def doc_tokens(tokens, lemmas) -> pd.DataFrame:
    return tokens.merge(lemmas[["doc_id", "token_id", "lemma", "pos", "tag"]], on=["doc_id", "token_id"], how="left")


def toks_by_doc(tokens, lemmas) -> dict | None:
    """doc_id -> its Toks in the order of `doc_tokens(...).sort_values(["doc_id", "start"])`, built
    from plain column lists: iterating pandas' Arrow-backed columns cell by cell and merging cost
    more than the rules that read the tokens. Same rows as the merge: each token with its lemma
    row (a missing one gives '', as fillna("") did), the tokens of a document stably sorted by
    start. None when a token has two lemma rows (the merge would repeat it)."""
    lemma_, pos, tag = (lemmas[c].fillna("").tolist() for c in ("lemma", "pos", "tag"))
    doc_ids, token_ids = tokens["doc_id"].tolist(), tokens["token_id"].tolist()
    keys = list(zip(lemmas["doc_id"].tolist(), lemmas["token_id"].tolist()))
    if len(set(keys)) != len(keys):
        return None
    if not (doc_ids == lemmas["doc_id"].tolist() and token_ids == lemmas["token_id"].tolist()):
        by_key = dict(zip(keys, zip(lemma_, pos, tag)))  # lemmas in another order than the tokens: join by key
        found = [by_key.get(k, ("", "", "")) for k in zip(doc_ids, token_ids)]
        lemma_, pos, tag = ([a[i] for a in found] for i in range(3))
    columns = [list(map(int, tokens["start"].tolist())), list(map(int, tokens["stop"].tolist())),
               tokens["text"].tolist(), lemma_, pos, tag]
    out = {}
    for doc_id, i, j in io.runs(doc_ids):  # a document's tokens at once: its Toks made by map
        out.setdefault(doc_id, []).extend(map(Tok, *(c[i:j] for c in columns)))
    for toks in out.values():
        toks.sort(key=attrgetter("start"))  # stable, as pandas' sort_values on two columns
    return out


def toks_by_doc_merged(tokens, lemmas) -> dict:
    merged = doc_tokens(tokens, lemmas).sort_values(["doc_id", "start"])
    merged[["lemma", "pos", "tag"]] = merged[["lemma", "pos", "tag"]].fillna("")
    return {doc_id: [Tok(int(s), int(e), t, l or "", p or "", tg or "") for s, e, t, l, p, tg in g]
            for doc_id, g in io.rows_by_doc(merged, ["start", "stop", "text", "lemma", "pos", "tag"]).items()}


def organisations(documents, tokens, lemmas, mentions) -> pd.DataFrame:
    # one pass over each table, not a filter per document
    by_doc = toks_by_doc(tokens, lemmas)
    if by_doc is None:
        by_doc = toks_by_doc_merged(tokens, lemmas)
    spans = io.rows_by_doc(mentions, ["type", "start", "stop"])
    rows = []
    for doc_id, text in zip(documents["doc_id"].tolist(), documents["text"].tolist()):
        toks = by_doc.get(doc_id)
        if toks is None:
            continue
        m = spans.get(doc_id, ())
        org_spans = [(s, e) for kind, s, e in m if kind == "ORG"]
        person_spans = [(s, e) for kind, s, e in m if kind == "PER"]
        rows += organisations_of(doc_id, text or "", toks, org_spans, person_spans)
    return io.frame(rows, schema.ORGANISATIONS)


def apply(batch, context=None):
    return {"organisations": organisations(batch["documents"], batch["tokens"], batch["lemmas"], batch["mentions"])}
