"""mentions + documents + tokens -> people, eponyms: every mention of a person, linked to one
canonical nominative name per person per article.

A namesake of an institution ('школа имени Кайрата Сапарова', 'библиотека им. Т. Нурпеисова',
'Сатпаев Университет') is not a person of the event: such mentions go to the `eponyms` table,
not to `people`. A person also named outside 'имени' (a lecture on the legacy of Т.К. Сарбасов)
is in both.
"""
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from . import io, kazakh, names, nlp, regions, schema, vocab
from .lemmatize import lemma

INPUTS = ("documents", "tokens", "mentions")
OUTPUTS = ("people", "eponyms")

CASE_OF_TAG = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
GENDER_OF_TAG = {"Masc": "m", "Fem": "f"}
EPONYM_BEFORE = re.compile(r"(?:\bимени|\bим\.)\s*$", re.I)  # школа имени …, библиотека им. …
EPONYM_AFTER = re.compile(r"\s*атындағы\b", re.I)  # Абай атындағы мектеп: 'the school named after Abai'
PLURAL_SURNAME = re.compile(r"(ов|ев|ин|ын)(ых|ыми)$")
LIST_GLUE = re.compile(r"\s*(,|и|,\s*и)\s*")
WORD = re.compile(r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


@dataclass(frozen=True)
class Mention:
    start: int
    stop: int
    text: str
    name: names.Name
    role: str  # participant | eponym
    rule: str


# ---------------------------------------------------------------- item rules: one span

def trim(text: str, start: int, stop: int) -> tuple[int, int]:
    """Span cut to its first line and stripped of edge punctuation: 'В.Л.)' -> 'В.Л.'."""
    span = text[start:stop]
    if "\n" in span:
        stop = start + span.index("\n")
    while stop > start and text[stop - 1] in " ,;:)»\"'-–—":
        stop -= 1
    while start < stop and text[start] in " ,;:(«\"'-–—":
        start += 1
    return start, stop


def cut_place(text: str, start: int, stop: int) -> tuple[int, int]:
    """A place phrase natasha glued onto the name is cut off: 'по области Абай Ерлан Сапаров' ->
    'Ерлан Сапаров' (the gazetteer's 'области Абай' straddles the span's start); a region word
    opening a span of three words with no patronymic goes too ('Жетісу Ерлан Сапаров')."""
    base = max(0, start - 40)
    for place in regions.find(text[base:stop]):
        a, b = base + place.start, base + place.stop
        words = names.split(text[b:stop])
        if a < start < b < stop or (a == start < b and len(words) == 2 and not names.PATRONYMIC.search(words[1])
                                    and len(names.split(text[start:stop])) == 3):
            start = b
        elif a >= start:
            break
    return trim(text, start, stop)


def with_surnames(text: str, spans) -> list[tuple[int, int]]:
    """natasha tags a Kazakh first name without its surname ('Бақыт' of 'Бақыт Сейтовтың',
    'Асылбек' of 'Асылбек Нұрғалиев'): a name of kazakh.name_spans starting where a span starts replaces
    it. In Kazakh text the names natasha misses altogether are added."""
    found = kazakh.name_spans(text)
    starts = {a: b for a, b in found}
    out = [(s, starts[s]) if starts.get(s, e) > e and missed_surname(text[s:e], text[e:starts[s]]) else (s, e)
           for s, e in spans]
    if kazakh.is_kazakh(text):
        out += [(a, b) for a, b in found if not any(s < b and a < e for s, e in out)]
    return out


def missed_surname(span: str, rest: str) -> bool:
    """The words natasha left out after a span are a surname, and the span holds none:
    not 'Наина' after 'Ельцина'."""
    return not any(names.SURNAME_SHAPE.search(w) for w in names.split(span)) \
        and not any(names.known_first_name(w) for w in names.split(rest))


# two capitals in a row after a lowercase letter: a name spelled partly as an abbreviation
# ('КазТАГ'); a surname in capitals ('САПАРОВ') or with one inner capital ('МакКейн') is not
INNER_CAPITALS = re.compile(r"[a-zа-яёәғқңөұүһі][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2}")


def not_a_name_reason(span: str) -> str | None:
    """Why a PER span is not a person, or None: site chrome, brands, common words natasha misread."""
    words = [w for w in names.split(span) if not names.is_initial(w)]
    if not words or not WORD.search(span):
        return "reject.empty"
    if re.search(r"\d", span):
        return "reject.digits"  # Формулы-1
    if any(lemma(w) in chrome_words() for w in words):
        return "reject.chrome"
    if len(words) == 1 and common_word(words[0]):
        return "reject.common_word"  # 'Подана', 'Маэстро', 'Царицыно'
    if len(words) == 1 and "-" in words[0] and all(common_word(p) for p in words[0].split("-")):
        return "reject.common_word"  # 'Колл-центр', 'Пресс-релиз' opening a sentence
    if len(words) == 1 and PLURAL_SURNAME.search(words[0]):
        return "reject.plural"  # 'братьев Ямадаевых': a family, not a person
    if len(words) == 1 and INNER_CAPITALS.search(words[0]):
        return "reject.abbreviation"  # 'КазТАГ', 'ТенгриНЬЮС': an agency's name, not a person's
    if not words[-1][:1].isupper() and not any(names.is_initial(t) for t in names.split(span)):
        return "reject.lowercase"
    if menu_row(words):
        return "reject.menu"  # 'Саясат Қоғам Экономика Спорт': a site's rubric row
    return None


def menu_row(words: list[str]) -> bool:
    """Three or more capitalised words, at least three of them site rubrics and no more than one
    anything else: 'Политика Общество Спорт Архив', not 'Спорт Иванов'."""
    rubric = [w for w in words if w.lower() in vocab.word_set("nav_words.txt") or lemma(w) in vocab.word_set("nav_words.txt")]
    return len(words) >= 3 and len(rubric) >= 3 and len(words) - len(rubric) <= 1 \
        and all(w[:1].isupper() for w in words)


def cut_place_name(text: str, start: int, stop: int) -> tuple[int, int]:
    """A capitalised word between a settlement noun and initials is the place's name:
    'округа Тасжол Б. Нуров' -> 'Б. Нуров'."""
    m = re.match(r"([^\W\d_]+)\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.)", text[start:stop])
    before = re.search(r"([^\W\d_]+)\s+$", text[max(0, start - 30):start])
    if m and before and m.group(1)[:1].isupper() and lemma(before.group(1).lower()) in place_nouns():
        return start + m.end(), stop
    return start, stop


@lru_cache(maxsize=None)
def place_nouns() -> frozenset:
    return frozenset(lemma(e) for e in vocab.entries("person_place_nouns.txt"))


@lru_cache(maxsize=None)
def post_words() -> frozenset:
    """Single-word posts of positions.txt (lemmas): 'аким', 'замаким', 'прокурор'."""
    return frozenset(e[0] for e in vocab.lemma_set("positions.txt") if len(e) == 1)


def post_word(word: str) -> bool:
    """A capitalised post, never a first name before a surname: 'Прокурор', 'Замдиректора'."""
    low = word.lower()
    return lemma(low) in post_words() or (low.startswith("зам") and lemma(low[3:]) in post_words())


def role_noun(word: str) -> bool:
    """A person noun pymorphy3 knows and not as a name: 'Взяткодатель', 'Обвиняемая'. Inanimate
    nouns stay: 'Канат', 'Алмаз' are Kazakh names."""
    if not common_word(word):
        return False
    p = nlp.parse(word)
    return ("NOUN" in p.tag and "anim" in p.tag) or p.tag.POS in ("PRTF", "ADJF")


def cut_role(text: str, start: int, stop: int) -> tuple[int, int] | None:
    """A role word natasha took as a first name is cut off when a surname follows: 'Взяткодатель
    Сапаров' -> 'Сапаров'. A post before a word of no surname shape is no person ('Замакима Ескене':
    a post and a town): None. A role noun before other words stays ('Франк Де Блекере')."""
    m = re.match(r"([^\W\d_]+)\s+", text[start:stop])
    if not m:
        return start, stop
    rest = names.split(text[start + m.end():stop])
    words = [w for w in rest if not names.is_initial(w)]
    surname = len(words) == 1 and (len(rest) > 1 or bool(names.SURNAME_SHAPE.search(words[0])))
    if post_word(m.group(1)):
        return (start + m.end(), stop) if surname else None if len(rest) == 1 else (start, stop)
    if surname and role_noun(m.group(1)):
        return start + m.end(), stop
    return start, stop


@lru_cache(maxsize=None)
def chrome_words() -> frozenset:
    return frozenset(lemma(e) for e in vocab.entries("person_stopwords.txt"))


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)  # per word form: every span's words are asked, and news repeats its names
def common_word(word: str) -> bool:
    """A word pymorphy3 knows, and only as something other than a name."""
    parses = [p for p in nlp.parses(word) if p.is_known]
    if not parses or not re.fullmatch(r"[А-Яа-яЁё-]+", word):
        return False
    return not any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses)


