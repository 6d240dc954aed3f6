"""documents + every extraction table -> events, event_officials: one row per reported event.

An event is what a news article reports (normally one per document): its type (the event noun
of the headline or lead), its region (scored over headline, lead, officials' and organisations'
regions and the rest of the text), its date (stated in the lead, else the publication date),
its organiser, and every person, official, organisation, programme and figure of the document.
"""
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from .tokenizer import sentenize, tokenize

from . import io, kazakh, regions, schema, vocab
from .lemmatize import lemma, lemmas

INPUTS = ("documents", "mentions", "people", "officials", "organisations", "programmes", "figures")
OUTPUTS = ("events", "event_officials")

LEAD_CHARS = 600      # sentences starting this far into the text are the lead
TYPE_SENTENCES = 6    # how many sentences of the lead may name the event


@dataclass(frozen=True)
class Zone:
    """A piece of a document with the weight its place mentions carry."""
    start: int
    stop: int
    text: str
    weight: float


@dataclass(frozen=True)
class EventType:
    type: str
    priority: int
    zone: int
    start: int
    stop: int
    rule: str


def missing(x) -> bool:
    if type(x) is str:  # most values: pd.isna of a string is False, and slow to say so
        return False
    return x is None or (not isinstance(x, (list, tuple, dict)) and pd.isna(x))


def value(x):
    return None if missing(x) else x


# ---------------------------------------------------------------- zones of a text

def sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences of text, never across a line break (site chrome sits on lines of its own)."""
    out, offset = [], 0
    for line in text.split("\n"):
        out.extend((offset + start, offset + stop, s) for start, stop, s in line_sentences(line))
        offset += len(line) + 1
    return out


@lru_cache(maxsize=4096)
def line_sentences(line: str) -> tuple[tuple[int, int, str], ...]:
    """Non-blank sentences of one line, offsets in the line. Lines are cut apart before
    sentenize, so a line's sentences do not depend on the rest of the text: a document's
    lines are split once, whether for its zones, its lead (text[:1200] shares all lines but
    its last) or its paragraphs."""
    return tuple((s.start, s.stop, s.text) for s in sentenize(line) if s.text.strip())


def zones(title: str | None, text: str) -> list[Zone]:
    """Headline first (start -1: not in the text), then the lead, then the rest of the body."""
    out = [Zone(-1, -1, title, 3.0)] if title else []
    for start, stop, s in sentences(text):
        if s == title:
            continue  # the headline opens the text too: weigh it once
        out.append(Zone(start, stop, s, 2.0 if start < LEAD_CHARS else 1.0))
    return out


# ---------------------------------------------------------------- event type

@lru_cache(maxsize=None)
def type_index() -> dict:
    """First lemma of a phrase -> [(lemmas, type, priority, lemmas of another sense, lemmas one
    of which must be near)], longest first. In the fourth column '+word' is a required neighbour."""
    index = {}
    for phrase, kind, priority, *unless in vocab.table("event_types.tsv"):
        words = lemmas(phrase)
        listed = [w.strip() for w in unless[0].split(",")] if unless else []
        other = frozenset(w for w in listed if not w.startswith("+"))
        needed = frozenset(w[1:] for w in listed if w.startswith("+"))
        index.setdefault(words[0], []).append((words, kind, int(priority), other, needed))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


def quoted(text: str) -> list[tuple[int, int]]:
    """Spans inside quotes: names of campaigns and contests, not events («Декада прозрачности»)."""
    return [m.span() for m in re.finditer(r"«[^«»]*»|\"[^\"]*\"|„[^„“”]*[“”]", text)]


def words_of(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, lemma) of each word; a hyphenated word not known whole also gives its parts
    ('акция-марафон' -> акция, марафон; 'пресс-конференция' stays whole)."""
    out = []
    for t in tokenize(text):
        if not t.text[:1].isalpha():
            continue
        whole = lemma(t.text)
        if "-" in t.text and whole not in type_index():
            out.extend((t.start, t.stop, lemma(part)) for part in t.text.split("-") if part)
        else:
            out.append((t.start, t.stop, whole))
    return out


def after_frame_words(text: str, start: int) -> bool:
    """'в рамках марафона': the frame of the event, not the event."""
    return bool(re.search(r"(в рамках|в честь|посвящ[её]нн\w*|итог\w*)\s+\S*\s*$", text[max(0, start - 40):start], re.I))


