"""documents -> figures: the numbers an article reports, with their qualifier and what they count.

"около 1 500 участников форума" -> 1500.0, "участник форума", qualifier "около";
"более 350 млн тенге" -> 350000000.0, "KZT"; "75 процентов" -> 75.0, "%".
A number becomes a figure only when a unit follows it (a currency, a percent sign or a counted
noun): years, dates, times, phone and school numbers, ordinals and widget counters do not. A part
of a whole counted before takes the whole's noun: "из 48 пунктов исполнено 41", "в 12 из них",
"41 из 45 пунктов", Kazakh "35 іс-шара, оның тоғызы".
Offsets index documents.text.
"""
import re
from functools import lru_cache
from typing import NamedTuple

from . import io, kazakh, nlp, schema, vocab
from .lemmatize import lemma, lemmas


class Token(NamedTuple):
    kind: str  # num | word | sym
    text: str
    start: int
    stop: int
    newline: bool  # a line break lies between this token and the previous one


class Number(NamedTuple):
    value: float
    first: int  # token index of the first word of the number (after a currency sign)
    end: int  # token index just past the number and its multiplier


class Figure(NamedTuple):
    value: float
    unit: str
    qualifier: str | None
    counted: str
    start: int
    stop: int
    text: str
    rule: str


TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)
DASHES = {"-", "–", "—", "‒", "−"}
GLUE = {":", ".", "/", ","}  # 10:25, 15.03.2024, 1/2: a number glued to another by these is no figure
PREPOSITIONS = {"на", "в"}  # более чем на 40 %, почти в 2 раза


def tokens(text: str) -> list[Token]:
    out, last = [], 0
    for m in TOKEN.finditer(text):
        out.append(Token(m.lastgroup, m.group(), m.start(), m.end(), "\n" in text[last:m.start()]))
        last = m.end()
    return out


# ---------------------------------------------------------------- vocabularies

def phrase_lemmas(entry: str) -> tuple[str, ...]:
    return tuple(t for t in lemmas(entry) if t != ".")


@lru_cache(maxsize=None)
def numerals() -> dict:
    """lemma -> (value, kind), kind unit | multiplier."""
    table = {}
    for w, v, k in vocab.table("numerals.tsv"):
        # pymorphy3 reads 'десяток' itself as a form of 'десятка': key the entry both ways
        for key in {w, phrase_lemmas(w)[0]}:
            table[key] = (float(v), k)
    return table


@lru_cache(maxsize=None)
def currencies() -> dict:
    return {phrase_lemmas(w): code for w, code in vocab.table("currencies.tsv")}


@lru_cache(maxsize=None)
def abbreviations() -> frozenset:
    """Lemmas of the unit words written with a dot in the vocabularies: 'тыс.', 'руб.'."""
    written = [r[0] for name in ("numerals.tsv", "currencies.tsv") for r in vocab.table(name)]
    written += list(vocab.entries("percent.txt"))
    return frozenset(phrase_lemmas(w)[0] for w in written if w.endswith("."))


@lru_cache(maxsize=None)
def word_list(name: str) -> tuple[frozenset, frozenset]:
    """(lemmas, abbreviations) of a one-word list: 'тел.' is no form of 'тело', so it stays as written."""
    entries = vocab.entries(name)
    abbrs = frozenset(e[:-1].lower() for e in entries if e.endswith("."))
    return frozenset(phrase_lemmas(e)[0] for e in entries if not e.endswith(".")), abbrs


@lru_cache(maxsize=None)
def qualifiers() -> tuple:
    """Qualifier phrases as lowercase word tuples, longest first."""
    return tuple(sorted((tuple(e.lower().split()) for e in vocab.entries("qualifiers.txt")), key=len, reverse=True))


@lru_cache(maxsize=None)
def qualifiers_by_length() -> tuple:
    """((length, {qualifiers of that length}), ...), longest first, as qualifiers() is ordered."""
    lengths = qualifier_lengths()
    return tuple((n, frozenset(q for q in qualifiers() if len(q) == n)) for n in lengths)


@lru_cache(maxsize=None)
def qualifier_lengths() -> tuple:
    return tuple(sorted({len(q) for q in qualifiers()}, reverse=True))


# ---------------------------------------------------------------- token tests

def attached(toks, i, j) -> bool:
    return 0 <= i < len(toks) and 0 <= j < len(toks) and toks[i].stop == toks[j].start


def word_lemma(tok: Token) -> str:
    return lemma(tok.text) if tok.kind == "word" else tok.text.lower()


