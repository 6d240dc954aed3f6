"""documents, people -> officials: who holds which post in which body, in which region.

Around each person mention (the people table) the tokens of its sentence are read as

    первый заместитель руководителя департамента Агентства РК по ... области  Асия Тулегенова
    modifiers | head  | position chain up to the body | organisation ...       | NAME

The position is the head post in the nominative with its agreeing modifiers and its genitive
chain of posts and bodies (dependents keep their case); the organisation is the body phrase with
its head in the nominative; the region comes from the organisation, else from the paragraph or
the article unless the post or body is national (министр, посол, Агентство РК, РОО). One row per official per document: mentions of one person are merged.
"""
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from .tokenizer import sentenize, tokenize

from . import io, kazakh, nlp, regions, schema, vocab
from .regions import stem

INPUTS = ("documents", "people", "tokens")  # tokens: segment's, so no text is tokenized twice
OUTPUTS = ("officials",)

MAX_CHAIN = 25  # tokens between a post and its name; longer runs are two clauses, not one title
QUOTES = set('"«»“”„\'')
LINK_PREPS = {"по", "при", "в", "во", "на", "имени", "им", "и", "для", "от"}
POSITION_STOP_PREPS = {"при", "в", "во", "на", "имени", "им", "для", "от"}  # сенатор от штата
NOT_LINKING_POS = {"VERB", "INFN", "PRTS", "PRTF", "GRND", "ADVB", "CONJ", "PREP", "NPRO", "PRCL", "INTJ", "PRED", "COMP"}
APPOSITION_MARKS = {",", "—", "–", "-", "("}
ADJECTIVES = {"ADJF", "PRTF"}
CASES = {"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"}
IO_TAIL = re.compile(r"(?:\bи\s*\.\s*о\s*\.?|\bврио|\bисп\s*\.\s*обязанности|(?:временно\s+)?исполняющ\w*\s+обязанности)\s*$", re.I)
IO_WORDS = {"о", "врио", "временно", "исп"}  # words of 'и.о.', 'врио', 'временно исполняющий обязанности'
IO_ANY = re.compile(IO_TAIL.pattern.removesuffix(r"\s*$"), re.I)
PARAGRAPH = re.compile(r"[^\n]+")
CYRILLIC = re.compile(r"^[а-яё]+(?:-[а-яё]+)*$", re.I)
SETTLEMENT_KINDS = {"city": "города", "town": "города"}  # gazetteer kind -> the territory word of its akim


# ---------------------------------------------------------------- records

@dataclass(slots=True)  # not frozen: a frozen dataclass costs 4x to build, and a text has hundreds
class Token:
    start: int
    stop: int
    text: str
    sent: int
    quoted: bool = False  # inside quotes: a name may hold any word ('"Движение против ..."')
    place: bool = False  # a capitalized adjective before a territory: 'Свердловской области'


@dataclass(frozen=True)
class Person:
    start: int
    stop: int
    name: str
    person_id: str = ""
    role: str = ""


@dataclass(frozen=True)
class Official:
    name: str
    person_id: str
    position: str
    organisation: str | None
    region: str | None
    start: int
    stop: int
    rule: str


@dataclass(frozen=True)
class Construction:
    """Token indices of one post around a name: [first, head) modifiers, head, (head, end) chain."""
    first: int
    head: int
    end: int
    rule: str


# ---------------------------------------------------------------- vocabularies

@lru_cache(maxsize=None)
def stems_of(name: str, section: str) -> dict:
    """stem -> entry, for the one-word entries of a section."""
    return {stem(e): e for e in vocab.sections(name).get(section, ()) if " " not in e}


def offices() -> dict:
    return dict(e.split("\t") for e in vocab.sections("bodies.txt")["offices"])


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def keys(word: str) -> tuple[str, ...]:
    """Stems a word is matched on: of the word, then of each pymorphy3 lemma of it (most probable
    first). A tuple: it is looked through in that order, the same in every process (a frozenset of
    strs iterates in an order that changes with the hash seed), and weighs a third of a frozenset."""
    out = [stem(word)]
    if CYRILLIC.match(word):
        out += [stem(p.normal_form) for p in nlp.parses(word)]
    return tuple(dict.fromkeys(out))


def entry_of(word: str, name: str, section: str) -> str | None:
    table = stems_of(name, section)
    return next((table[k] for k in keys(word) if k in table), None)


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def post_of(word: str) -> str | None:
    """The post a word names ('заместителя' -> 'заместитель', 'экс-акима' -> 'аким'), or None."""
    if not word[:1].isalpha():
        return None
    found = entry_of(word, "positions.txt", "posts")
    if found is None and "-" in word:
        prefix, rest = word.split("-", 1)
        if prefix.lower() in vocab.sections("positions.txt")["prefixes"]:
            found = entry_of(rest, "positions.txt", "posts")
    return found


NEVER_POSTS = {"PREP", "CONJ", "PRCL", "ADVB", "VERB", "INFN", "NPRO", "GRND"}


def is_post(tok: Token) -> bool:
    # 'после' reads as a form of 'посол': a post is never a preposition
    return post_of(tok.text) is not None and pos(tok.text) not in NEVER_POSTS


def is_body(tok: Token) -> bool:
    return entry_of(tok.text, "bodies.txt", "bodies") is not None and not tok.text.isupper()


def is_form(tok: Token) -> bool:
    return tok.text in vocab.sections("bodies.txt")["forms"]


def is_territory(tok: Token) -> bool:
    return entry_of(tok.text, "bodies.txt", "territories") is not None


# ---------------------------------------------------------------- word shapes

def parses(word: str) -> tuple:
    return nlp.parses(word) if CYRILLIC.match(word) else ()


def first_parse(word: str):
    """parses(word)[0], from nlp.parse: the lemmatize stage has asked it of every token already."""
    return nlp.parse(word) if CYRILLIC.match(word) else None


def pos(word: str) -> str:
    p = first_parse(word)
    return (p.tag.POS or "") if p is not None else ""


def cases(word: str, pos_set=None) -> set:
    return {p.tag.case for p in parses(word) if p.tag.case and (pos_set is None or p.tag.POS in pos_set)}


def is_abbr(tok: Token) -> bool:
    return len(tok.text) >= 2 and tok.text.isupper()


def is_capital(tok: Token) -> bool:
    return tok.text[:1].isupper()


def is_adjective(tok: Token) -> bool:
    return pos(tok.text) in ADJECTIVES and not tok.text.isupper()


def is_toponymic(tok: Token) -> bool:
    """A place adjective ('Кызылординского'): names the region, not the post."""
    if not (is_capital(tok) and is_adjective(tok)):
        return False
    if tok.place:
        return True  # 'Свердловской области', 'Московской области'
    word = tok.text.lower()
    known = CYRILLIC.match(word) and nlp.morph().word_is_known(word)
    return not known or any("Geox" in p.tag for p in parses(tok.text)) or bool(regions.find(tok.text))


def is_plural_only(word: str) -> bool:
    """'акимы', 'руководители': a plural post names no one in particular."""
    post = post_of(word) or ""
    mine = [p for p in parses(word) if p.normal_form.endswith(post)] or [
        p for p in parses(word) if stem(p.normal_form) == stem(post)]
    numbers = {p.tag.number for p in mine}
    return bool(numbers) and "sing" not in numbers


