"""documents, mentions -> programmes: named projects, campaigns, contests, plans and offices.

A programme is found by its head noun (vocab/programme_heads.txt): `проект «Бизнес без барьеров»`,
`марафон "Чистые руки"`, `запущен проект Smart office`, `в рамках «Декады прозрачности»`
(read back into the nominative) and titles with years, `Концепция правовой политики
на 2024–2030 годы`. Quoted names after a legal form or an institution (`РОО "..."`,
`гимназия «...»`) are organisations and are left out. Offsets index documents.text.
"""
import re
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from . import io, kazakh, nlp, schema, vocab
from .lemmatize import lemma, lemmas


class Token(NamedTuple):
    kind: str  # word | num | sym
    text: str
    start: int
    stop: int


class Programme(NamedTuple):
    name: str
    kind: str | None
    start: int
    stop: int
    text: str
    rule: str


TOKEN = re.compile(r"(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)|(?P<num>\d+)|(?P<sym>\S)")
OPENING = {"«": "»", "“": "”", "„": "“”", '"': '"'}
DASHES = {"-", "–", "—", "‒", "−"}
STOPS = {".", "!", "?", ";", ":", "(", ")"}
LATIN = re.compile(r"^[A-Za-z][A-Za-z'’-]*$")
MAX_QUOTED = 200  # characters: a quote left open must not swallow the paragraph
MAX_TITLE = 16  # tokens from a head noun to 'на 2024 год'
BETWEEN = 2  # words allowed between a head noun and its quoted name: 'конкурс сочинений «...»'