def numeral(tok: Token):
    """(value, kind) of a numeral word or multiplier, else None: 'трех' -> (3, unit)."""
    return numeral_word(tok.text) if tok.kind == "word" else None


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)  # asked of every word of a text, twice: one lookup per word form
def numeral_word(word: str):
    hit = numerals().get(lemma(word))
    if hit is None or hit[1] == "multiplier":
        return hit
    # 'сорока' is a magpie too: only a word pymorphy can read as a numeral counts
    return hit if any(p.tag.POS == "NUMR" for p in nlp.parses(word.lower())) else None


def in_list(toks, k, name) -> bool:
    """Token k is a word of vocab NAME: by lemma, or as an abbreviation written with its dot."""
    words, abbrs = word_list(name)
    dotted = k + 1 < len(toks) and toks[k + 1].text == "." and attached(toks, k, k + 1)
    return word_lemma(toks[k]) in words or (dotted and toks[k].text.lower() in abbrs)


def is_label(toks, i) -> bool:
    """школа № 17, колл-центр 1308, ст. 366: the number names something, it counts nothing."""
    k = i - 1
    while k >= 0 and toks[k].text in {".", ":"} and attached(toks, k - 1, k):
        k -= 1  # 'ст. 190', 'Просмотров: 387'
    return k >= 0 and in_list(toks, k, "not_figure_before.txt")


def is_glued(toks, i) -> bool:
    """10:25, 15.03.2024, COVID-19, -10, 1-й, 4А: part of a time, date, code, ordinal or label."""
    before, after = toks[i - 1] if i else None, toks[i + 1] if i + 1 < len(toks) else None
    if before is not None and attached(toks, i - 1, i) and (before.text in GLUE | DASHES | {"+", "№"} or before.kind == "word"):
        return True
    if after is not None and attached(toks, i, i + 1):
        if after.text in GLUE and attached(toks, i + 1, i + 2) and toks[i + 2].kind == "num":
            return True
        if after.text in DASHES and attached(toks, i + 1, i + 2) and toks[i + 2].kind == "word":
            return True  # 1-й, 25-летний, 100-долларовой
        if after.kind == "word" and numeral(after) is None and not unit_word(toks, i + 1):
            return True
    return False


def unit_word(toks, i) -> bool:
    return currency_at(toks, i) is not None or percent_at(toks, i) is not None


# ---------------------------------------------------------------- numbers

def digits_value(text: str) -> float:
    return float(re.sub(r"[ \u00a0\u202f\u2009]", "", text).replace(",", "."))


def multiplier_at(toks, i):
    """(factor, next index) of 'тыс.', 'млн', 'миллиона' at i, else (1, i)."""
    if i < len(toks) and not toks[i].newline:
        hit = numeral(toks[i])
        if hit and hit[1] == "multiplier":
            return hit[0], skip_dot(toks, i + 1)
    return 1.0, i


def skip_dot(toks, i) -> int:
    """Past the dot of an abbreviation: 'тыс.', 'руб.', 'тг.' (but '40 %.' ends a sentence)."""
    if i < len(toks) and toks[i].text == "." and attached(toks, i - 1, i) and word_lemma(toks[i - 1]) in abbreviations():
        return i + 1
    return i


def digit_number(toks, i):
    if toks[i].kind != "num" or is_glued(toks, i) or is_label(toks, i):
        return None
    factor, end = multiplier_at(toks, i + 1)
    return Number(digits_value(toks[i].text) * factor, i, end)


def word_number(toks, i):
    """трех тысяч -> 3000; Двадцать семь -> 27; два десятка -> 20. A lone 'тысячи' is no number."""
    total = current = 0.0
    k, units = i, 0
    while k < len(toks) and (hit := numeral(toks[k])) and (k == i or not toks[k].newline):
        value, kind = hit
        if kind == "multiplier":
            if not units and k == i:
                return None
            total, current = total + (current or 1) * value, 0.0
            k = skip_dot(toks, k + 1)
        else:
            current, units, k = current + value, units + 1, k + 1
    if not units:
        return None
    return Number(total + current, i, k)


def number_at(toks, i):
    if toks[i].kind == "num":
        return digit_number(toks, i)
    if i and numeral(toks[i - 1]) and not toks[i].newline:
        return None  # inside a number in words begun earlier
    return word_number(toks, i)


# ---------------------------------------------------------------- units

def currency_at(toks, i):
    """(ISO code, next index) of the longest currency at i: 'долларов США' -> ('USD', i + 2)."""
    for size in (3, 2, 1):
        span = toks[i:i + size]
        if len(span) < size or any(t.newline for t in span):
            continue
        code = currencies().get(tuple(word_lemma(t) for t in span))
        if code:
            return code, skip_dot(toks, i + size)
    return None


def percent_at(toks, i):
    if i < len(toks) and not toks[i].newline and in_list(toks, i, "percent.txt"):
        return "%", skip_dot(toks, i + 1)
    return None