def can_be_genitive(word: str) -> bool:
    return bool({"gent", "gen2"} & cases(word, {"NOUN"}))


# ---------------------------------------------------------------- tokens

def tokens_of(text: str, segmented=None) -> list[Token]:
    """segmented: the segment stage's (sent_id, start, stop, text) rows of this text, read instead
    of tokenizing it again."""
    out = words_of(text) if segmented is None else segment_words(text, segmented)
    inside = quoted(out)
    places = {i for i in range(len(out) - 1)
              if is_capital(out[i]) and is_adjective(out[i]) and is_territory(out[i + 1])}
    return [replace(t, quoted=i in inside, place=i in places) if i in inside or i in places else t
            for i, t in enumerate(out)]


def words_of(text: str) -> list[Token]:
    out, n = [], 0
    for para in PARAGRAPH.finditer(text):  # a headline without a full stop ends at its line break
        for s in sentenize(para.group(0)):
            start = para.start() + s.start
            out.extend(Token(start + t.start, start + t.stop, t.text, n) for t in tokenize(s.text))
            n += 1
    return out


def segment_words(text: str, rows) -> list[Token]:
    """words_of from the segment stage's tokens: the same razdel sentences of the same lines, the
    same razdel tokens of each. Only the sentence numbers differ: segment leaves out the one empty
    sentence razdel yields for a line of spaces, which words_of counts (razdel yields no empty
    sentence from a line with a word)."""
    blank = [m.start() for m in PARAGRAPH.finditer(text) if not m.group(0).strip()]
    return [Token(int(start), int(stop), word, int(sent_id) + bisect_left(blank, start))
            for sent_id, start, stop, word in rows]


def quoted(toks: list[Token]) -> set[int]:
    """Indices of tokens inside quotes: a name in quotes may hold any word ('"Движение против ..."')."""
    inside, depth = set(), 0
    for i, tok in enumerate(toks):
        if i and tok.sent != toks[i - 1].sent:
            depth = 0
        if tok.text in "«„" or (tok.text in '"“”' and opens(toks, i)):
            depth += 1
        elif tok.text in '»"“”' and depth:
            depth -= 1
        elif depth:
            inside.add(i)
    return inside