def type_matches(text: str, zone: int = 0) -> list[EventType]:
    """Every event noun of a sentence outside quotes, as EventType records."""
    return [EventType(kind, priority, zone, start, stop, rule) for kind, priority, start, stop, rule in type_hits(text)]


@lru_cache(maxsize=4096)  # a lead sentence is read again as the first sentence of its paragraph
def type_hits(text: str) -> tuple[tuple[str, int, int, int, str], ...]:
    """(type, priority, start, stop, rule) of every event noun of a sentence outside quotes."""
    inside = quoted(text)
    words = words_of(text)
    out, i = [], 0
    while i < len(words):
        hit = type_at(words, i)
        start = words[i][0]
        if hit and not any(a <= start < b for a, b in inside):
            n, kind, priority = hit
            rule = "frame" if after_frame_words(text, start) else "event word"
            out.append((kind, priority + (rule == "frame"), start, words[i + n - 1][1], rule))
            i += n
        else:
            i += 1
    return tuple(out)


NEAR = 3  # words either side where a required neighbour is looked for: 'открылся новый фронт-офис'


def type_at(words, i):
    for phrase, kind, priority, other, needed in type_index().get(words[i][2], ()):
        n = len(phrase)
        neighbours = {w[2] for w in words[max(0, i - 1):i] + words[i + n:i + n + 1]}
        near = {w[2] for w in words[max(0, i - NEAR):i] + words[i + n:i + n + NEAR]}
        if tuple(w[2] for w in words[i:i + n]) == phrase and not neighbours & other and (not needed or near & needed):
            return n, kind, priority
    return None


# Kazakh event nouns (vocab/kk_event_types.tsv), matched on Kazakh stems: "кездесуде", "отырысы".
KK_FRAMES = {"аясында", "аясындағы", "шеңберінде", "шеңберіндегі"}  # акция аясында: 'within the campaign'


@lru_cache(maxsize=None)
def kk_type_index() -> dict:
    return kazakh.phrase_index(vocab.table("kk_event_types.tsv"))


def kk_type_matches(text: str, zone: int = 0) -> list[EventType]:
    """Every Kazakh event noun of a sentence outside quotes: 'комиссияның кезекті отырысы' -> заседание."""
    inside = quoted(text)
    toks = [t for t in tokenize(text) if t.text[:1].isalpha()]
    words = [t.text for t in toks]
    out, i = [], 0
    while i < len(toks):
        hit = kazakh.phrase_at(words, i, kk_type_index())
        if hit and not any(a <= toks[i].start < b for a, b in inside):
            n, (_, kind, priority) = hit
            frame = i + n < len(toks) and words[i + n].lower() in KK_FRAMES
            out.append(EventType(kind, int(priority) + frame, zone, toks[i].start, toks[i + n - 1].stop,
                                 "kk frame" if frame else "kk event word"))
            i += n
        else:
            i += 1
    return out


# An interview is the event whatever the speaker mentions: a Q&A layout (lines opening with a dash
# and a question, "— Расскажите ..."), a heading line "ИНТЕРВЬЮ", "в интервью нашему изданию".
QUESTION_LINE = re.compile(r"^\s*[–—-]\s*(?:[^\n]*\?\s*$|(?:расскажите|поясните|скажите)\b)", re.I | re.M)
INTERVIEW_CUE = re.compile(r"^\s*интервью\s*$|\b(?:в|во время|дал\w*)\s+(?:эксклюзивном\s+)?интервью\s+(?:нашему|нашей|нам\b|"
                           r"корреспонденту|изданию|редакции|газете|агентству|порталу|сайту)", re.I | re.M)
MIN_QUESTIONS = 2


def interview(title: str | None, text: str) -> EventType | None:
    """'— Какова ситуация в районе?\n— За год ...': an interview, not the arrest the speaker names."""
    questions = list(QUESTION_LINE.finditer(text))
    if len(questions) >= MIN_QUESTIONS:
        return EventType("интервью", 0, 1, questions[0].start(), questions[0].end(), "interview questions")
    lead = text[:LEAD_CHARS * 2]
    cue = INTERVIEW_CUE.search(lead) or (re.search(r"\bинтервью\b", title, re.I) if title else None)
    if cue:
        return EventType("интервью", 0, 1, cue.start(), cue.end(), "interview cue")
    return None