def best(word: str, pos: set):
    return next((p for p in nlp.parses(word.lower()) if p.tag.POS in pos), None)


def is_noun(tok: Token, n: float | None = None) -> bool:
    if tok.kind != "word":
        return False
    if tok.text.isupper() and len(tok.text) >= 2:
        return not year_like(n)  # НПО, МРП, СМИ are counted as written; 'в 2016 ОД' is a year
    if not tok.text[0].islower():
        return False
    parses = nlp.parses(tok.text.lower())
    if parses[0].tag.POS == "NOUN":
        return True
    if parses[0].tag.POS in FUNCTION_WORDS or len(tok.text) < 3:
        return False  # 'по' is also a noun in the dictionary (the letter)
    return n is not None and any(
        p.tag.POS == "NOUN" and agrees(p.tag, n) for p in parses)


def year_like(n) -> bool:
    return n is not None and n == int(n) and 1900 <= n <= 2100


FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "PRED", "ADVB"}


def agrees(tag, n: float) -> bool:
    """'70 сел' is a noun, though 'сел' reads first as a verb: its form is the one a number wants."""
    few = n == int(n) and 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14
    if tag.number == "plur":
        return tag.case in {"gent", "datv", "ablt", "loct"}
    return few and tag.case == "gent"


def is_adjective(tok: Token) -> bool:
    if tok.kind != "word" or not tok.text[0].islower():
        return False
    p = nlp.parse(tok.text.lower())
    return p.tag.POS in {"ADJF", "PRTF"} and "Apro" not in p.tag


def is_complement(tok: Token) -> bool:
    """представителей молодежи: a genitive noun that says whose the counted things are."""
    if tok.kind != "word" or tok.newline or not tok.text[0].islower():
        return False
    p = nlp.parse(tok.text.lower())
    return p.tag.POS == "NOUN" and p.tag.case == "gent"


def complement_end(toks, i) -> int:
    """Past the genitive complement at i, its adjectives included ('коррупционных рисков'), else i.
    Times say when, not whose: '18 нарушений прошлого года' ends at 'нарушений'."""
    k = i
    while k < len(toks) and k - i < 2 and genitive_adjective(toks[k]):
        k += 1
    if k < len(toks) and is_complement(toks[k]) and not in_list(toks, k, "not_figure_nouns.txt"):
        return k + 1
    if k > i and k < len(toks) and toks[k].kind == "word" and in_list(toks, k, "not_figure_nouns.txt"):
        return i  # 'прошлого месяца' ('прошлого' reads first as a noun)
    return i + 1 if i < len(toks) and is_complement(toks[i]) and not in_list(toks, i, "not_figure_nouns.txt") else i


def genitive_adjective(tok: Token) -> bool:
    if tok.kind != "word" or tok.newline or not tok.text[0].islower():
        return False
    return any(p.tag.POS in {"ADJF", "PRTF"} and p.tag.case == "gent" for p in nlp.parses(tok.text.lower()))


def determiner_end(toks, i) -> int:
    """Past 'его', 'их' between a number and its noun: 'двум его сообщникам', else i."""
    return i + 1 if i < len(toks) and not toks[i].newline and toks[i].text.lower() in POSSESSIVES else i


POSSESSIVES = {"его", "ее", "её", "их"}


def nominative(word: str, pos: set, gender=None) -> str:
    if word.isupper():
        return word
    p = best(word, pos)
    if p is None:
        return word.lower()
    for grams in ({"nomn", "sing", gender} - {None}, {"nomn", "plur"}):
        form = p.inflect(grams)
        if form is not None:
            return form.word
    return p.normal_form


def noun_gender(noun: str):
    p = None if noun.isupper() else best(noun, {"NOUN"})
    return p.tag.gender if p is not None else None


def substantive(toks, i, k):
    """двое задержанных, 48 государственных служащих: an adjective that ends the phrase is the noun."""
    words = [nominative(t.text, {"ADJF", "PRTF"}, "masc").replace("ё", "е") for t in toks[i:k]]
    return " ".join(words), " ".join(words).lower(), k


def counted_at(toks, i, n=None):
    """(unit, counted lemma, next index) of the noun phrase at i: 'сельских округах' -> 'сельский округ'."""
    i = determiner_end(toks, i)
    k = i
    while k < len(toks) and k - i < 3 and not toks[k].newline and is_adjective(toks[k]):
        k += 1
    if k > i and (k >= len(toks) or toks[k].kind != "word"):
        return substantive(toks, i, k)
    if k >= len(toks) or toks[k].newline or not is_noun(toks[k], n):
        return None
    if in_list(toks, k, "not_figure_nouns.txt"):
        return None
    noun = nominative(toks[k].text, {"NOUN"})
    gender = noun_gender(noun)
    words = [nominative(t.text, {"ADJF", "PRTF"}, gender) for t in toks[i:k]] + [noun]
    end = complement_end(toks, k + 1)
    words += [t.text for t in toks[k + 1:end]]
    # participles' lemmas are verbs ('интересующим' -> 'интересовать'): keep the adjective form
    counted = " ".join([nominative(t.text, {"ADJF", "PRTF"}, "masc").lower() for t in toks[i:k]]
                       + [word_lemma(t) for t in toks[k:end]])
    return " ".join(words).replace("ё", "е"), counted.replace("ё", "е"), end