def opens(toks, i) -> bool:
    """A straight quote opens when a word follows it closely and a space or start precedes it."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    before_space = i == 0 or toks[i - 1].stop < toks[i].start or not toks[i - 1].text[-1:].isalnum()
    return nxt is not None and nxt.start == toks[i].stop and before_space




def linkable(toks: list[Token], i: int) -> bool:
    """Can token i sit inside a title chain ('... департамента Агентства РК по ... области')?"""
    tok = toks[i]
    if tok.quoted:
        return True
    word = tok.text
    if word in QUOTES or word == "№" or word.isdigit():
        return True
    if word == ".":
        return 0 < i < len(toks) - 1 and len(toks[i - 1].text) <= 2 and toks[i - 1].text.isalpha()
    if not word[:1].isalpha():
        return False
    if word.lower() in LINK_PREPS or word.lower() in IO_WORDS or lemma_of(word) == "исполнять":
        return True
    return pos(word) not in NOT_LINKING_POS or is_post(tok) or is_settlement(tok)


def is_settlement(tok: Token) -> bool:
    """A town of the gazetteer, whatever pymorphy3 guesses: 'Жанаозена' read as a short participle."""
    return is_capital(tok) and not tok.text.isupper() and any(
        p.kind in SETTLEMENT_KINDS and p.stop - p.start == len(tok.text) for p in regions.find(tok.text))


def covered(toks: list[Token], person: Person) -> tuple[int, int] | None:
    """(first, end) of the tokens lying inside the person's span. Tokens follow each other without
    overlap, so starts and stops both rise: those inside are one run, found by bisection."""
    first = bisect_left(toks, person.start, key=lambda t: t.start)
    end = bisect_right(toks, person.stop, lo=first, key=lambda t: t.stop)
    return (first, end) if end > first else None


# ---------------------------------------------------------------- rules

def walk_left(toks, i, taken) -> int:
    """First index of the run of linkable tokens that ends just before token i (same sentence)."""
    k = i - 1
    while k >= 0 and i - k <= MAX_CHAIN and toks[k].sent == toks[i].sent and k not in taken and linkable(toks, k):
        k -= 1
    return k + 1


def head_in(toks, first, end) -> int | None:
    """The head post of a chain [first, end): the nearest post, or a farther one it depends on
    in the genitive ('первого заместителя руководителя' -> заместителя)."""
    posts = [j for j in range(end - 1, first - 1, -1) if is_post(toks[j])]
    if not posts:
        return None
    head = posts[0]
    for farther in posts[1:]:
        if not can_be_genitive(toks[head].text):
            break
        head = farther
    return head


def modifiers_start(toks, head, first) -> int:
    """Index of the first modifier kept before a head: 'первого', 'чрезвычайный и полномочный',
    'и.о.', 'исполняющий обязанности официального'."""
    k = adjectives_start(toks, head, head, first)
    left = "".join(t.text + " " for t in toks[first:k])
    io_match = IO_TAIL.search(left)
    if io_match:
        k -= len(list(tokenize(io_match.group(0))))
    return k


def adjectives_start(toks, head, k, first) -> int:
    head_cases = cases(toks[head].text) or CASES
    while k - 1 >= first:
        prev = toks[k - 1]
        if is_modifier(prev) and cases(prev.text, ADJECTIVES) & head_cases:
            k -= 1
        elif prev.text.lower() == "и" and k - 2 >= first and is_modifier(toks[k - 2]) and k < head:
            k -= 1
        else:
            break
    return k


def is_modifier(tok: Token) -> bool:
    return (is_adjective(tok) and not is_toponymic(tok)
            and not any("Apro" in p.tag for p in parses(tok.text)))  # 'этого', 'своего'


def rule_position_name(toks, i, taken) -> Construction | None:
    """заместитель акима Атырауской области Марат Жуматов; утвержденного акимом области Е. Жумабековым"""
    first = walk_left(toks, i, taken)
    head = head_in(toks, first, i)
    if head is None or is_plural_only(toks[head].text):
        return None
    return Construction(modifiers_start(toks, head, first), head, i, "position org name")


def rule_compound(toks, c: Construction, taken) -> Construction | None:
    """заместитель председателя РОО "X", руководитель проекта Н. Кабдуллин: the first post wins."""
    comma = c.first - 1
    if comma < 1 or toks[comma].text != ",":
        return None
    first = walk_left(toks, comma, taken)
    if first == comma or (first - 1 in taken):
        return None
    head = head_in(toks, first, comma)
    if head is None or is_plural_only(toks[head].text):
        return None
    return Construction(modifiers_start(toks, head, first), head, comma, "first of compound posts")


def rule_apposition(toks, j, taken) -> Construction | None:
    """Марат Жуматов, заместитель акима области, отметил ...; К. Ержанов (руководитель департамента)"""
    if j >= len(toks) - 1 or toks[j].text not in APPOSITION_MARKS or toks[j + 1].sent != toks[j].sent:
        return None
    k = j + 1
    while k < len(toks) and k - j <= MAX_CHAIN and toks[k].sent == toks[j].sent and k not in taken and linkable(toks, k):
        k += 1
    if k < len(toks) and k in taken:
        return None  # the title is the next person's: 'К. Ержанов, проректор университета А. Нурбеков'
    head = next((h for h in range(j + 1, min(k, j + 6)) if is_post(toks[h])), None)
    if head is None or is_plural_only(toks[head].text) or modifiers_start(toks, head, j + 1) != j + 1:
        return None
    return Construction(j + 1, head, k, "name, position")


VERB_POS = {"VERB", "PRTS", "PRTF", "GRND", "INFN"}
VERB_AUX = {"был", "была", "было", "были", "ранее", "ныне", "сейчас", "также", "недавно", "уже", "вновь"}
OFFICE_NOUNS = {"должность", "должности", "пост"}  # 'назначен на должность директора': the post in the genitive


def is_holding_verb(tok: Token) -> bool:
    return (CYRILLIC.match(tok.text) is not None and pos(tok.text) in VERB_POS
            and lemma_of(tok.text) in vocab.sections("positions.txt")["holding verbs"])


def skip_aux(toks, k, step, sent) -> int:
    while 0 <= k < len(toks) and toks[k].sent == sent and toks[k].text.lower() in VERB_AUX:
        k += step
    return k


def post_after_verb(toks, k, sent) -> tuple[int, int] | None:
    """(first, head) of the post a holding verb governs: 'главным бухгалтером', 'на должность директора'."""
    wanted = {"ablt"}
    if k + 1 < len(toks) and toks[k].text.lower() in {"на", "в"} and toks[k + 1].text.lower() in OFFICE_NOUNS:
        k, wanted = k + 2, {"gent", "gen2"}
    elif k < len(toks) and toks[k].text.lower() in OFFICE_NOUNS:
        k, wanted = k + 1, {"gent", "gen2"}
    head = next((h for h in range(k, min(k + 4, len(toks))) if toks[h].sent == sent and is_post(toks[h])), None)
    if head is None or not (cases(toks[head].text, {"NOUN"}) & wanted) or modifiers_start(toks, head, k) != k:
        return None
    return k, head


def rule_name_verb_position(toks, j, taken) -> Construction | None:
    """Ерлан Нуров назначен заместителем акима области; Б. Ким, являясь руководителем предприятия, ..."""
    if j >= len(toks):
        return None
    sent = toks[j - 1].sent
    k = skip_aux(toks, j + (toks[j].text == ","), 1, sent)
    if k >= len(toks) or toks[k].sent != sent or not is_holding_verb(toks[k]):
        return None
    found = post_after_verb(toks, skip_aux(toks, k + 1, 1, sent), sent)
    if found is None:
        return None
    first, head = found
    end = head + 1
    while end < len(toks) and end - head <= MAX_CHAIN and toks[end].sent == sent and end not in taken and linkable(toks, end):
        end += 1
    return Construction(first, head, end, "name, verb, position")


def rule_position_verb_name(toks, i, taken) -> Construction | None:
    """Заместителем акима области назначен Ерлан Нуров."""
    if i < 2:
        return None
    sent = toks[i].sent
    verb = skip_aux(toks, i - 1, -1, sent)
    if verb < 1 or toks[verb].sent != sent or not is_holding_verb(toks[verb]) or pos(toks[verb].text) == "GRND":
        return None
    end = skip_aux(toks, verb - 1, -1, sent) + 1
    first = walk_left(toks, end, taken)
    head = head_in(toks, first, end)
    if head is None or "ablt" not in cases(toks[head].text, {"NOUN"}) or is_plural_only(toks[head].text):
        return None
    return Construction(modifiers_start(toks, head, first), head, end, "position, verb, name")


# ---------------------------------------------------------------- position and organisation

def restore_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def inflect(word: str, grammemes: set, pos_set=None, lemma_stem=None) -> str:
    for p in parses(word):
        if (pos_set is None or p.tag.POS in pos_set) and (lemma_stem is None or stem(p.normal_form) == lemma_stem):
            form = p.inflect(grammemes)
            if form is not None:
                return restore_case(form.word, word)
    return word


def head_nominative(word: str) -> str:
    """'первого заместителя' head -> 'заместитель'; 'экс-акима' -> 'экс-аким'."""
    post = post_of(word)
    ranked = sorted(parses(word), key=lambda p: not p.normal_form.endswith(post))  # 'экс-акиму' is no 'экс-акима'
    for p in ranked:
        if p.tag.POS == "NOUN" and (p.normal_form.endswith(post) or stem(p.normal_form).endswith(stem(post))):
            form = p.inflect({"nomn", "sing"})
            if form is not None and (form.word.endswith(post) or stem(form.word).endswith(stem(post))):
                return restore_case(form.word, word)
    prefix = word[: len(word) - len(word.split("-")[-1])] if "-" in word and entry_of(word, "positions.txt", "posts") is None else ""
    return restore_case(prefix + post, word)


def gender_of(word: str) -> str:
    p = first_parse(word)
    g = p.tag.gender if p is not None else None
    return g if g in {"masc", "femn", "neut"} else "masc"


def render(toks: list[Token], text: str, words: list[str]) -> str:
    out = ""
    for n, (tok, word) in enumerate(zip(toks, words)):
        if n:
            prev = toks[n - 1]
            out += "" if prev.stop == tok.start else " "
        out += word
    return out


def position_end(toks, start, end) -> tuple[int, set]:
    """Where the position stops within [start, end), and which tokens before that it leaves out.

    It stops at a second body, a name, an abbreviation, a quote, a preposition that opens the
    organisation ('при партии', 'в Грузии') or a second post ('директор и совладелец'). A body
    named with a capital ('Института этнологии', 'Федеральной миграционной службы') is the
    organisation's name: the position keeps at most its bare noun ('замглавы службы')."""
    bodies, complement, drop = 0, False, set()
    for k in range(start, end):
        tok = toks[k]
        low = tok.text.lower()
        complement = complement or low == "по"
        if low == "и" and second_post(toks, k + 1, end):
            return k, drop
        if bodies and (is_territory(tok) or is_toponymic(tok)):
            return k, drop  # 'департамента юстиции Костанайской области': the body's region
        if is_toponymic(tok) or low in {"по", "и"}:
            continue
        if low in POSITION_STOP_PREPS or tok.text in QUOTES or is_abbr(tok) or is_form(tok):
            return k, drop
        if is_body(tok) and not (complement and not is_capital(tok)):
            bodies += 1
            if bodies > 1:
                return k, drop
            if is_capital(tok) and not is_abbr(tok):
                # 'руководитель Департамента Агентства ...' keeps the bare noun; 'президент
                # Российской Федерации' leaves a named body to the organisation
                return (k + 1 if k == start or is_post(toks[k - 1]) else k), drop
            named = capital_adjectives(toks, k, start)
            if named:
                return k + 1, drop | set(named)
            continue
        if is_capital(tok) and not is_adjective(tok) and not is_post(tok):
            return k, drop
        if not complement and pos(tok.text) == "NOUN" and not is_post(tok) and not can_be_genitive(tok.text):
            return k, drop  # 'представитель вооружённых сил полковник': a rank beside the title
        if not tok.text[:1].isalpha():
            return k, drop
    return end, drop