@lru_cache(maxsize=None)
def kazakh_chrome_words() -> frozenset:
    """Kazakh function words (the clean stage's list) and the chrome, pronouns and buttons natasha
    tags as people, matched on the whole word: short ones would match the stems of names."""
    return frozenset(kazakh.normal(e) for name in ("stopwords_kk.txt", "kk_person_stopwords.txt")
                     for e in vocab.entries(name))


def kazakh_chrome(word: str) -> bool:
    """'Ол', 'Иә', 'Хабарландырулар': the word or, when long, one of its Kazakh stems is listed."""
    low = kazakh.normal(word)
    return low in kazakh_chrome_words() or (len(low) > 5 and any(
        len(s) > 4 and s in kazakh_chrome_words() for s in kazakh.stems(low)))


def before_territory(text: str, stop: int) -> bool:
    """'Қарасай ауданындағы', 'Абай облысы': a Kazakh territory word with the possessive of 'X's
    district' follows, so the span is a place ('Ерлан ауданға барды' is a man going there)."""
    m = re.match(r"[ \t]+([^\W\d_]+)", text[stop:stop + 40])
    return bool(m) and any(s in territories_of() for s in kazakh.stems(m.group(1)))


@lru_cache(maxsize=None)
def territories_of() -> frozenset:
    """'ауданы', 'облысы', 'қаласы': the territory words of kk_bodies.txt with a possessive."""
    return frozenset(t + p for t in kazakh.word_set("kk_bodies.txt", "territories")
                     for p in ("ы", "і", "сы", "сі"))