# ---------------------------------------------------------------- rules

def qualifier_before(toks, i):
    """(qualifier, index of its first token) right before i, skipping 'на'/'в': 'более чем на 40 %'."""
    ends = [i]
    if i and toks[i - 1].text.lower() in PREPOSITIONS:
        ends.append(i - 1)
    for end in ends:
        # the words before `end` are lowered once; then for each length, longest first (the order
        # of qualifiers()), one set lookup finds the one qualifier of that length they can be
        before = [t.text.lower() for t in toks[max(0, end - qualifier_lengths()[0]):end]] if qualifiers() else []
        for n, entries in qualifiers_by_length():
            if n <= end and tuple(before[len(before) - n:]) in entries:
                return " ".join(before[len(before) - n:]), end - n
    return None, i


def money_prefix(toks, i):
    """$5 млн, £22 млн: a currency sign before the number."""
    if i and toks[i - 1].kind == "sym":
        code = currencies().get((toks[i - 1].text,))
        if code:
            return code
    return None


def unit_after(toks, num: Number):
    """(rule, unit, counted, next index) of what the number counts, or None."""
    code = money_prefix(toks, num.first)
    if code:
        return "money", code, toks[num.first - 1].text, num.end
    i = num.end
    if i < len(toks) and toks[i].newline:
        return None
    if (hit := percent_at(toks, i)):
        return "percent", "%", "процент", hit[1]
    if (hit := currency_at(toks, i)):
        return "money", hit[0], " ".join(word_lemma(t) for t in toks[i:hit[1]] if t.text != "."), hit[1]
    if (hit := counted_at(toks, i, num.value)) and not reads_ordinal(toks, num, i):
        return "count", hit[0], hit[1], hit[2]
    return None


def reads_ordinal(toks, num: Number, i) -> bool:
    """на 34 паркране, в 5 туре: a singular noun after a number that wants a plural is an ordinal."""
    n = num.value
    if toks[num.first].kind != "num" or num.end != num.first + 1 or n != int(n) or not is_noun(toks[i]):
        return False
    n = int(n)
    forms = [p.tag for p in nlp.parses(toks[i].text.lower()) if p.tag.POS == "NOUN"]
    if not forms or toks[i].text.isupper() or any(t.number == "plur" for t in forms):
        return False
    if n % 10 == 1 and n % 100 != 11:
        return False  # 21 район
    return not (2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 and any(t.case == "gent" for t in forms))


def range_end(toks, num: Number):
    """The second number of 'от 3 до 5 тысяч', '10–15 %', or None."""
    i = num.end
    if i + 1 < len(toks) and (toks[i].text in DASHES or toks[i].text.lower() == "до") and toks[i + 1].kind == "num":
        return Number(digits_value(toks[i + 1].text), i + 1, i + 2)
    return None


def figure(text, toks, first, last, value, unit, rule_name):
    """A Figure from token `first` (its qualifier included) to the token before `last`."""
    qualifier, q_first = qualifier_before(toks, first)
    rule, unit_text, counted, _ = unit
    start, stop = toks[q_first].start, toks[last - 1].stop
    return Figure(value, unit_text, qualifier, counted, start, stop, text[start:stop], rule_name or rule)


def figures_at(text, toks, i, before=()):
    """Figures that begin with the number at token i, and the index to go on from.
    `before`: the figures found earlier in the text, where an elided noun is looked up."""
    num = number_at(toks, i)
    if num is None:
        return [], i + 1
    second = range_end(toks, num)
    if second is not None:
        return range_figures(text, toks, num, second)
    unit = unit_after(toks, num)
    if unit is None:
        return unitless(text, toks, num, before), num.end
    first = num.first - 1 if money_prefix(toks, num.first) else num.first
    return [figure(text, toks, first, unit[3], num.value, unit, None)], unit[3]


# ---------------------------------------------------------------- numbers whose noun is elsewhere
# "из них девять – руководители", "41 из 45 пунктов", "в 12 из них", "увеличить до двадцати".