def second_post(toks, k, end) -> bool:
    """'директор и совладелец', 'президент и первая леди': a second title after 'и'."""
    while k < end and is_adjective(toks[k]):
        k += 1
    return k < end and is_post(toks[k])


def capital_adjectives(toks, body, start) -> list[int]:
    """The adjectives of a body that begin with a capital: 'Павлодарского областного маслихата'."""
    k = body
    while k - 1 >= start and is_adjective(toks[k - 1]):
        k -= 1
    return list(range(k, body)) if k < body and is_capital(toks[k]) else []


def trim(idx: list[int], toks) -> list[int]:
    """Drops trailing prepositions, and a trailing quote that closes nothing."""
    def dangling(k):
        return toks[k].text in QUOTES and sum(toks[n].text in QUOTES for n in idx) % 2 == 1
    while idx and (toks[idx[-1]].text.lower() in LINK_PREPS or dangling(idx[-1])):
        idx.pop()
    return idx


def position_text(toks, text, c: Construction, stop: int, drop: set) -> str:
    mods = list(range(c.first, c.head))
    io = IO_ANY.search("".join(toks[k].text + " " for k in mods))
    gender = gender_of(head_nominative(toks[c.head].text))
    words, kept = [], []
    for k in mods:
        word = toks[k].text
        if not io and is_adjective(toks[k]):
            word = inflect(word, {"nomn", "sing", gender}, ADJECTIVES)
        elif io and pos(word) == "PRTF":
            word = inflect(word, {"nomn", "sing", "masc"}, ADJECTIVES)
        words.append(word)
        kept.append(k)
    words.append(toks[c.head].text if io else head_nominative(toks[c.head].text))
    kept.append(c.head)
    rest = [k for k in range(c.head + 1, stop) if not is_toponymic(toks[k]) and k not in drop]
    while rest and (is_adjective(toks[rest[-1]]) or toks[rest[-1]].text.lower() in LINK_PREPS):
        rest.pop()  # 'замглавы Федеральной миграционной' before the organisation's name
    words += [low_body(toks[k]) for k in rest]
    kept += rest
    phrase = render([toks[k] for k in kept], text, words)
    return phrase[:1].lower() + phrase[1:] if not toks[kept[0]].text.isupper() else phrase


def low_body(tok: Token) -> str:
    """'руководитель Департамента' -> 'руководитель департамента': a post names the kind of body."""
    return tok.text.lower() if is_body(tok) and is_capital(tok) and not is_abbr(tok) else tok.text


def nominative_phrase(toks, text, idx: list[int]) -> str:
    """An organisation phrase with its head noun and the adjectives before it in the nominative."""
    words = [toks[k].text for k in idx]
    noun = next((n for n, k in enumerate(idx) if not is_adjective(toks[k])), None)
    if noun is None:
        return render([toks[k] for k in idx], text, words)
    word = toks[idx[noun]].text
    entry = entry_of(word, "bodies.txt", "bodies") or entry_of(word, "bodies.txt", "territories")
    if entry and not is_abbr(toks[idx[noun]]) and not is_plural_only(word):
        words[noun] = restore_case(entry, word)  # pymorphy3 misreads some: 'маслихата' as a nominative
    elif not is_abbr(toks[idx[noun]]) and pos(word) == "NOUN":
        words[noun] = inflect(word, {"nomn"}, {"NOUN"})
    head = [p for p in parses(entry or words[noun]) if {"nomn"} <= set(p.tag.grammemes)] or parses(words[noun])
    gender = head[0].tag.gender if head and head[0].tag.gender in {"masc", "femn", "neut"} else "masc"
    number = "sing" if entry else (head[0].tag.number if head and head[0].tag.number else "sing")
    for n in range(noun):
        grammemes = {"nomn", "plur"} if number == "plur" else {"nomn", "sing", gender}
        words[n] = inflect(words[n], grammemes, ADJECTIVES)
    return render([toks[k] for k in idx], text, words)


def genitive_region(region: str) -> str:
    """'Восточно-Казахстанская область' -> 'Восточно-Казахстанской области' (for 'акимат ...')."""
    return " ".join(inflect(w, {"gent"}) for w in region.split())


@lru_cache(maxsize=None)
def form_heads() -> dict:
    return {form: tuple(heads.split()) for form, heads in (e.split("\t") for e in vocab.sections("bodies.txt")["form heads"])}


def quoted_end(toks, k) -> int | None:
    """Index of the quote that closes the name opening at or just after token k ('ГКП на ПХВ «X»');
    a writer's unclosed inner quote ('«Центр «Адал»') closes with the outer one."""
    opening = next((n for n in range(k, min(k + 5, len(toks))) if toks[n].text in "«\"“"), None)
    if opening is None or toks[opening].sent != toks[k].sent:
        return None
    for n in range(opening + 1, len(toks)):
        if toks[n].sent != toks[k].sent:
            return None
        if toks[n].text in "»\"”" and n > opening + 1:
            return n + 1 if n + 1 < len(toks) and toks[n + 1].text == "»" and toks[n + 1].start == toks[n].stop else n
    return None


def antecedent(toks, text, body_idx: int) -> str | None:
    """The named body a bare body word refers back to: 'проректор университета' after
    'в Кокшетауском техническом университете имени Т.К.Сарбасова'."""
    target = entry_of(toks[body_idx].text, "bodies.txt", "bodies")
    for k in range(body_idx - 1, -1, -1):
        if is_form(toks[k]) and target in form_heads().get(toks[k].text, ()):
            end = quoted_end(toks, k)
            if end is not None:
                return text[toks[k].start:toks[end].stop]  # 'ГКП на ПХВ «X»' ... 'бухгалтер предприятия'
        if entry_of(toks[k].text, "bodies.txt", "bodies") != target:
            continue
        if k and toks[k - 1].text in "«\"“" and toks[k].quoted:
            opening = k - 1
            first = opening - 1 if opening and is_form(toks[opening - 1]) else opening
            end = quoted_end(toks, opening)
            if end is not None:
                return text[toks[first].start:toks[end].stop]  # 'ГУ «Отдел ...»' ... 'специалист отдела'
        first = k
        while first > 0 and pos(toks[first - 1].text) == "ADJF" and toks[first - 1].sent == toks[k].sent:
            first -= 1  # 'Кокшетауском техническом', not 'организованный'
        stop = k + 1
        while stop < len(toks) and toks[stop].sent == toks[k].sent and (
                toks[stop].text.lower() in {"имени", "им"} or is_capital(toks[stop])
                or (toks[stop].text == "." and len(toks[stop - 1].text) <= 2) or toks[stop].text in QUOTES):
            stop += 1
        named = any(is_capital(toks[n]) for n in range(first, stop) if n != k or first < k)
        if named and stop - first > 1:
            stop = served_territory_end(toks, stop)
            return nominative_phrase(toks, text, trim(list(range(first, stop)), toks))
    return None