def kazakh_reason(text: str, start: int, stop: int) -> str | None:
    """Why a span of Kazakh text, or one written with Kazakh letters, is no person."""
    words = [w for w in names.split(text[start:stop]) if not names.is_initial(w)]
    if any(kazakh_chrome(w) for w in words):
        return "reject.kk_chrome"  # 'Иә' under a poll, 'Ол' opening a sentence
    if kazakh.not_a_name(words):
        return "reject.kk_word"  # 'Облыс', 'Ақтөбеде'
    if len(words) == 1 and (before_territory(text, stop) or kazakh.is_locative(words[0])):
        return "reject.place"  # 'Қонаевта': in the town named after the man
    return None


def is_eponym(text: str, start: int, stop: int) -> bool:
    """'школа имени Кайрата Сапарова': the span follows 'имени' / 'им.'; Kazakh puts the word
    after the name: 'Қ. Сәтбаев атындағы мектеп'."""
    return bool(EPONYM_BEFORE.search(text[max(0, start - 12):start]) or EPONYM_AFTER.match(text, stop))


# ---------------------------------------------------------------- context: case from natasha's tagger

MARGIN = 3  # natasha's morph tagger is 3 convolutions of width 3: a token's tags depend on 3 tokens either side


def span_tokens(toks, span) -> list[int]:
    """Indices of the tokens (sent_id, start, stop, text), sorted by start, lying inside span."""
    i = bisect_left(toks, span[0], key=lambda t: t[1])
    out = []
    while i < len(toks) and toks[i][1] < span[1]:
        if toks[i][2] <= span[1]:
            out.append(i)
        i += 1
    return out


def windows(toks, wanted) -> list[range]:
    """Runs of tokens to tag: each wanted token with MARGIN tokens of its sentence either side,
    runs that meet merged. The tagger reads a span in such a window as in its whole sentence."""
    runs = []
    for k in sorted(wanted):
        lo, hi = k, k
        while lo > 0 and k - lo < MARGIN and toks[lo - 1][0] == toks[k][0]:
            lo -= 1
        while hi + 1 < len(toks) and hi - k < MARGIN and toks[hi + 1][0] == toks[k][0]:
            hi += 1
        if runs and toks[runs[-1][-1]][0] == toks[k][0] and lo <= runs[-1][-1] + 1:
            runs[-1] = range(runs[-1][0], hi + 1)
        else:
            runs.append(range(lo, hi + 1))
    return runs