ANTECEDENT_CHARS = 300  # an elided noun was named in this sentence or the one before
COUNT_RULES = {"count", "range count", "kk count", "kk partitive", "partitive", "elided"}
CLAUSE_END = {",", ".", ";", "!", "?", ")"}
OF_THEM = {"них", "которых"}  # 12 из них, 3 из которых
PARTITIVE_BEFORE = [("из", "них"), ("из", "которых"), ("среди", "них"), ("в", "том", "числе")]


def bare_money(text, toks, num: Number, before):
    """из 420 млн тенге ущерба возвращено 265 млн: a sum with a multiplier and no currency word
    after a money figure of its sentence or the one before is in that currency."""
    if not any((hit := numeral(t)) and hit[1] == "multiplier" for t in toks[num.first + 1:num.end]):
        return None
    start = toks[num.first].start
    source = next((f for f in reversed(before) if f.stop <= start and f.rule in MONEY_RULES), None)
    if source is None or start - source.stop > ANTECEDENT_CHARS:
        return None
    between = text[source.stop:start]
    if "\n" in between or len(SENTENCE_END.findall(between)) > 1:
        return None
    return figure(text, toks, num.first, num.end, num.value, ("money", source.unit, source.counted, num.end), "money elided")


MONEY_RULES = {"money", "range money", "money elided"}
SENTENCE_END = re.compile(r"[.!?…]\s+(?=[А-ЯЁA-Z«\"])")


def unitless(text, toks, num: Number, before) -> list[Figure]:
    """The figure of a number with no unit of its own, by the first rule that gives it one."""
    if year_like(num.value) and toks[num.first].kind == "num":
        return []
    for rule in UNITLESS_RULES:
        found = rule(text, toks, num, before)
        if found:
            return [found]
    return []


def dash_noun(text, toks, num: Number, before):
    """из них девять – руководители районных служб: the counted noun follows a dash."""
    i = num.end
    if not (partitive_before(toks, num.first) and i + 1 < len(toks) and toks[i].text in DASHES):
        return None
    hit = counted_at(toks, i + 1, num.value)
    if hit is None:
        return None
    return figure(text, toks, num.first, hit[2], num.value, ("count", hit[0], hit[1], hit[2]), "partitive")


def partitive_before(toks, i) -> bool:
    k = qualifier_before(toks, i)[1]
    return any(tuple(t.text.lower() for t in toks[k - len(p):k]) == p for p in PARTITIVE_BEFORE)


def out_of(text, toks, num: Number, before):
    """исполнено 41 из 45 пунктов: the part counts what the whole counts."""
    i = num.end
    if not (i + 1 < len(toks) and toks[i].text.lower() == "из" and toks[i + 1].kind == "num"):
        return None
    whole = number_at(toks, i + 1)
    unit = unit_after(toks, whole) if whole is not None else None
    if unit is None or unit[0] != "count" or num.value > whole.value:
        return None
    return figure(text, toks, num.first, unit[3], num.value, unit, "partitive")


def elided(text, toks, num: Number, before):
    """в 12 из них; исполнено 41, остальные ...; увеличить до двадцати: the noun of the last count."""
    i, end = num.end, num.end
    of_them = i + 1 < len(toks) and toks[i].text.lower() == "из" and toks[i + 1].text.lower() in OF_THEM
    if of_them:
        end = i + 2
    elif not (i >= len(toks) or toks[i].newline or toks[i].text in CLAUSE_END) or not after_verb(toks, num.first):
        return None
    source = antecedent(text, before, toks[num.first].start)
    if source is None or (of_them and num.value > source.value):
        return None
    return figure(text, toks, num.first, end, num.value, ("count", source.unit, source.counted, end), "elided")


def after_verb(toks, i) -> bool:
    """исполнено 41; увеличить до 20; выросло до двадцати: a bare number closing a clause of change."""
    k = i - 1
    if k >= 0 and toks[k].text.lower() == "до":
        return True
    return k >= 0 and toks[k].kind == "word" and nlp.parse(toks[k].text.lower()).tag.POS in {"VERB", "PRTS", "INFN"}


def antecedent(text, before, start):
    """The last count figure before offset start, in its paragraph and at most ANTECEDENT_CHARS back."""
    for f in reversed(before):
        if f.stop > start:
            continue
        if start - f.stop > ANTECEDENT_CHARS or "\n" in text[f.stop:start]:
            return None
        if f.rule in COUNT_RULES:
            return f
    return None


UNITLESS_RULES = [bare_money, dash_noun, out_of, elided]


def range_figures(text, toks, low: Number, high: Number):
    factor, end = multiplier_at(toks, high.end)
    high = Number(high.value * factor, high.first, end)
    unit = unit_after(toks, high)
    if unit is None:
        return [], high.end
    low_value = low.value * (factor if low.end == low.first + 1 else 1.0)
    return [figure(text, toks, low.first, unit[3], low_value, unit, f"range {unit[0]}"),
            figure(text, toks, high.first, unit[3], high.value, unit, f"range {unit[0]}")], unit[3]