def served_territory_end(toks, stop) -> int:
    """'департамент Агентства РК' + 'по противодействию коррупции по Акмолинской области': a named
    body runs on through its 'по ...' complements when they end in the territory it serves."""
    if stop >= len(toks) or toks[stop].text.lower() != "по":
        return stop
    k, end = stop, stop
    while k < len(toks) and k - stop <= MAX_CHAIN and toks[k].sent == toks[stop].sent and linkable(toks, k) \
            and toks[k].text.lower() not in {"и", "при", "в", "во", "на", "для", "от"}:
        if is_territory(toks[k]) or (regions.find(toks[k].text) and is_capital(toks[k])):
            end = k + 1
        k += 1
    return end


def territory_start(toks, start, end) -> int | None:
    return next((k for k in range(start, end) if is_toponymic(toks[k]) or is_territory(toks[k])), None)


def organisation(toks, text, c: Construction, stop: int, main_region) -> str | None:
    bodies = [k for k in range(c.head + 1, c.end) if is_body(toks[k]) or is_form(toks[k])]
    body = bodies[0] if bodies else None
    if len(bodies) > 1 and entry_of(toks[body].text, "bodies.txt", "boards") and bodies[1] == body + 1:
        body = bodies[1]  # 'председатель правления АО "X"': the board's company
    if body is not None:
        first = body
        while first - 1 > c.head and is_adjective(toks[first - 1]):
            first -= 1
        idx = trim(list(range(first, c.end)), toks)
        if len(idx) == 1 and is_body(toks[body]):
            return antecedent(toks, text, body) or nominative_phrase(toks, text, idx)
        outer = idx[-1]
        if outer != body and is_body(toks[outer]) and not is_capital(toks[outer]):
            # 'руководитель отдела ... департамента' after the department was named: its body
            return antecedent(toks, text, outer) or nominative_phrase(toks, text, idx)
        return nominative_phrase(toks, text, idx)
    office = office_post(toks, c)
    terr = territory_start(toks, c.head + 1, c.end)
    if office is not None and terr is not None:
        return office_organisation(toks, text, c, office, terr, main_region)
    begin = stop if stop < c.end else terr
    if begin is None:
        return None
    idx = trim(list(range(begin, c.end)), toks)
    return nominative_phrase(toks, text, idx) if idx else None


def office_post(toks, c: Construction) -> tuple[int, str] | None:
    table = offices()
    for k in range(c.head, c.end):
        post = post_of(toks[k].text)
        if post in table:
            return k, table[post]
    return None


def office_organisation(toks, text, c, office, terr, main_region) -> str | None:
    """аким Бурлинского района -> Бурлинский район; заместитель акима Атырауской области ->
    акимат Атырауской области; a bare 'области' is the article's region."""
    where, body = office
    idx = trim(list(range(terr, c.end)), toks)
    bare = len(idx) == 1 and stem(entry_of(toks[idx[0]].text, "bodies.txt", "territories") or "") == stem("область")
    region = main_region() if bare else None
    if bare and region and region.endswith("область"):
        return region if where == c.head else f"{body} {genitive_region(region)}"
    if len(idx) == 1 and where == c.head:
        return None  # 'аким района' names no district
    if where == c.head:
        return nominative_phrase(toks, text, idx)
    return f"{body} {render([toks[k] for k in idx], text, [toks[k].text for k in idx])}"


def settlement_of(toks, c: Construction) -> tuple[int, int, str] | None:
    """(office, place, territory word) when a town in the genitive follows an akim's post with no
    territory word: 'аким Тараза', 'заместитель акима Экибастуза'."""
    office = office_post(toks, c)
    if office is None or office[0] + 1 >= c.end:
        return None
    k = office[0] + 1
    tok = toks[k]
    if not is_settlement(tok) or is_adjective(tok) or not can_be_genitive(tok.text) and pos(tok.text) != "PRTS":
        return None
    kinds = [p.kind for p in regions.find(tok.text) if p.kind in SETTLEMENT_KINDS]
    region = regions.canonical(tok.text) or ""
    if region.lower().startswith(stem(tok.text).lower()) and region.endswith("область"):
        return None  # 'Улытау', 'Мангистау': a region named by one word, not a town
    return office[0], k, SETTLEMENT_KINDS[kinds[0]]


def akim_of_settlement(toks, text, position: str, place) -> tuple[str, str]:
    """'аким Тараза' -> ('аким города', 'акимат города Тараз'); the post names the kind of place."""
    office, k, kind = place
    words = position.split()
    at = max((n for n, w in enumerate(words) if post_of(w) == post_of(toks[office].text)), default=len(words) - 1)
    if kind not in words[at + 1:at + 2]:
        words.insert(at + 1, kind)
    body = offices()[post_of(toks[office].text)]
    return " ".join(words), f"{body} {kind} {town_nominative(toks[k].text)}"


@lru_cache(maxsize=None)
def town_names() -> frozenset:
    return frozenset(row[0].lower() for row in vocab.table("regions.tsv") if row and " " not in row[0])


def town_nominative(word: str) -> str:
    """'Тараза' -> 'Тараз', 'Семея' -> 'Семей': a nominative the gazetteer knows, else the word as
    the gazetteer holds it ('Кульсары'), else pymorphy3's noun ('Жанаозена' is also a participle)."""
    forms = [f.word for p in parses(word) if p.tag.POS == "NOUN" and p.tag.case in {"gent", "gen2"}
             for f in [p.inflect({"nomn"})] if f is not None]
    known = [f for f in forms if f in town_names()]  # the gazetteer lists some case forms too: 'Семей', 'Семея'
    if known or word.lower() in town_names():
        return restore_case(known[0] if known else word, word)
    return restore_case(forms[0], word) if forms else word


def region_of(position: str, org: str | None, national: bool, local: str | None) -> str | None:
    """The place its body names; else, unless the post serves the whole country, the region the
    text is about there ('директор ТОО "X"' in an article on Шымкент works in Шымкент)."""
    for phrase in (org, position):
        found = regions.canonical(phrase)
        if found:
            return found
    return None if national else local



def local_region(text: str, at: int, main_region) -> str | None:
    """The region of the paragraph around offset `at`, else of the article: a digest names
    a region a paragraph."""
    for m in PARAGRAPH.finditer(text):
        if m.start() <= at < m.end():
            return regions.main_region(m.group(0)) or main_region()
    return main_region()


def is_national(toks, c: Construction) -> bool:
    """'министр юстиции', 'заместитель министра', 'посол Франции', 'Агентство РК по ...',
    'РОО "X"': the post or the first body serves the whole country."""
    for k in range(c.head, c.end):
        tok = toks[k]
        if post_of(tok.text) in vocab.sections("positions.txt")["national posts"]:
            return True
        if is_body(tok) or is_form(tok):
            return tok.text in vocab.sections("bodies.txt")["national bodies"] or (
                is_body(tok) and entry_of(tok.text, "bodies.txt", "national bodies") is not None)
    return False


def is_role_in_activity(toks, c: Construction) -> bool:
    """классный руководитель: a teacher's role, not a post."""
    phrase = tuple(stem(w) for w in (toks[k].text for k in range(c.first, c.head + 1)))
    for entry in vocab.sections("positions.txt")["not posts"]:
        words = tuple(stem(w) for w in entry.split())
        if phrase[-len(words):] == words or tuple(stem(lemma_of(t.text)) for t in toks[c.head + 1 - len(words): c.head + 1]) == words:
            return True
    return False