def context_hints(docs) -> list[dict]:
    """For each (tokens, spans) of a batch: (start, stop) of each span -> (case, gender) natasha's
    morph tagger reads from its sentence. One tagger call for the batch, on windows, not sentences."""
    inside = [{span: span_tokens(toks, span) for span in spans} for toks, spans in docs]
    runs = [windows(toks, {k for ks in spans.values() for k in ks}) for (toks, _), spans in zip(docs, inside)]
    tagged = iter(nlp.morph_feats([[toks[k][3] for k in run] for (toks, _), rs in zip(docs, runs) for run in rs]))
    out = []
    for rs, spans in zip(runs, inside):
        feats = {k: f for run in rs for k, f in zip(run, next(tagged))}
        out.append({span: vote([feats[k] for k in ks]) for span, ks in spans.items()})
    return out


def vote(feats: list[dict]):
    cases = [CASE_OF_TAG.get(f.get("Case")) for f in feats if f.get("Case")]
    genders = [GENDER_OF_TAG.get(f.get("Gender")) for f in feats if f.get("Gender")]
    top = lambda xs: Counter(xs).most_common(1)[0][0] if xs else None  # ties: the first seen, never hash order
    return top([c for c in cases if c]), top([g for g in genders if g])


# ---------------------------------------------------------------- one document

def lists(text: str, spans) -> list[list[tuple[int, int]]]:
    """Spans joined only by ', ' or ' и ' ('наследию Т.К.Сарбасова, Е.Куанышева и А.Нурбекова') form a
    list; the names of a list share their case."""
    out = []
    for start, stop in sorted(spans):
        if out and LIST_GLUE.fullmatch(text[out[-1][-1][1]:start]):
            out[-1].append((start, stop))
        else:
            out.append([(start, stop)])
    return out


def list_case(text: str, members, hints) -> tuple:
    """The case that explains a list of names best, the tagger's reading adding a little (all
    cases when it is a single name)."""
    if len(members) < 2:
        return names.CASES
    totals = {}
    for start, stop in members:
        hinted = hints.get((start, stop), (None, None))[0]
        for case, score in names.case_scores(text[start:stop]).items():
            totals[case] = totals.get(case, 0) + score + 0.4 * (case == hinted)
    return (max(names.CASES, key=lambda c: (totals.get(c, 0), -names.CASES.index(c))),)


def mentions_of(text: str, spans, hints) -> list[Mention]:
    out = []
    spans = [cut_role(text, *cut_place_name(text, *trim(text, s, e))) for s, e in spans]
    spans = [(s, e) for s, e in filter(None, spans) if e > s and not not_a_name_reason(text[s:e])]
    in_kazakh = kazakh.is_kazakh(text)
    # natasha reads some Kazakh words as names: 'Облыс', 'Ақтөбеде', also on Russian pages ('Иә')
    spans = [(s, e) for s, e in spans if not ((in_kazakh or kazakh.has_kazakh_letters(text[s:e]))
                                              and kazakh_reason(text, s, e))]
    for members in lists(text, spans):
        cases = list_case(text, members, hints)
        out += [mention(text, start, stop, hints, cases, in_kazakh) for start, stop in members]
    return [m for m in out if m]


def mention(text, start, stop, hints, cases, in_kazakh=False) -> Mention | None:
    span = text[start:stop]
    case, gender = hints.get((start, stop), (None, None))
    name = names.analyse(span, case, gender, cases, in_kazakh)
    if name is None:
        return None
    role = "eponym" if is_eponym(text, start, stop) else "participant"
    return Mention(start, stop, span, name, role, "natasha.per+" + role)


def richness(name: names.Name) -> tuple:
    """How full a form is: first name and patronymic > initials > surname alone."""
    return (bool(name.first), bool(name.middle), len(name.initials), bool(name.last))


def compatible(a: names.Name, b: names.Name) -> bool:
    """Could two forms name the same person? Surnames agree, first names or initials do not clash;
    'Борис Николаевич' (no surname) agrees with a 'Борис' of any surname."""
    if a.last and b.last:
        if names.surname_key(a.last) != names.surname_key(b.last):
            return False
    elif not (a.first and b.first and a.first == b.first):
        return False
    if a.middle and b.middle and a.middle != b.middle:
        return False
    fa, fb = initial_of(a), initial_of(b)
    return not fa or not fb or fa == fb


def initial_of(name: names.Name) -> str:
    return (name.first[:1] if name.first else name.initials[:1]).lower()


def single_word(name: names.Name) -> str | None:
    return name.last if not name.first and not name.initials else None