def tokens(text: str) -> list[Token]:
    return [Token(m.lastgroup, m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


# ---------------------------------------------------------------- vocabularies

@lru_cache(maxsize=None)
def heads() -> dict:
    """Head lemma tuples -> kind as written: ('проектный', 'офис') -> 'проектный офис'."""
    return {lemmas(e): e for e in vocab.entries("programme_heads.txt")}


@lru_cache(maxsize=None)
def unquoted_heads() -> frozenset:
    return frozenset(vocab.entries("programme_unquoted_heads.txt"))


@lru_cache(maxsize=None)
def not_heads() -> tuple[frozenset, frozenset]:
    """(lemmas, abbreviations written in capitals) of words that make a quoted name no programme."""
    entries = vocab.entries("programme_not_heads.txt")
    return (frozenset(lemma(e) for e in entries if not e.isupper()),
            frozenset(e for e in entries if e.isupper()))


def word_lemma(tok: Token) -> str:
    return lemma(tok.text) if tok.kind == "word" else tok.text


def is_not_head(tok: Token) -> bool:
    words, abbrs = not_heads()
    return tok.kind == "word" and (tok.text in abbrs or word_lemma(tok) in words)


def head_at(toks, i):
    """(kind, next index) of a head noun at i, longest first; 'акция – марафон' is 'акция-марафон'."""
    for size in (2, 1):
        span = toks[i:i + size]
        if len(span) == size and all(t.kind == "word" for t in span):
            kind = heads().get(tuple(word_lemma(t) for t in span)) or size == 1 and prefixed_head(span[0].text)
            if kind and not plural_only(span[-1].text, kind) and not singular_only(span[-1].text, kind):
                return compound(toks, i + size, kind)
    return None


def prefixed_head(word: str) -> str | None:
    """The head a hyphenated word ends in after a medium or platform: 'Telegram-бот', 'онлайн-конкурс',
    'TikTok-челлендж' (vocab/programme_head_prefixes.txt, or any Latin-script word); not 'пресс-центр'."""
    prefix, _, last = word.rpartition("-")
    if not prefix or not last or not (LATIN.match(prefix) or prefix.lower() in head_prefixes()):
        return None
    return heads().get((lemma(last),))


@lru_cache(maxsize=None)
def head_prefixes() -> frozenset:
    return frozenset(e.lower() for e in vocab.entries("programme_head_prefixes.txt"))


def plural_only(word: str, kind: str) -> bool:
    """'акций Apple', 'акций «Порше»' are shares: a head that names programmes in the singular only."""
    return kind in SINGULAR_HEADS and not any(
        p.tag.POS == "NOUN" and p.tag.number == "sing" for p in nlp.parses(word.lower()))


def singular_only(word: str, kind: str) -> bool:
    """'клуб «Кайрат»' is a team; 'клубы «Честное поколение»' in every school are a programme."""
    return kind in PLURAL_HEADS and not any(
        p.tag.POS == "NOUN" and p.tag.number == "plur" for p in nlp.parses(word.lower()))


SINGULAR_HEADS = {"акция"}
PLURAL_HEADS = {"клуб"}


def compound(toks, i, kind):
    if i + 1 < len(toks) and toks[i].text in DASHES and toks[i + 1].kind == "word":
        second = heads().get((word_lemma(toks[i + 1]),))
        if second:
            return f"{kind}-{second}", i + 2
    return kind, i


# ---------------------------------------------------------------- quotes

def is_opening(text, pos) -> bool:
    """A quote that opens: after a space or a bracket and before a letter or digit."""
    ch = text[pos]
    if ch not in OPENING:
        return False
    if ch != '"':
        return True
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (before.isspace() or before in "(«„“-–—") and not after.isspace()


def closing_quote(text, pos):
    """Index of the quote that closes the one opened at pos, nested quotes of its kind skipped, else None."""
    opener, closers = text[pos], OPENING[text[pos]]
    depth, limit = 1, min(len(text), pos + MAX_QUOTED)
    for j in range(pos + 1, limit):
        ch = text[j]
        if ch == "\n":
            return None
        if ch in closers and not (opener == '"' and is_opening(text, j)):
            depth -= 1
            if depth == 0:
                return j
        elif ch == opener and is_opening(text, j):
            depth += 1
    return None


def quoted_after(text, toks, i):
    """(inner name, stop offset, token index past it) when token i opens a quoted name."""
    if i >= len(toks) or toks[i].kind != "sym" or not is_opening(text, toks[i].start):
        return None
    close = closing_quote(text, toks[i].start)
    if close is None:
        return None
    inner = text[toks[i].start + 1:close].strip()
    if not inner or not any(c.isalpha() for c in inner):
        return None
    past = next((k for k in range(i + 1, len(toks)) if toks[k].start > close), len(toks))
    return inner, close + 1, past


# ---------------------------------------------------------------- morphology

def keep_case(source: str, word: str) -> str:
    if source.isupper() and len(source) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if source[:1].isupper() else word


def inflect(word: str, pos: set, grams: set):
    for p in nlp.parses(word.lower()):
        if p.tag.POS in pos:
            form = p.inflect(grams)
            return form.word if form is not None else None
    return None


def known(word: str) -> bool:
    """A Russian word pymorphy3 has in its dictionary (or whose hyphenated parts it has)."""
    if kazakh.has_kazakh_letters(word) or not any("а" <= c <= "я" or c == "ё" for c in word.lower()):
        return False
    p = nlp.parses(word.lower())[0]
    return p.is_known or type(p.methods_stack[0][0]).__name__ == "HyphenatedWordsAnalyzer"


def to_nominative(words: list[str], case: str = "gent") -> list[str]:
    """Leading adjectives and the first noun of a phrase from `case` into the nominative:
    'Декады прозрачности' -> 'Декада прозрачности'. Words pymorphy cannot read stay as they are.
    """
    out = list(words)
    if not all(known(w) for w in words):
        return out  # Kazakh, Latin or guessed words: a guessed case would mangle the name
    for k, w in enumerate(words):
        noun = next((p for p in nlp.parses(w.lower()) if p.tag.POS == "NOUN" and p.tag.case == case), None)
        if noun is not None:
            form = noun.inflect({"nomn", noun.tag.number or "sing"})
            if form is None:
                return out
            out[k] = keep_case(w, form.word)
            gender = form.tag.gender
            for a in range(k):
                grams = {"nomn", "sing", gender} if noun.tag.number == "sing" and gender else {"nomn", "plur"}
                adj = inflect(words[a], {"ADJF", "PRTF"}, grams)
                out[a] = keep_case(words[a], adj) if adj else words[a]
            return out
        if not any(p.tag.POS in {"ADJF", "PRTF"} and p.tag.case == case for p in nlp.parses(w.lower())):
            return out
    return out


# ---------------------------------------------------------------- rules

def between_ok(toks, i, j) -> bool:
    """Words between a head and its quote: a few genitives ('конкурс сочинений'), no organisation."""
    span = toks[i:j]
    return len(span) <= BETWEEN and all(t.kind == "word" and t.text[:1].islower() and not is_not_head(t)
                                        and is_genitive(t.text) for t in span)


def is_genitive(word: str) -> bool:
    return any(p.tag.POS in {"NOUN", "ADJF"} and p.tag.case == "gent" for p in nlp.parses(word.lower()))


def looks_like_name_text(inner: str) -> bool:
    """A programme's name is capitalised and is no law title: 'О полиции', 'Об интернете' are laws."""
    first = inner.split()[0] if inner.split() else ""
    return (inner[:1].isupper() or inner[:1].isdigit()) and first not in {"О", "Об", "Обо"}


def newline_between(text, a, b) -> bool:
    return "\n" in text[a:b]


def head_quoted(text, toks, i, blocked):
    """проект «Бизнес без барьеров», акция – марафон «Taza qogam», конкурс сочинений «...»."""
    head = head_at(toks, i)
    if head is None:
        return None
    kind, j = head
    for k in range(j, min(j + BETWEEN, len(toks) - 1) + 1):
        if toks[k].kind == "sym":
            quoted = quoted_after(text, toks, k)
            if quoted and between_ok(toks, j, k) and name_ok(quoted[0]) and not possessor(quoted[0]) and \
                    not newline_between(text, toks[j - 1].stop, toks[k].start) and (kind != "центр" or k == j):
                name, stop, past = quoted
                return Programme(name, kind, toks[i].start, stop, text[toks[i].start:stop], "head «name»"), past
            return None
    return None


def name_ok(name: str) -> bool:
    first = tokens(name)[:1]
    return bool(first) and not is_not_head(first[0]) and looks_like_name_text(name)


def possessor(name: str) -> bool:
    """Инициатива «Яблока»: a name that cannot be nominative belongs to its owner; it is none itself."""
    first = tokens(name)[:1]
    if not first or first[0].kind != "word":
        return False
    if not all(known(w) for w in name.split()):
        return False  # 'Таза Қоғам', 'Мен адалмын' are Kazakh, whatever Russian forms they resemble
    ps = nlp.parses(first[0].text.lower())
    return all(p.tag.POS in {"NOUN", "ADJF"} and p.tag.case not in {"nomn", "accs"} for p in ps)


def frame_quoted(text, toks, i, blocked):
    """в рамках «Декады прозрачности»: no head, the name is inflected and read back."""
    if not (i + 2 < len(toks) and toks[i].text.lower() == "в" and word_lemma(toks[i + 1]) == "рамка"):
        return None
    quoted = quoted_after(text, toks, i + 2)
    if quoted is None or not name_ok(quoted[0]):
        return None
    inner, stop, past = quoted
    name = nominative_name(inner)
    start = toks[i + 2].start
    return Programme(name, None, start, stop, text[start:stop], "в рамках «name»"), past


def nominative_name(inner: str) -> str:
    words = inner.split(" ")
    return " ".join(to_nominative(words)) if words else inner


def head_name(text, toks, i, blocked):
    """запущен проект Smart office; в рамках проекта Бизнес-наставничества: an unquoted name."""
    head = head_at(toks, i)
    if head is None:
        return None
    kind, j = head
    if kind not in unquoted_heads() or j >= len(toks) or toks[j].kind != "word":
        return None
    if any(a <= toks[j].start < b for a, b in blocked) or newline_between(text, toks[j - 1].stop, toks[j].start):
        return None
    end = latin_run(toks, j) or cyrillic_run(toks, j)
    if end is None:
        return None
    words = [t.text for t in toks[j:end]]
    name = " ".join(words if LATIN.match(words[0]) else to_nominative(words))
    start, stop = toks[i].start, toks[end - 1].stop
    return Programme(name, kind, start, stop, text[start:stop], "head Name"), end


def latin_run(toks, j):
    """Smart office, Art in Art; not 'NCAA' or 'X': capitals alone are organisations or letters."""
    word = toks[j].text
    if not (LATIN.match(word) and word[0].isupper() and len(word) > 1 and not word.isupper()):
        return None
    end = j
    while end < len(toks) and toks[end].kind == "word" and LATIN.match(toks[end].text):
        end += 1
    return end


def cyrillic_run(toks, j):
    """A capitalised word that is no abbreviation, person or organisation, and an agreeing noun after an adjective."""
    tok = toks[j]
    if not tok.text[0].isupper() or tok.text.isupper() or is_not_head(tok) or looks_like_name(tok.text):
        return None
    if j + 1 < len(toks) and toks[j + 1].kind == "word" and toks[j + 1].text[:1].isupper():
        return None  # руководитель проекта Ерлан Кабдуллин: two capitals read as a person
    first = nlp.parse(tok.text.lower())
    if first.tag.POS not in {"NOUN", "ADJF"}:
        return None
    if first.tag.POS == "ADJF" and j + 1 < len(toks) and toks[j + 1].kind == "word" and toks[j + 1].text.islower():
        return j + 2
    return j + 1 if first.tag.POS == "NOUN" else None


def looks_like_name(word: str) -> bool:
    return any({"Name", "Surn", "Patr", "Geox", "Orgn"} & set(str(p.tag).replace(" ", ",").split(","))
               for p in nlp.parses(word.lower())[:2])


YEAR_END = re.compile(
    r"\s+(?:на|до)\s+\d{4}(?:\s*[-–—]\s*\d{4})?\s*(?:год(?:ы|а|ов)?|гг\.|г\.)", re.IGNORECASE)


def titled(text, toks, i, blocked):
    """Регионального плана по развитию детского спорта на 2024 год -> Региональный план ..."""
    head = head_at(toks, i)
    if head is None or head[0] not in TITLE_KINDS:
        return None
    kind, j = head
    limit = toks[min(i + MAX_TITLE, len(toks) - 1)].stop
    m = YEAR_END.search(text, toks[j - 1].stop, limit)
    if m is None or not plain_words(toks, j, m.start()):
        return None
    first = adjectives_before(toks, i)
    head_words = to_nominative([t.text for t in toks[first:j]], case=head_case(toks[j - 1].text))
    name = " ".join(head_words) + text[toks[j - 1].stop:m.end()]
    name = name[:1].upper() + name[1:]
    start, stop = toks[first].start, m.end()
    past = next((k for k in range(j, len(toks)) if toks[k].start >= stop), len(toks))
    return Programme(name, kind, start, stop, text[start:stop], "title на год"), past


TITLE_KINDS = {"план", "концепция", "стратегия", "программа", "подпрограмма", "дорожная карта"}


def plain_words(toks, j, stop) -> bool:
    """Dependents of a title: words and no sentence break, quote, comma or verb."""
    for t in toks[j:]:
        if t.start >= stop:
            return True
        if t.kind == "sym" and t.text not in DASHES:
            return False
        if t.kind == "word" and nlp.parse(t.text.lower()).tag.POS in {"VERB", "PRTF", "PRTS", "INFN"}:
            return False
    return True


def adjectives_before(toks, i) -> int:
    """Capitalised adjectives that open a title: 'Комплексного плана', 'Государственной программы'."""
    k = i
    while k > 0 and toks[k - 1].kind == "word" and toks[k - 1].text[:1].isupper() and \
            nlp.parse(toks[k - 1].text.lower()).tag.POS == "ADJF" and i - k < 2:
        k -= 1
    return k


def head_case(word: str) -> str:
    return nlp.parse(word.lower()).tag.case or "nomn"


RULES = [titled, head_quoted, frame_quoted, head_name]


# ---------------------------------------------------------------- Kazakh rules
# The head FOLLOWS the quoted name in Kazakh: "«Адал жол» жобасы", "«Ашық әкімдік» фронт-офистері".

KK_NAMED = {"атты", "деген", "атындағы"}  # «...» атты жоба: 'named'
KK_FRAMES = {"аясында", "аясындағы", "шеңберінде", "шеңберіндегі"}  # «...» аясында: 'within'


@lru_cache(maxsize=None)
def kk_heads() -> dict:
    return kazakh.phrase_index(vocab.table("kk_programme_heads.tsv"))


# adjectives between a name and its head: «...» облыстық байқауы, «...» республикалық акциясы
KK_MODIFIER = re.compile(r"(лық|лік|дық|дік|тық|тік|ғы|гі|қы|кі|дағы|дегі|тағы|тегі|лы|лі)$")
KK_BETWEEN = 2


def kk_quoted_head(text, toks, i, blocked):
    """«Адал жол» жобасы -> Адал жол, проект; «Ашық есік» жобалық кеңсесі -> проектный офис;
    «Адал сынып» облыстық байқауы -> конкурс."""
    quoted = quoted_after(text, toks, i)
    if quoted is None or not looks_like_name_text(quoted[0]):
        return None
    inner, stop, past = quoted
    j = past + (past < len(toks) and toks[past].text.lower() in KK_NAMED)
    hit = kk_head_after(toks, j)
    if hit is None:
        return None
    j, n, kind = hit
    if newline_between(text, stop, toks[j].start):
        return None
    end = toks[j + n - 1].stop
    return Programme(inner, kind, toks[i].start, end, text[toks[i].start:end], "kk «name» head"), j + n


def kk_head_after(toks, j):
    """(index, length, kind) of a Kazakh head at j or after up to KK_BETWEEN adjectives, else None."""
    for k in range(j, min(j + KK_BETWEEN, len(toks) - 1) + 1):
        words = [t.text if t.kind == "word" else "" for t in toks[k:k + 3]]
        hit = kazakh.phrase_at(words, 0, kk_heads()) if words and words[0] else None
        if hit is not None:
            return k, hit[0], hit[1][1]
        if toks[k].kind != "word" or not toks[k].text[:1].islower() or not KK_MODIFIER.search(toks[k].text.lower()):
            return None
    return None


def kk_frame_quoted(text, toks, i, blocked):
    """«Адалдық сағаты» аясында: a name met without its head takes the kind it has elsewhere."""
    quoted = quoted_after(text, toks, i)
    if quoted is None or quoted[2] >= len(toks) or toks[quoted[2]].text.lower() not in KK_FRAMES:
        return None
    inner, stop, past = quoted
    if not looks_like_name_text(inner):
        return None
    return Programme(inner, None, toks[i].start, stop, text[toks[i].start:stop], "kk «name» frame"), past + 1


KK_RULES = [kk_quoted_head, kk_frame_quoted]


@lru_cache(maxsize=None)
def head_starts() -> frozenset:
    """Lemmas a head noun of one or two words (all head_at tries) can start with."""
    return frozenset(key[0] for key in heads() if len(key) in (1, 2))


def may_start(toks, i, kazakh_text: bool) -> bool:
    """Whether any rule can match at token i. Every Russian rule needs a head noun at i (so a word
    whose lemma starts one) or 'в' ('в рамках «…»'); a Kazakh rule needs an opening quote (a symbol).
    Elsewhere all rules give None: skipping them, most tokens of a text cost one lemma lookup."""
    tok = toks[i]
    if tok.kind == "word":
        return may_start_word(tok.text)
    return kazakh_text and tok.kind == "sym"


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)  # asked of every word of every text: one lookup per word form
def may_start_word(word: str) -> bool:
    return lemma(word) in head_starts() or word.lower() == "в" or "-" in word and prefixed_head(word) is not None


def programmes_in(text: str, blocked=()) -> list[Programme]:
    """Every programme of a text, in order. `blocked`: (start, stop) spans of people and places."""
    toks, out, i = tokens(text or ""), [], 0
    kazakh_text = kazakh.is_kazakh(text or "")
    rules = KK_RULES + RULES if kazakh_text else RULES
    while i < len(toks):
        if not may_start(toks, i, kazakh_text):
            i += 1
            continue
        hit = next((h for rule in rules if (h := rule(text, toks, i, blocked))), None)
        if hit:
            out.append(hit[0])
            i = max(hit[1], i + 1)
        else:
            i += 1
    return fill_kinds(out)


def key(name: str) -> str:
    return re.sub(r"\W+", " ", name.lower().replace("ё", "е")).strip()


def fill_kinds(found: list[Programme]) -> list[Programme]:
    """A name met without a head ('в рамках «...»') takes the kind it has elsewhere in the text."""
    kinds = {key(p.name): p.kind for p in found if p.kind}
    return [p._replace(kind=kinds.get(key(p.name))) if p.kind is None else p for p in found]


# ---------------------------------------------------------------- table

def blocked_spans(mentions: pd.DataFrame) -> dict:
    spans = {}
    if mentions is None or not len(mentions):
        return spans
    # plain lists: pandas' Arrow-backed columns are slow to iterate cell by cell
    for doc_id, kind, start, stop in zip(mentions["doc_id"].tolist(), mentions["type"].tolist(),
                                         mentions["start"].tolist(), mentions["stop"].tolist()):
        if kind in {"PER", "LOC"}:
            spans.setdefault(doc_id, []).append((int(start), int(stop)))
    return spans


def programmes(documents: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    blocked, rows = blocked_spans(mentions), []
    for doc_id, text in zip(documents["doc_id"].tolist(), documents["text"].tolist()):
        for p in programmes_in(text if isinstance(text, str) else "", blocked.get(doc_id, ())):
            rows.append({"doc_id": doc_id, **p._asdict()})
    return io.frame(rows, schema.PROGRAMMES)


INPUTS = ("documents", "mentions")
OUTPUTS = ("programmes",)


def apply(batch, context=None):
    return {"programmes": programmes(batch["documents"], batch.get("mentions"))}