# ---------------------------------------------------------------- Kazakh rule
# "150-ден астам адам" -> 150, адам, более; "3 мыңнан астам жас" -> 3000; "2 млрд теңге" -> KZT;
# "45 пайызы" -> %. The case suffix of the number follows a hyphen, the qualifier follows the number.

KK_ADJECTIVE = re.compile(r"(лық|лік|дық|дік|тық|тік|ғы|гі|қы|кі|дағы|дегі|тағы|тегі|лы|лі|сыз|сіз|лас|лес)$")
KK_VERB = re.compile(r"(ды|ді|ты|ті|ған|ген|қан|кен|ып|іп|ады|еді|йды|йді|атын|етін)$")
# -ды/-ті end a past verb, an accusative noun ('420 мектепті қамтиды') and an adjective
# ('41 лауазымды тұлға'): the word after tells which
KK_ACCUSATIVE = re.compile(r"(ны|ні|ды|ді|ты|ті)$")
# a verb form after an accusative: converbs, participles with their endings, finite forms
KK_VERB_AFTER = re.compile(r"(ып|іп|п|ған\w{0,3}|ген\w{0,3}|қан\w{0,3}|кен\w{0,3}|тын\w{0,3}|тін\w{0,3}|"
                           r"ды|ді|ты|ті|ады|еді|йды|йді|ады|у|уға|уге|уда|уде|са|се|мақ|мек)$")


@lru_cache(maxsize=None)
def kk_words() -> dict:
    """kind -> {nominative: value} from vocab/kk_figures.tsv, and the multi-word qualifiers."""
    out = {}
    for word, kind, *value in vocab.table("kk_figures.tsv"):
        out.setdefault(kind, {})[kazakh.normal(word)] = value[0] if value else ""
    return out


def kk_kind(tok: Token, kind: str):
    """The value of a Kazakh word of that kind ('мыңнан' multiplier -> '1000'), or None."""
    if tok.kind != "word":
        return None
    table = kk_words().get(kind, {})
    hit = kazakh.entry_of(tok.text, table)
    return table[hit] if hit is not None else None


def kk_word_number(toks, i):
    """(value, next index) of a number in words before its noun: 'жиырма бес' -> 25, or None.
    A numeral with a suffix ('тоғызы': nine of them) names no noun after it."""
    found = kk_words_value(toks, i)
    return None if found is None or found[2] else found[:2]


def kk_words_value(toks, i):
    """(value, next index, suffixed) of a number in words: 'жиырма бес', 'екі жүз', 'он екісі'
    (suffixed: its last word carries a suffix and ends the number), or None."""
    total = current = 0.0
    k, suffixed = i, False
    while k < len(toks) and toks[k].kind == "word" and (k == i or not toks[k].newline) and not suffixed:
        word = kazakh.normal(toks[k].text)
        value = kk_words().get("numeral", {}).get(word)
        if value is None and (value := kk_kind(toks[k], "numeral") or kk_kind(toks[k], "collective")):
            suffixed = True  # 'екісі', 'бесеуі'
        factor = kk_kind(toks[k], "multiplier") if k > i and value is None else None
        if value is not None and float(value) == 100:
            current = (current or 1) * 100  # 'екі жүз': two hundred
        elif value is not None:
            current += float(value)
        elif factor is not None:
            total, current = total + (current or 1) * float(factor), 0.0  # 'үш мыңнан астам'
        else:
            break
        k += 1
    return (total + current, k, suffixed) if k > i else None


def kk_number(toks, i):
    """(value, next index) of '150', '150-ден', '3 мыңнан', '2 млрд', 'жеті', or None."""
    if toks[i].kind == "word":
        if i and kk_word_number(toks, i - 1):
            return None  # inside a number in words begun earlier
        return kk_word_number(toks, i)
    if toks[i].kind != "num":
        return None
    k = i + 1
    suffixed = (k + 1 < len(toks) and toks[k].text in DASHES and attached(toks, i, k) and attached(toks, k, k + 1)
                and toks[k + 1].text.lower() in kazakh.chains())
    if suffixed:
        k += 2
    elif is_glued(toks, i) or is_label(toks, i):
        return None
    value = digits_value(toks[i].text)
    if k < len(toks) and not toks[k].newline and (m := kk_kind(toks[k], "multiplier")):
        value, k = value * float(m), k + 1
        k += k < len(toks) and toks[k].text == "." and attached(toks, k - 1, k)
        if k + 1 < len(toks) and toks[k].text in DASHES and attached(toks, k - 1, k) and toks[k + 1].text.lower() in kazakh.chains():
            k += 2  # '2 млн-нан астам'
    return value, k