def lemma_of(word: str) -> str:
    p = first_parse(word)
    return p.normal_form if p is not None else word.lower()


def official_of(toks, text, person: Person, c: Construction, main_region) -> Official:
    stop, drop = position_end(toks, c.head + 1, c.end)
    if stop < c.end and "и" in {toks[stop].text.lower(), toks[stop - 1].text.lower()}:
        c = replace(c, end=stop)  # 'директор и совладелец компании': the first title only
    position = position_text(toks, text, c, stop, drop)
    org = organisation(toks, text, c, stop, main_region)
    place = settlement_of(toks, c)
    if place is not None:
        position, org = akim_of_settlement(toks, text, position, place)
    start = min(toks[c.first].start, person.start)
    end = max(toks[c.end - 1].stop, person.stop)
    local = local_region(text, person.start, main_region)
    return Official(person.name, person.person_id, position, org, region_of(position, org, is_national(toks, c), local),
                    start, end, c.rule)


# ---------------------------------------------------------------- Kazakh rule
# Kazakh is head-final: the post comes last, right before the name, and the bodies it belongs to
# precede it in the genitive: "агенттігінің облыс бойынша департаменті басшысының орынбасары Name".

KK_STOP_CASE = re.compile(r"(ға|ге|қа|ке|да|де|та|те|нда|нде|дан|ден|тан|тен|нан|нен|мен|бен|пен|ды|ді|ты|ті|ны|ні)$")
KK_VERB = re.compile(r"(ған|ген|қан|кен|атын|етін|йтын|йтін|ып|іп|ады|еді|йды|йді)$")  # participles, converbs
KK_GENITIVE = re.compile(r"(ның|нің|дың|дің|тың|тің)$")
KK_MAX_CHAIN = 15


def kk_word(tok: Token, section: str, name: str = "kk_bodies.txt") -> bool:
    return tok.text[:1].isalpha() and kazakh.entry_of(tok.text, kazakh.word_set(name, section)) is not None


def kk_post(tok: Token) -> bool:
    return kk_word(tok, "posts", "kk_posts.txt")


def kk_known(tok: Token) -> bool:
    return any(kk_word(tok, s) for s in ("bodies", "territories", "links")) or any(
        kk_word(tok, s, "kk_posts.txt") for s in ("posts", "modifiers"))


def kk_linkable(toks, k) -> bool:
    """Can token k sit in the chain of bodies before a Kazakh post? Not a word in an oblique case
    (unless 'қарсы' governs it: 'жемқорлыққа қарсы'), not a verb, not punctuation."""
    tok = toks[k]
    if tok.quoted or tok.text in QUOTES:
        return True
    if not tok.text[:1].isalpha():
        return False
    if kk_oblique_territory(tok):
        return False  # 'облысында': where it happened, not whose body
    if kk_known(tok) or regions.find(tok.text):
        return True  # 'бойынша' is a function word, and links a body to its region
    if tok.text.lower() in vocab.word_set("stopwords_kk.txt"):
        return False
    word = tok.text.lower()
    governed = k + 1 < len(toks) and kk_word(toks[k + 1], "links")
    return not KK_VERB.search(word) and (governed or not KK_STOP_CASE.search(word))