def event_type(title: str | None, text: str) -> EventType | None:
    """The event noun of the headline, else of the first sentences; vague nouns yield to specific
    ones; an interview is an interview."""
    talk = interview(title, text)
    if talk:
        return talk
    pieces = ([title] if title else []) + [s for _, _, s in sentences(text[:LEAD_CHARS * 2])][:TYPE_SENTENCES]
    found = [m for z, piece in enumerate(pieces) for m in type_matches(piece, z)]
    lead = f"{title or ''}\n{text[:LEAD_CHARS * 2]}"
    # no Kazakh letter at all: no word is Kazakh, so is_kazakh is False; the test is cheaper
    if kazakh.has_kazakh_letters(lead) and kazakh.is_kazakh(lead):
        found += [m for z, piece in enumerate(pieces) for m in kk_type_matches(piece, z)]
    if not found:
        return None
    return min(found, key=lambda m: (m.priority >= 3, m.priority >= 2 and m.zone > 0, m.zone, m.priority, m.start))


# ---------------------------------------------------------------- region

# words of texts written in or about Kazakhstan (and its letters): with them one mention of a
# region is enough. "Агентство по противодействию коррупции", "антикор" name Kazakhstan's agency.
KAZAKH_CONTEXT = re.compile(r"\b((?i:аким\w*|маслихат\w*|казахстан\w*|тенге|облыс\w*|нур-султан\w*|ауыл\w*|"
                            r"антикор\b|антикора|агентств\w* по противодействию коррупции)|РК)\b|[ңғүұқөһіәҢҒҮҰҚӨҺІӘ]")
MIN_SCORE = {True: 2.0, False: 6.0}
OFFICIAL_WEIGHT = 3.0
ORGANISATION_WEIGHT = 1.0


LIST_GAP = re.compile(r"^[\s,;()\d%.]*(?:(?:и|или|а также)\s[\s()\d%.]*)?(?:в\s+)?$", re.I)
MIN_LISTED = 3  # "в Алматы (12), Карагандинской (9) и Туркестанской (8) областях": a ranking


def listed(text: str, places: list) -> set[int]:
    """Indices of places that sit in an enumeration of MIN_LISTED+ regions joined by commas and
    'и': a comparison of regions, not where the event happened."""
    out, run = set(), [0] if places else []
    for i in range(1, len(places) + 1):
        if i < len(places) and LIST_GAP.match(text[places[i - 1].stop:places[i].start]):
            run.append(i)
            continue
        if len({places[j].region for j in run}) >= MIN_LISTED:
            out.update(run)
        run = [i]
    return out


@dataclass(frozen=True)
class PlacedZone:
    """A zone with its places, found once for the scores with lists and without."""
    zone: Zone
    places: list
    in_list: set[int]  # indices of the places that sit in an enumeration of regions

    def kept(self, lists: bool = False) -> list:
        skip = set() if lists else self.in_list
        return [p for i, p in enumerate(self.places) if i not in skip]


def placed(zone: Zone) -> PlacedZone:
    places = regions.find(zone.text)
    return PlacedZone(zone, places, listed(zone.text, places))


def placed_zones(title, text) -> list[PlacedZone]:
    return [placed(zone) for zone in zones(title, text)]


def scores(zones_: list[PlacedZone], official_regions=(), org_regions=(), lists=False) -> dict:
    """Region -> weight of its evidence: place mentions in the zones (headline x3, lead x2, rest
    x1, times the mention's strength; none from a list of regions unless `lists`), every official
    of the region (3) and organisation of the region (1)."""
    score = {}
    for z in zones_:
        for p in z.kept(lists):
            score[p.region] = score.get(p.region, 0) + z.zone.weight * regions.STRENGTH[p.kind]
    for names, weight in ((official_regions, OFFICIAL_WEIGHT), (org_regions, ORGANISATION_WEIGHT)):
        for name in names:
            region = regions.canonical(name) if not missing(name) else None
            if region:
                score[region] = score.get(region, 0) + weight
    return score


CLEAR_LEAD = 2.0  # a winner has at least twice the evidence of the runner-up