def link(mentions: list[Mention]) -> list[int]:
    """Person index of each mention: fullest forms first, then shorter forms join a compatible one."""
    persons: list[list[names.Name]] = []
    assigned = {}
    for i in sorted(range(len(mentions)), key=lambda i: (tuple(-x for x in richness(mentions[i].name)), i)):
        m = mentions[i].name
        target = next((p for p, forms in enumerate(persons) if compatible(forms[0], m)), None)
        word = single_word(m)
        if target is None and word:
            # a lone word may be the first name of someone named in full: 'Егор' of 'Егор Свиридов'
            target = next((p for p, forms in enumerate(persons) if forms[0].first == word), None)
        if target is None:
            persons.append([])
            target = len(persons) - 1
        persons[target].append(m)
        assigned[i] = target
    return [assigned[i] for i in range(len(mentions))]


def canonical(forms: list[names.Name]) -> str:
    """The fullest form (among equally full ones, one read in the nominative), completed by the
    patronymic or surname another form adds: 'Людмила Гурченко' + 'Людмила Марковна'."""
    best = max(forms, key=lambda n: (richness(n), n.case == "nomn"))
    if best.first:
        middle = best.middle or next((f.middle for f in forms if f.first == best.first and f.middle), "")
        last = best.last or next((f.last for f in forms if f.last and f.first), "")
        best = replace(best, middle=middle, last=last)
    return best.text


RUSSIAN_PATRONYMIC = re.compile(r"(ович|евич|ьич|овна|евна|ична)$", re.I)


def patronymic_addresses(mentions: list[Mention]) -> list[Mention]:
    """'Талгат Жандосович' in an interview with 'Талгат Сулейменов': a second word ending like a
    patronymic (pymorphy3 does not know a Kazakh father's name as one) makes the form an address
    to the one person the article names in full with that first name. It is linked to that
    person as a first name, and the person keeps the name the article gives in full: the
    patronymic would be a guess from an ending. With no such person, or two, the word stays a
    surname ('Роман Абрамович')."""
    surnames = {}
    for m in mentions:
        n = m.name
        if n.first and n.last and not RUSSIAN_PATRONYMIC.search(n.last):
            surnames.setdefault(n.first, set()).add(names.surname_key(n.last))
    return [replace(m, name=replace(m.name, last=""))
            if m.name.first and m.name.last and not m.name.middle and RUSSIAN_PATRONYMIC.search(m.name.last)
            and len(surnames.get(m.name.first, ())) == 1 else m
            for m in mentions]


def groups(mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions grouped by person, in order of first appearance. Eponyms and participants are
    linked apart: the namesake of a school is not the person met."""
    out = []
    mentions = patronymic_addresses(mentions)
    for role in ("participant", "eponym"):
        group = [m for m in mentions if m.role == role]
        ids = link(group)
        out += [[m for m, p in zip(group, ids) if p == person] for person in set(ids)]
    return sorted(out, key=lambda g: g[0].start)


def people_of(doc_id: str, text: str, spans, hints) -> list[dict]:
    rows = []
    for n, members in enumerate(groups(mentions_of(text, spans, hints)), 1):
        name = canonical([m.name for m in members])
        pid = f"{doc_id}:{'p' if members[0].role == 'participant' else 'e'}{n}"
        rows += [{"doc_id": doc_id, "person_id": pid, "name": name, "role": m.role, "start": m.start,
                  "stop": m.stop, "text": m.text, "rule": m.rule} for m in members]
    return sorted(rows, key=lambda r: r["start"])


# ---------------------------------------------------------------- batch

def people(documents, tokens, mentions) -> tuple[pd.DataFrame, pd.DataFrame]:
    per = io.rows_by_doc(mentions[mentions["type"] == "PER"], ["start", "stop"])
    toks = io.rows_by_doc(tokens, ["sent_id", "start", "stop", "text"])
    docs = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        text = text or ""
        spans = [cut_place(text, *trim(text, s, e)) for s, e in per.get(doc_id, ())]
        docs.append((doc_id, text, with_surnames(text, spans)))
    hints = context_hints([(toks.get(doc_id, []), spans) for doc_id, _, spans in docs])
    rows = [row for (doc_id, text, spans), h in zip(docs, hints) for row in people_of(doc_id, text, spans, h)]
    frame = io.frame(rows, schema.PEOPLE)
    eponym = frame["role"] == "eponym"
    return frame[~eponym].reset_index(drop=True), frame[eponym].reset_index(drop=True)


def apply(batch, context=None):
    found, eponyms = people(batch["documents"], batch["tokens"], batch["mentions"])
    return {"people": found, "eponyms": eponyms}