KK_OBLIQUE = {"да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "ға", "ге", "қа", "ке", "на", "не"}


def kk_oblique_territory(tok: Token) -> bool:
    """'облысында', 'ауданынан': a territory in the locative, ablative or dative."""
    entries = kazakh.word_set("kk_bodies.txt", "territories")
    return any(suffix in KK_OBLIQUE and kazakh.entry_of(rest, entries)
               for rest, suffix in kazakh.strip_slot(kazakh.normal(tok.text), "case"))


def kk_position_start(toks, first, head) -> int:
    """Where the post's own words begin: modifiers, posts of the chain, territories and at most
    one body going left from the head ('департаменті басшысының бірінші орынбасары')."""
    k, bodies = head, 0
    while k - 1 >= first:
        tok = toks[k - 1]
        if kk_post(tok) or kk_word(tok, "modifiers", "kk_posts.txt"):
            k -= 1
        elif kk_word(tok, "territories") and not is_capital(tok):
            k -= 1
        elif kk_word(tok, "bodies") and not bodies:
            bare = kk_bare_nouns_start(toks, first, k - 1)
            if bare < k - 1:
                return bare  # 'білім бөлімінің басшысы': the body's kind words end the post's
            bodies, k = 1, k - 1
        else:
            break
    return k


def kk_bare_nouns_start(toks, first, k) -> int:
    """The bare nouns that name a body's kind: 'хирургия бөлімшесінің меңгерушісі' (at most two,
    lower case, no case suffix, not a post: 'қызметкерлері' is the clause's subject)."""
    n = k
    while n - 1 >= first and k - n < 2:
        tok = toks[n - 1]
        word = tok.text.lower()
        if (tok.quoted or not tok.text.isalpha() or is_capital(tok) or kk_known(tok) or word in vocab.word_set("stopwords_kk.txt")
                or KK_STOP_CASE.search(word) or KK_VERB.search(word) or KK_GENITIVE.search(word)):
            break
        n -= 1
    return n


def kk_quoted_name(toks, text, k) -> str | None:
    """A body word inside quotes names the whole quoted name and the legal forms after it:
    '«Қалалық аурухана» ШЖҚ КМК', never '«Қалалық аурухана' cut inside the quotes."""
    if not toks[k].quoted:
        return None
    opening = k
    while opening - 1 >= 0 and toks[opening - 1].quoted:
        opening -= 1
    closing = k
    while closing + 1 < len(toks) and toks[closing + 1].quoted:
        closing += 1
    opening, closing = opening - 1, closing + 1
    if opening < 0 or closing >= len(toks) or toks[opening].text not in QUOTES or toks[closing].text not in QUOTES:
        return None
    while closing + 1 < len(toks) and toks[closing + 1].sent == toks[k].sent and is_abbr(toks[closing + 1]):
        closing += 1
    return text[toks[opening].start:toks[closing].stop]


def kk_construction(toks, first, head, end, rule) -> Construction | None:
    if head is None or first > head:
        return None
    return Construction(kk_position_start(toks, first, head), head, end, rule)


def rule_kk_position_name(toks, i, taken) -> Construction | None:
    """облыс әкімінің орынбасары Серік Ахметов; агенттігінің облыс бойынша департаменті басшысы Name"""
    head = i - 1
    if head < 0 or toks[head].sent != toks[i].sent or not kk_post(toks[head]):
        return None
    k = head
    while k - 1 >= 0 and head - k < KK_MAX_CHAIN and toks[k - 1].sent == toks[i].sent and k - 1 not in taken \
            and kk_linkable(toks, k - 1):
        k -= 1
    return kk_construction(toks, k, head, i, "kk position name")


def rule_kk_apposition(toks, j, taken) -> Construction | None:
    """Серік Ахметов, облыс әкімінің орынбасары, ...; Ерлан Жұмабеков – департамент басшысы"""
    if j >= len(toks) - 1 or toks[j].text not in APPOSITION_MARKS or toks[j + 1].sent != toks[j].sent:
        return None
    k = j + 1
    while k < len(toks) and k - j <= KK_MAX_CHAIN and toks[k].sent == toks[j].sent and k not in taken \
            and kk_linkable(toks, k):
        k += 1
    head = k - 1 if k - 1 > j and kk_post(toks[k - 1]) else None
    return kk_construction(toks, j + 1, head, head + 1 if head else k, "kk name, position")


def kk_phrase(toks, text, idx: list[int]) -> str:
    """Words as written, the last one without its genitive: 'агенттігінің' -> 'агенттігі'."""
    words = [toks[k].text for k in idx]
    words[-1] = KK_GENITIVE.sub("", words[-1]) if len(words) > 1 else kazakh.stem(words[-1])
    return render([toks[k] for k in idx], text, words)


def kk_organisation(toks, text, c: Construction, first: int, main_region) -> str | None:
    """The body the post belongs to: the chain up to its last body ('... агенттігінің облыс бойынша
    департаменті'); for posts of an akim the akimat of the territory ('облыс әкімдігі'); for an
    akim himself his territory ('Жаңақорған ауданы')."""
    body = next((k for k in range(c.head - 1, first - 1, -1) if kk_word(toks[k], "bodies")), None)
    named = next((k for k in range(c.first - 1, first - 1, -1) if kk_word(toks[k], "bodies")), None)
    if body is not None and body >= c.first and named is not None and kk_quoted_name(toks, text, named):
        return kk_quoted_name(toks, text, named)  # 'бөлімшесінің' is the post's: the hospital it is in
    if body is not None and kk_quoted_name(toks, text, body):
        return kk_quoted_name(toks, text, body)
    if body is not None:
        opens = body == 0 or toks[body - 1].sent != toks[body].sent  # 'Колледж директоры' opens its sentence
        bare = body == first and (opens or not is_capital(toks[body]))
        return (bare and kk_antecedent(toks, text, body)) or kk_phrase(toks, text, list(range(first, body + 1)))
    offices = dict(e.split("\t") for e in vocab.sections("kk_posts.txt")["offices"])
    office = next((k for k in range(c.head, first - 1, -1) if kazakh.stem(toks[k].text) in offices), None)
    if office is None or office == first:
        return None
    place = list(range(first, office))
    bare = len(place) == 1 and not is_capital(toks[place[0]])
    if office == c.head:
        if bare:
            return main_region() if kk_word(toks[place[0]], "territories") and kazakh.stem(toks[place[0]].text) == "облыс" else None
        return kk_phrase(toks, text, place)
    return render([toks[k] for k in place], text, [toks[k].text for k in place]) + " " + offices[kazakh.stem(toks[office].text)]


def kk_antecedent(toks, text, body: int) -> str | None:
    """The named body a bare Kazakh body word refers back to: 'колледж директоры' after
    'Сыр өңірі гуманитарлық колледжінде', in its possessive nominative ('... колледжі')."""
    entries = kazakh.word_set("kk_bodies.txt", "bodies")
    target = kazakh.entry_of(toks[body].text, entries)
    for k in range(body - 1, -1, -1):
        if kazakh.entry_of(toks[k].text, entries) != target:
            continue
        if kk_quoted_name(toks, text, k):
            return kk_quoted_name(toks, text, k)
        first = k
        while first - 1 >= 0 and toks[first - 1].sent == toks[k].sent and k - first < KK_MAX_CHAIN \
                and kk_linkable(toks, first - 1):
            first -= 1
        if any(is_capital(toks[n]) for n in range(first, k)):
            words = [toks[n].text for n in range(first, k)] + [kk_possessive(toks[k].text, target)]
            return render(toks[first:k + 1], text, words)
    return None


def kk_possessive(word: str, entry: str) -> str:
    """'колледжінде' -> 'колледжі', 'департаменті' -> 'департаменті': the word less its case, when a
    possessive ends it; else the entry."""
    for rest in [word] + [r for r, _ in kazakh.strip_slot(word, "case")]:
        tail = kazakh.normal(rest)[len(entry):]
        if kazakh.normal(rest).startswith(entry[:-1]) and tail in {"ы", "і", "сы", "сі"}:
            return rest
    return entry


def kk_official_of(toks, text, person: Person, c: Construction, first: int, main_region) -> Official:
    idx = list(range(c.first, c.head + 1))
    position = render([toks[k] for k in idx], text, [toks[k].text for k in idx])
    position = position[:1].lower() + position[1:] if not toks[c.first].text.isupper() else position
    org = kk_organisation(toks, text, c, first, main_region)
    start, end = min(toks[first].start, person.start), max(toks[c.end - 1].stop, person.stop)
    local = local_region(text, person.start, main_region)
    return Official(person.name, person.person_id, position, org, region_of(position, org, kk_national(toks, c, first), local),
                    start, end, c.rule)


def kk_national(toks, c: Construction, first: int) -> bool:
    """'министрі', 'Президенті'; or the body nearest the post is national ('Үкіметінің'), not a
    department of a national agency ('агенттігінің облыс бойынша департаменті')."""
    if any(kk_word(toks[k], "national", "kk_posts.txt") for k in range(c.first, c.head + 1)):
        return True
    body = next((k for k in range(c.head - 1, first - 1, -1) if kk_word(toks[k], "bodies")), None)
    return body is not None and kk_word(toks[body], "national")


def kk_officials(toks, text, person, span, taken, main_region) -> list[Official]:
    """Officials of one name in a Kazakh text, the rules in order of trust."""
    i, j = span
    out = []
    left = rule_kk_position_name(toks, i, taken)
    if left is not None:
        chain_first = left.first
        while chain_first - 1 >= 0 and i - chain_first < KK_MAX_CHAIN and toks[chain_first - 1].sent == toks[i].sent \
                and chain_first - 1 not in taken and kk_linkable(toks, chain_first - 1) \
                and not (kk_post(toks[chain_first - 1]) and not KK_GENITIVE.search(toks[chain_first - 1].text)):
            chain_first -= 1  # a post not in the genitive ('қызметкерлері') is the clause's subject
        out.append(kk_official_of(toks, text, person, left, chain_first, main_region))
    right = rule_kk_apposition(toks, j, taken)
    if right is not None:
        out.append(kk_official_of(toks, text, person, right, right.first, main_region))
    return out


# ---------------------------------------------------------------- per document

def constructions(toks, span, taken) -> list[Construction]:
    """Every rule that fires for one name, in order of trust."""
    i, j = span
    found = []
    left = rule_position_name(toks, i, taken)
    if left is not None:
        earlier = rule_compound(toks, left, taken)
        found += [earlier] if earlier else []
        found.append(left)
    right = rule_apposition(toks, j, taken)
    if right is not None:
        found.append(right)
    found += [c for c in (rule_name_verb_position(toks, j, taken), rule_position_verb_name(toks, i, taken)) if c]
    return [c for c in found if not is_role_in_activity(toks, c) and not is_bare_profession(toks, c)]


def is_bare_profession(toks, c: Construction) -> bool:
    """'тбилисский врач', 'адвокат истцов': a trade, not a post; 'главный врач', 'юрист палаты' are posts."""
    if post_of(toks[c.head].text) not in vocab.sections("positions.txt")["professions"]:
        return False
    grades = {stem(g) for g in vocab.sections("positions.txt")["grades"]}
    graded = any(not grades.isdisjoint(keys(toks[k].text)) for k in range(c.first, c.head))
    in_body = any(is_body(t) or is_form(t) or is_abbr(t) or t.quoted for t in toks[c.head + 1:c.end])
    return not (graded or in_body)


def is_eponym(toks, person: Person, span) -> bool:
    prev = toks[span[0] - 1].text.lower() if span[0] > 0 else ""
    prev2 = toks[span[0] - 2].text.lower() if span[0] > 1 else ""
    return person.role == "eponym" or prev in {"имени", "им"} or (prev == "." and prev2 == "им")


def officials_of(text: str, persons: list[Person], segmented=None) -> list[Official]:
    """Officials named in one text: one per person, the first construction with an organisation
    winning over the first without. segmented: as for tokens_of."""
    toks = tokens_of(text, segmented)
    spans = {p: covered(toks, p) for p in persons}
    taken = {k for s in spans.values() if s for k in range(*s)}
    # the article's region is a gazetteer pass over the whole text: only when a rule asks for it
    main_region = cache(lambda: regions.main_region(text, toks))
    in_kazakh = kazakh.is_kazakh(text)
    found, used = {}, set()
    for person in sorted(persons, key=lambda p: p.start):
        span = spans[person]
        if span is None or is_eponym(toks, person, span):
            continue
        if in_kazakh:
            for o in kk_officials(toks, text, person, span, taken, main_region):
                found.setdefault(identity(person, persons), []).append(o)
            continue
        for c in constructions(toks, span, taken):
            used.update(range(c.first, c.end))
            found.setdefault(identity(person, persons), []).append(official_of(toks, text, person, c, main_region))
    if not in_kazakh:
        later = lead_official(toks, text, persons, spans, taken, used, found, main_region)
        if later is not None:
            found[identity(later[0], persons)] = [later[1]]
    return [best(group, [p.name for p in persons if identity(p, persons) == key]) for key, group in found.items()]


LEAD_SENTENCES = 3  # headline and lead
LEAD_REACH = 4  # sentences from the lead's post to the name it is given


def lead_official(toks, text, persons, spans, taken, used, found, main_region):
    """'В Актобе задержан руководитель отдела ...' ... 'деньги Ерлан Жолдасбеков получил': the one
    unnamed post of the headline and lead belongs to the first person named after it, when that
    person holds no post of their own and no one else is named in between."""
    named = sorted((p for p in persons if spans[p]), key=lambda p: p.start)
    if not named or identity(named[0], persons) in found:
        return None
    person = named[0]
    c = lead_post(toks, spans[person][0], taken, used)
    if c is None:
        return None
    if toks[spans[person][0]].sent - toks[c.head].sent > LEAD_REACH or is_eponym(toks, person, spans[person]):
        return None
    return person, official_of(toks, text, person, c, main_region)


def lead_post(toks, before, taken, used) -> Construction | None:
    """The post the lead names as its subject ('задержан руководитель отдела'), when it names one post
    (the headline may repeat it in another case) and before any name."""
    heads = [k for k, tok in enumerate(toks[:before]) if tok.sent < LEAD_SENTENCES and k not in used
             and k not in taken and is_post(tok) and not (k and toks[k - 1].sent == tok.sent and is_post(toks[k - 1]))]
    if len({post_of(toks[k].text) for k in heads}) != 1:
        return None  # none, or several: whose is whose is not for the lead to say
    head = next((k for k in heads if is_singular_nominative(toks[k].text)), None)
    if head is None:
        return None  # 'члена Конгресса', 'президента федерации': someone else's post, or an office
    end = head + 1
    while end < len(toks) and end - head <= MAX_CHAIN and toks[end].sent == toks[head].sent and end not in taken \
            and linkable(toks, end) and not opens_circumstance(toks, end):
        end += 1
    c = Construction(modifiers_start(toks, head, walk_left(toks, head, taken)), head, end, "lead position, name later")
    return None if is_role_in_activity(toks, c) or is_bare_profession(toks, c) else c


def is_singular_nominative(word: str) -> bool:
    post = post_of(word) or ""
    return any({"nomn", "sing"} <= set(p.tag.grammemes) for p in parses(word)
               if p.tag.POS == "NOUN" and p.normal_form.endswith(post))  # 'акима': not the name 'Акима'


def opens_circumstance(toks, k) -> bool:
    """'при получении взятки', 'в размере': a preposition that leaves the title, unless a body follows
    ('при акимате')."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return toks[k].text.lower() in POSITION_STOP_PREPS and not (nxt and (is_body(nxt) or is_capital(nxt)))


def identity(person: Person, persons: list[Person]) -> str:
    """One key per person: the person_id, and a surname-only mention joins the full name."""
    if person.person_id:
        return person.person_id
    words = person.name.split()
    if len(words) == 1:
        full = next((p for p in persons if len(p.name.split()) > 1 and p.name.split()[-1].lower() == words[0].lower()), None)
        if full is not None:
            return full.name
    return person.name


def best(group: list[Official], names: list[str]) -> Official:
    """The first official of the best rank, under the fullest name of the person: 'Нуров работает
    начальником отдела' after 'Ерлан Нуров' is Ерлан Нуров's."""
    chosen = min(group, key=rank)
    return replace(chosen, name=max(names, key=lambda n: len(n.split()), default=chosen.name))


def rank(o: Official) -> tuple[bool, bool]:
    """A post over a membership, then one with an organisation over one without: 'члена совета,
    директора ОФ "X" Name' is the director of X."""
    head = o.position.split()
    membership = any(post_of(w) in vocab.sections("positions.txt")["memberships"] for w in head[:2])
    return membership, not o.organisation


# ---------------------------------------------------------------- batch

def officials(documents, people, tokens=None):
    """tokens: the segment stage's table when the batch has it (a whole run), so that no text is
    tokenized twice; without it (the stage alone) the texts are tokenized here, to the same tokens."""
    rows = []
    by_doc = io.rows_by_doc(people, ["start", "stop", "name", "person_id", "role"])  # one pass, no frame per document
    segmented = io.rows_by_doc(tokens, ["sent_id", "start", "stop", "text"]) if tokens is not None else {}
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        persons = [Person(int(start), int(stop), name, person_id or "", role or "")
                   for start, stop, name, person_id, role in by_doc.get(doc_id, ()) if isinstance(name, str)]
        # a text of words has tokens: none means segment failed on it, and it is tokenized here
        for o in officials_of(text or "", persons, segmented.get(doc_id) or None):
            rows.append({"doc_id": doc_id, "person_id": o.person_id, "name": o.name, "position": o.position,
                         "organisation": o.organisation, "region": o.region, "start": o.start, "stop": o.stop,
                         "text": (text or "")[o.start:o.stop], "rule": o.rule})
    return io.frame(rows, schema.OFFICIALS)


def apply(batch, context=None):
    return {"officials": officials(batch["documents"], batch["people"], batch.get("tokens"))}