def scattered_zones(zones_: list[PlacedZone], official_regions=(), org_regions=()) -> bool:
    """National news: evidence of 3+ regions (lists included), no place in the headline or lead,
    and no region with twice the evidence of the next: 'в Алматы (12), Карагандинской (9) и
    Туркестанской (8) областях ... меньше всего - в СКО'."""
    score = scores(zones_, official_regions, org_regions, lists=True)
    if len(score) < 3 or any(z.kept() for z in zones_ if z.zone.weight >= 2):
        return False
    first, second = sorted(score.values(), reverse=True)[:2]
    return first < CLEAR_LEAD * second


def event_region(title, text, official_regions=(), org_regions=(), document=None) -> str | None:
    """The region the event belongs to, or None when the evidence is thin: a document (default:
    title and text) with no word of Kazakhstan needs a headline mention or several, so foreign
    news stays without a region."""
    zones_ = placed_zones(title, text)
    score = scores(zones_, official_regions, org_regions)
    if not score or scattered_zones(zones_, official_regions, org_regions):
        return None
    best = max(score, key=score.get)
    kazakh = bool(KAZAKH_CONTEXT.search(document or f"{title or ''}\n{text}"))
    return best if score[best] >= MIN_SCORE[kazakh] else None


# ---------------------------------------------------------------- date