def kk_qualifier_before(toks, i):
    """('около', index of its first token) of 'шамамен 300', 'кем дегенде 10', else (None, i)."""
    for phrase, qualifier in kk_words().get("qualifier-before", {}).items():
        words = phrase.split()
        first = i - len(words)
        if first >= 0 and [t.text.lower() for t in toks[first:i]] == words:
            return qualifier, first
    return None, i


def kk_unit(toks, k):
    """(rule, unit, counted, next index) of a currency, percent or counted noun at k, or None."""
    if k >= len(toks) or toks[k].newline:
        return None
    tok = toks[k]
    if tok.text == "%" or kk_kind(tok, "percent"):
        return "percent", "%", "пайыз", k + 1
    if (code := kk_kind(tok, "currency")):
        dot = len(tok.text) <= 3 and k + 1 < len(toks) and toks[k + 1].text == "." and attached(toks, k, k + 1)
        return "money", code, kazakh.stem(tok.text), k + 1 + dot  # '5 мың тг.'; 'теңге.' ends a sentence
    if tok.kind != "word" or not tok.text[:1].islower() or kk_kind(tok, "not-unit") is not None:
        return None
    end = k
    while end + 1 < len(toks) and end - k < 2 and kk_modifier(toks, end):
        end += 1
    noun = toks[end].text
    if noun.lower() in vocab.word_set("stopwords_kk.txt") or (KK_VERB.search(noun.lower()) and not kk_accusative(toks, end)):
        return None
    words = [t.text.lower() for t in toks[k:end]] + [kazakh.stem(noun)]
    unit = " ".join(words)
    return "kk count", unit, unit, end + 1