MONTHS = {m: i for i, m in enumerate(["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                                      "сентября", "октября", "ноября", "декабря"], 1)}
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:-го)?\s+({'|'.join(MONTHS)}),?(?:\s+(\d{{4}}))?", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
EVENT_VERB = re.compile(r"\b(состоял\w*|состоит\w*|прош[её]л|прошл[аио]|проход\w*|пров[её]д\w*|провел\w*|"
                        r"организова\w*|стартова\w*|открыл\w*|задержа\w*|приговор\w*|осужд\w*|вынес\w*)", re.I)
RELATIVE = {"сегодня": 0, "вчера": -1}


def as_date(x) -> dt.date | None:
    if missing(x):
        return None
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    try:
        return dt.date.fromisoformat(str(x)[:10])
    except ValueError:
        return None


def make_date(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day)) if 1990 <= int(year) <= 2100 else None
    except ValueError:
        return None


def day_month(m, published) -> dt.date | None:
    year = m.group(3) or (published.year if published else None)
    return make_date(year, MONTHS[m.group(2).lower()], m.group(1)) if year else None


def stated_date(text: str, published: dt.date | None) -> dt.date | None:
    """The event date a lead sentence states next to an event verb: '9 декабря состоялось
    заседание' (year of publication unless given), 'Сегодня прошёл форум' = the publication date."""
    for _, _, s in sentences(text[:LEAD_CHARS * 2])[:TYPE_SENTENCES]:
        if not EVENT_VERB.search(s):
            continue
        m = DAY_MONTH.search(s)
        if m and day_month(m, published):
            return day_month(m, published)
        for word, shift in RELATIVE.items():
            if published and re.search(rf"\b{word}\b", s, re.I):
                return published + dt.timedelta(days=shift)
    return None


def header_date(text: str) -> dt.date | None:
    """A full date at the very top, where sites print the publication date ('17 мая 2022 14:40',
    'date 2019-04-17'): used only when the documents table has no publication date."""
    head = text[:300]
    m = ISO_DATE.search(head)
    if m:
        return make_date(*m.groups())
    m = DAY_MONTH.search(head)
    return day_month(m, None) if m and m.group(3) else None


def event_date(text: str, published) -> tuple[dt.date | None, str | None]:
    published = as_date(published)
    stated = stated_date(text, published)
    if stated:
        return stated, "text"
    if published:
        return published, "published"
    header = header_date(text)
    return (header, "text") if header else (None, None)


# ---------------------------------------------------------------- organiser

ORGANISED_BY = re.compile(r"\b(организован[аоы]?|организатор(?:ом|ами)?(?:\s+(?:выступил[аи]?|стал[аи]?|явля\w+))?|"
                          r"по инициативе|при организации|силами)\s+$", re.I)
ORGANISER_VERB = re.compile(r"^\s*(провел[аои]?|пров[её]л|организовал[аои]?|проводит|организует|инициировал[аои]?)\b", re.I)
CHAIRED_BY = re.compile(r"под председательством\s+", re.I)
SUPPORTED_BY = re.compile(r"\bпри поддержке\s+$", re.I)


def organiser(text: str, orgs: list[dict], officials: list[dict]) -> tuple[str | None, str | None]:
    """(organiser, rule): the organisation the text says organised or chaired the event, else the
    first official's organisation. orgs and officials carry name, start, stop (and organisation)."""
    for rule in ORGANISER_RULES:
        found = rule(text, orgs, officials)
        if found:
            return found, rule.__name__
    return None, None


def organised_by(text, orgs, officials):
    """'Семинар был организован управлением образования ...'"""
    return next((o["name"] for o in orgs if ORGANISED_BY.search(text[max(0, o["start"] - 60):o["start"]])), None)


def org_held(text, orgs, officials):
    """'Департамент провёл семинар для госслужащих'"""
    return next((o["name"] for o in orgs if ORGANISER_VERB.match(text[o["stop"]:o["stop"] + 30])), None)


def chaired_by(text, orgs, officials):
    """'Под председательством первого заместителя акима области ... состоялось заседание'"""
    for m in CHAIRED_BY.finditer(text):
        chair = next((o for o in officials if 0 <= o["start"] - m.end() <= 120), None)
        if chair and chair.get("organisation"):
            return chair["organisation"]
    return None


def supported_by(text, orgs, officials):
    """'при поддержке областного общественного фонда ... проведены слушания'"""
    return next((o["name"] for o in orgs if SUPPORTED_BY.search(text[max(0, o["start"] - 40):o["start"]])), None)


def first_official(text, orgs, officials):
    return next((o["organisation"] for o in officials if o.get("organisation")), None)


ORGANISER_RULES = [organised_by, chaired_by, org_held, supported_by, first_official]


# ---------------------------------------------------------------- nested lists

def records(df: pd.DataFrame | list | None, columns) -> list[dict]:
    """Rows of a table (or of `by_doc`) as plain dicts with None for missing values, in text order."""
    if df is None or not len(df):
        return []
    if isinstance(df, pd.DataFrame):
        df = df.sort_values("start", kind="stable") if "start" in df else df
        df = df.to_dict("records")
    return [{c: value(r.get(c)) for c in columns} for r in df]


def unique(items, key) -> list:
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen and not missing(k if not isinstance(k, tuple) else k[0]):
            seen.add(k)
            out.append(item)
    return out


def official_list(rows) -> list[dict]:
    rows = unique(rows, lambda r: (r["name"], r["position"]))
    return [{k: r[k] for k in ("name", "position", "organisation", "region")} for r in rows]


def figure_list(rows) -> list[dict]:
    rows = unique(rows, lambda r: (r["value"], r["unit"], r["text"]))
    return [{"value": float(r["value"]) if r["value"] is not None else None, "unit": r["unit"], "text": r["text"]}
            for r in rows]


# ---------------------------------------------------------------- digests

PARAGRAPH_HEAD = 60  # a digest paragraph names its place at once: "В Актобе прошла встреча ..."


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


PROSE_CHARS = 120  # one sentence this long is prose; a headline rarely is


def prose(paragraph: str) -> bool:
    """A paragraph of prose ends a sentence and has two sentences or is long; 'В Актобе задержан
    инспектор' on a line of its own is a leaked related-news headline, not a digest item."""
    p = paragraph.strip()
    if not re.search(r"[.!?…][»\"”)]*$", p):
        return False
    return len(sentences(p)) >= 2 or len(p) >= PROSE_CHARS


def digest_spans(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """Spans of the events a digest reports, one from each paragraph that opens with a place and
    names an event ('В Актобе прошла встреча ... / В Павлодаре состоялся семинар ...'), up to the
    next one; [(0, len)] unless at least two such paragraphs name two regions. The headline, which
    opens the text, speaks for the whole article and heads no paragraph event."""
    heads = []
    for a, b in paragraphs(text):
        if text[a:b] == title or not prose(text[a:b]):
            continue
        first = sentences(text[a:b])[0][2]
        places = [p for p in regions.find(first[:PARAGRAPH_HEAD]) if regions.STRENGTH[p.kind] >= 2]
        if places and type_matches(first):
            heads.append((a, places[0].region))
    if len(heads) < 2 or len({region for _, region in heads}) < 2:
        return [(0, len(text))]
    starts = [a for a, _ in heads]
    return list(zip(starts, starts[1:] + [len(text)]))


def within(rows: list[dict], a: int, b: int) -> list[dict]:
    """Rows of a span, their offsets made relative to it."""
    return [{**r, "start": r["start"] - a, "stop": (r.get("stop") or r["start"]) - a}
            for r in rows if r.get("start") is not None and a <= r["start"] < b]


# ---------------------------------------------------------------- one document, the batch

def event_id(doc_id: str, index: int) -> str:
    return hashlib.sha1(f"{doc_id}\t{index}".encode()).hexdigest()[:16]


def document_events(doc: dict, tables: dict) -> list[dict]:
    """One document -> its events with nested lists: one, or one per paragraph of a digest."""
    text, title = doc.get("text") or "", value(doc.get("title"))
    rows = {
        "officials": records(tables.get("officials"), ["name", "position", "organisation", "region", "start", "stop"]),
        "organisations": records(tables.get("organisations"), ["name", "region", "start", "stop"]),
        "people": records(tables.get("people"), ["name", "role", "start", "stop"]),
        "programmes": records(tables.get("programmes"), ["name", "kind", "start", "stop"]),
        "figures": records(tables.get("figures"), ["value", "unit", "text", "start", "stop"]),
    }
    spans = digest_spans(text, title)
    if len(spans) == 1:
        return [event_row(doc, 0, title, title, text, rows)]
    whole = event_type(title, text)
    return [event_row(doc, i, title, None, text[a:b], {k: within(v, a, b) for k, v in rows.items()}, whole)
            for i, (a, b) in enumerate(spans)]


def event_row(doc, index, title, headline, text, rows, fallback_type=None) -> dict:
    """headline: the title when it speaks for this event (not for one paragraph of a digest)."""
    officials, orgs = rows["officials"], rows["organisations"]
    found = event_type(headline, text) or fallback_type
    date, date_source = event_date(text, doc.get("published"))
    return {
        "event_id": event_id(doc["doc_id"], index), "doc_id": doc["doc_id"], "title": title,
        "date": date, "date_source": date_source,
        "region": event_region(headline, text, [o["region"] for o in unique(officials, lambda o: o["name"])],
                               [o["region"] for o in unique(orgs, lambda o: o["name"])],
                               f"{title or ''}\n{doc.get('text') or ''}"),
        "event_type": found.type if found else None,
        "organiser": organiser(text, orgs, officials)[0],
        "officials": official_list(officials),
        "people": unique([p["name"] for p in rows["people"] if p["role"] != "eponym"], lambda n: n),
        "organisations": unique([o["name"] for o in orgs], lambda n: n),
        "programmes": [{"name": p["name"], "kind": p["kind"]}
                       for p in unique(rows["programmes"], lambda p: (p["name"], p["kind"]))],
        "figures": figure_list(rows["figures"]),
    }


def flat_officials(event: dict) -> list[dict]:
    """One row per event x official (first position of a name kept: the table's key is the name)."""
    rows = unique(event["officials"], lambda o: o["name"])
    return [{"event_id": event["event_id"], "doc_id": event["doc_id"], "date": event["date"],
             "region": event["region"], "event_type": event["event_type"], "name": o["name"],
             "position": o["position"], "organisation": o["organisation"], "official_region": o["region"]}
            for o in rows]


def by_doc(df: pd.DataFrame | None) -> dict:
    """doc_id -> its rows as dicts in text order: one conversion per table, not one per document."""
    if df is None or not len(df):
        return {}
    out = {}
    for r in dict_rows(df.sort_values("start", kind="stable") if "start" in df else df):
        out.setdefault(r["doc_id"], []).append(r)
    return out


def dict_rows(df: pd.DataFrame) -> list[dict]:
    """df.to_dict("records") without its per-value boxing: the same Python values from tolist()."""
    columns = list(df.columns)
    return [dict(zip(columns, values)) for values in zip(*(df[c].tolist() for c in columns))]


NESTED = ("officials", "organisations", "people", "programmes", "figures")  # what document_events reads


def build_events(batch: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    docs = batch["documents"]
    grouped = {name: by_doc(batch.get(name)) for name in NESTED}
    events = []
    for doc in dict_rows(docs):
        tables = {name: parts.get(doc["doc_id"]) for name, parts in grouped.items()}
        events.extend(document_events(doc, tables))
    flat = [row for e in events for row in flat_officials(e)]
    return io.frame(events, schema.EVENTS), io.frame(flat, schema.EVENT_OFFICIALS)


def apply(batch, context=None):
    events, flat = build_events(batch)
    return {"events": events, "event_officials": flat}