def kk_next_word(toks, k):
    """The lowercase word after k in the same line, else None."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return nxt.text.lower() if nxt is not None and nxt.kind == "word" and nxt.text[:1].islower() and not nxt.newline else None


def kk_modifier(toks, k) -> bool:
    """An adjective before the counted noun: 'облыстық', 'сыбайлас', 'лауазымды' (not 'мектепті' + verb)."""
    nxt = kk_next_word(toks, k)
    if nxt is None:
        return False
    word = toks[k].text.lower()
    return bool(KK_ADJECTIVE.search(word)) or (KK_ACCUSATIVE.search(word) is not None and not KK_VERB_AFTER.search(nxt))


def kk_accusative(toks, k) -> bool:
    """'22 нысанды тексерді': a noun in the accusative, the verb after it; a verb ends its clause."""
    nxt = kk_next_word(toks, k)
    return KK_ACCUSATIVE.search(toks[k].text.lower()) is not None and nxt is not None and bool(KK_VERB_AFTER.search(nxt))


def kk_figures_at(text, toks, i, before=()):
    """Figures of a Kazakh text that begin with the number at token i, and the index to go on from."""
    part = kk_dash_part(text, toks, i) or kk_partitive(text, toks, i, before)
    if part is not None:
        return [part[0]], part[1]
    found = kk_number(toks, i)
    if found is None:
        return [], i + 1
    value, k = found
    qualifier, first = kk_qualifier_before(toks, i)
    if k < len(toks) and not toks[k].newline and (q := kk_kind(toks[k], "qualifier-after")):
        qualifier, k = q, k + 1
    unit = kk_unit(toks, k)
    if unit is None:
        return [], k
    rule, unit_text, counted, end = unit
    if end < len(toks) and not toks[end].newline and (q := kk_kind(toks[end], "qualifier-after")):
        qualifier, end = q, end + 1  # '500 адам шамасында'
    start, stop = toks[first].start, toks[end - 1].stop
    return [Figure(value, unit_text, qualifier, counted, start, stop, text[start:stop], rule)], end


def kk_partitive(text, toks, i, before):
    """(Figure, next index) of 'оның тоғызы', 'олардың бесеуі', 'оның 12-сі': part of what was
    counted before. A short nominal clause after it names the part ('оның бесеуі пара алу
    фактілері.'), else it counts the noun counted last ('35 іс-шара, оның тоғызы орындалды')."""
    if not (i and kk_kind(toks[i - 1], "partitive") is not None):
        return None
    value, end = kk_part_number(toks, i)
    if value is None:
        return None
    named = kk_predicate(toks, end)
    if named is not None:
        unit, stop = named
        counted = unit
    else:
        source = antecedent(text, before, toks[i].start)
        if source is None or value > source.value:
            return None
        unit, counted, stop = source.unit, source.counted, end
    start, stop_at = toks[i - 1].start, toks[stop - 1].stop
    return Figure(value, unit, None, counted, start, stop_at, text[start:stop_at], "kk partitive"), stop


# a possessive ("29-ы": 29 of them) or collective possessive ("бесеуі") ends a number that is a part
KK_PART_SUFFIXES = frozenset(dict((r[0], r[1]) for r in vocab.table("kk_suffixes.tsv") if len(r) > 1)
                             .get("possessive", "").split()) | {"еуі", "ауы", "уі", "уы"}
KK_DASH_PHRASE = 5  # words of the noun phrase a part names after its dash


def kk_dash_part(text, toks, i):
    """(Figure, next index) of 'оның 12-сі – пара алу, 7-і – алаяқтық фактілері': a suffixed number,
    a dash and the noun phrase it counts, up to the clause end (a verb ends no such phrase)."""
    if not (toks[i].kind == "num" and i + 3 < len(toks) and toks[i + 1].text in DASHES and attached(toks, i, i + 1)
            and attached(toks, i + 1, i + 2) and toks[i + 2].text.lower() in KK_PART_SUFFIXES
            and toks[i + 3].text in DASHES and not toks[i + 3].newline):
        return None
    k = end = i + 4
    while end < len(toks) and toks[end].kind == "word" and toks[end].text[:1].islower() and not toks[end].newline:
        end += 1
    closed = end == len(toks) or toks[end].newline or toks[end].text in CLAUSE_END
    if not (k < end <= k + KK_DASH_PHRASE and closed) or KK_VERB.search(toks[end - 1].text.lower()):
        return None
    words = [t.text.lower() for t in toks[k:end - 1]] + [kazakh.stem(toks[end - 1].text)]
    unit = " ".join(words)
    start, stop = toks[i].start, toks[end - 1].stop
    return Figure(digits_value(toks[i].text), unit, None, unit, start, stop, text[start:stop], "kk dash part"), end


def kk_part_number(toks, i):
    """(value, next index) of 'тоғызы', 'бесеуі', '12-сі', else (None, i)."""
    tok = toks[i]
    if tok.kind == "word":
        found = kk_words_value(toks, i)
        # 'тоғызы', not the bare 'тоғыз' that counts a noun after it
        return found[:2] if found is not None and found[2] else (None, i)
    if tok.kind == "num" and i + 2 < len(toks) and toks[i + 1].text in DASHES and attached(toks, i, i + 1) \
            and attached(toks, i + 1, i + 2) and toks[i + 2].kind == "word":
        return digits_value(tok.text), i + 3
    return None, i


KK_PREDICATE = 3  # words of a nominal clause that names the part
# a word in the dative, locative or ablative says where or when: the clause has a verb to come
KK_OBLIQUE = re.compile(r"(да|де|та|те|ға|ге|қа|ке|на|не|дан|ден|тан|тен|нан|нен)$")


def kk_predicate(toks, k):
    """(unit, next index) of the short verbless clause after a part: 'пара алу фактілері.'"""
    end = k
    while end < len(toks) and toks[end].kind == "word" and toks[end].text[:1].islower() and not toks[end].newline:
        end += 1
    closed = end == len(toks) or toks[end].newline or toks[end].text in CLAUSE_END
    if not (k < end <= k + KK_PREDICATE and closed) or KK_VERB_AFTER.search(toks[end - 1].text.lower()) or \
            any(KK_OBLIQUE.search(t.text.lower()) for t in toks[k:end]):
        return None
    words = [t.text.lower() for t in toks[k:end - 1]] + [kazakh.stem(toks[end - 1].text)]
    return " ".join(words), end


def may_start(tok: Token) -> bool:
    """Whether a Russian figure can begin at tok: number_at reads a number from a digit token or
    a numeral word only (a word number's first word is a numeral), and figures_at gives nothing
    and moves on one token without a number. Most tokens are neither: one lemma lookup each."""
    return tok.kind == "num" or tok.kind == "word" and numeral(tok) is not None


def figures_in(text: str) -> list[Figure]:
    """Every figure of a text, in order; offsets index `text`. A Kazakh text is read by the Kazakh rule."""
    toks, out, i = tokens(text or ""), [], 0
    in_kazakh = kazakh.is_kazakh(text or "")
    at = kk_figures_at if in_kazakh else figures_at
    while i < len(toks):
        if not in_kazakh and not may_start(toks[i]):
            i += 1
            continue
        found, i = at(text, toks, i, out)
        out.extend(found)
    return out


# ---------------------------------------------------------------- table

def figures(documents):
    rows = []
    for doc_id, text in zip(documents["doc_id"].tolist(), documents["text"].tolist()):
        rows.extend({"doc_id": doc_id, **f._asdict()} for f in figures_in(text if isinstance(text, str) else ""))
    return io.frame(rows, schema.FIGURES)


INPUTS = ("documents",)
OUTPUTS = ("figures",)


def apply(batch, context=None):
    return {"figures": figures(batch["documents"])}
