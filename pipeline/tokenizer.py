"""text -> tokens, sentences: razdel 0.5.0's token boundaries several times faster, and both
razdel segmentations cached for the stages that ask for the same text again.

razdel builds an Atom record and a TokenSplit object with cached properties for every pair of
atoms, then runs seven rule objects on it (~16% of a whole pipeline run). Here razdel's own ATOM
pattern cuts the text, the atoms' offsets are computed at C speed (findall, accumulate), and its
join rules, kept exactly below, run only at the few boundaries where one of them could join:
two touching atoms next to a dash, a decimal point, an OTHER symbol... Everywhere else razdel
splits: across whitespace always, between touching atoms unless a rule joins them.
tests/test_tokenizer.py compares case tables and random strings with razdel itself.
"""
import re
from bisect import bisect_left
from functools import lru_cache, partial
from itertools import accumulate, chain
from operator import itemgetter
from typing import NamedTuple

from razdel import sentenize as razdel_sentenize
from razdel.segmenters.punct import ENDINGS, SMILES
from razdel.segmenters.tokenize import ATOM, DASHES, INT, LAT, OTHER, PUNCT, PUNCTS, RU


class Token(NamedTuple):  # what callers read of razdel's Substring
    start: int
    stop: int
    text: str


# ---------------------------------------------------------------- atoms

# razdel's ATOM with its named groups made non-capturing, after the whitespace before the atom:
# findall yields (space, atom) pairs that tile the text up to its trailing whitespace
SPACED_ATOM = re.compile(r"(\s*)(" + re.sub(r"\(\?P<\w+>", "(?:", ATOM.pattern) + ")", ATOM.flags)


class Kinds(dict):
    """First character of an atom -> its type (RU, LAT, INT, PUNCT, OTHER): each of ATOM's
    alternatives begins with its own character class, so the first character decides.
    (Bounded by the alphabet, not the corpus.)"""

    def __missing__(self, char):
        kind = self[char] = ATOM.match(char).lastgroup
        return kind


KINDS = Kinds()

make_token = partial(tuple.__new__, Token)  # Token(...) is a Python-level call, this is not
second = itemgetter(1)


# ---------------------------------------------------------------- razdel's join rules

def not_punct(a: str, b: str) -> bool:  # razdel's dash and underscore rules: 'cho-to', 'a_b'
    return a != PUNCT and b != PUNCT


def both_int(a: str, b: str) -> bool:  # razdel's float and fraction rules: '1.5', '1/2'
    return a == INT and b == INT


# the one-character atoms razdel's Rule2112 rules pivot on -> (rule, its test). razdel writes
# `delimiter in '.,'`, a substring test on the atom's text, but an atom is never empty and an
# atom of several characters is a run of letters or digits: only these characters pass it.
DELIMITERS = {
    **{dash: ("dash", not_punct) for dash in DASHES},
    "_": ("underscore", not_punct),
    **{point: ("float", both_int) for point in ".,"},
    **{slash: ("fraction", both_int) for slash in "/\\"},
}
SMILE = re.compile(r"^" + SMILES + "$", re.U)  # razdel's; matched on the token so far + the right atom
WORDLIKE = (OTHER, RU, LAT)  # razdel's `other` rule: 'ΔP', 'mβж'


def joins(left: str, right: str, kinds: list, buffer: str) -> bool:
    """razdel's rules for the split between two touching atoms left and right; kinds: the
    types of the atoms left_2, left_1, right_1, right_2 around it (None past an end)."""
    left_2, left_1, right_1, right_2 = kinds
    return (two_one_one_two(left, right, left_2, left_1, right_1, right_2)
            or (left_1 == PUNCT and right_1 == PUNCT and punct(left, right, buffer))
            or (left_1 == OTHER and right_1 in WORDLIKE)
            or (left_1 in WORDLIKE and right_1 == OTHER)
            or (left.lower() == "yahoo" and right == "!"))


def two_one_one_two(left, right, left_2, left_1, right_1, right_2) -> bool:
    """razdel's Rule2112 family: 'cho-|to' asks the rule about (left_2, right_1), 'cho|-to'
    about (left_1, right_2), an atom that may lie across whitespace ('cho- to' -> 'cho-', 'to').
    A rule whose delimiter is on the left does not look at the right one."""
    on_left, on_right = DELIMITERS.get(left), DELIMITERS.get(right)
    if on_left and left_2 is not None and on_left[1](left_2, right_1):
        return True
    if on_right and (not on_left or on_left[0] != on_right[0]) and right_2 is not None:
        return on_right[1](left_1, right_2)
    return False


def punct(left: str, right: str, buffer: str) -> bool:
    return bool(SMILE.match(buffer)) or (left in ENDINGS and right in ENDINGS) or left + right in ("--", "**")


# ---------------------------------------------------------------- where a rule may join

def _class(chars: str) -> str:
    return "[" + re.escape(chars) + "]"


SPECIAL = "".join(DELIMITERS) + ENDINGS + "*=:;()"
# the characters a candidate begins with: SPECIAL, OTHER atoms and a few more (letters that
# razdel's re.I classes also take, as the Kelvin sign; they only cost a look)
MAYBE_OTHER = r"[^\sа-яёА-ЯЁa-zA-Z\d" + re.escape("".join(sorted(set(PUNCTS) - set(SPECIAL)))) + "]"


def candidates_pattern() -> re.Pattern:
    """A character next to which some rule above might join two touching atoms: a superset,
    `joins` decides at the boundaries before and after it. It begins with one character class,
    without re.I, so that the regex engine skips all other characters at C speed."""
    touching = r"(?:(?<=\S.)|(?=\S))"
    return re.compile(MAYBE_OTHER + "(?:" + "|".join([
        rf"(?<={_class(DASHES + '_')}){touching}",                        # dash, underscore
        r"(?<=[.,/\\])(?:(?<=\d.)|(?=\d))",                              # float, fraction
        rf"(?<={_class(ENDINGS)})(?={_class(ENDINGS)})", r"(?<=\*)(?=\*)",  # punct: '?!', '***'
        r"(?<=[=:;\-()])(?=[\-()])",                                     # punct: smiles ':-)'
        r"(?<=[oO]!)",                                                   # yahoo
        rf"(?<!{_class(SPECIAL)}){touching}",                            # other: 'ΔP'
    ]) + ")", re.U)


CANDIDATES = candidates_pattern()


def boundaries(text: str, starts: list[int], stops: list[int]):
    """Indexes i, ascending, of the atoms that touch atom i - 1 at a candidate character."""
    last = 0
    for m in CANDIDATES.finditer(text):
        for p in m.span():
            i = bisect_left(starts, p)
            if last < i < len(starts) and starts[i] == p == stops[i - 1]:
                last = i
                yield i


def joined(text: str, starts: list[int], stops: list[int]) -> list[int]:
    """Indexes i, ascending, of the atoms razdel glues to atom i - 1."""
    out, first, n = [], {}, len(starts)  # first: atom i -> the first atom of its token
    for i in boundaries(text, starts, stops):
        kinds = [KINDS[text[starts[k]]] if 0 <= k < n else None for k in (i - 2, i - 1, i, i + 1)]
        buffer = text[starts[first.get(i - 1, i - 1)]:stops[i]]  # the token so far + atom i
        if joins(text[starts[i - 1]:stops[i - 1]], text[starts[i]:stops[i]], kinds, buffer):
            out.append(i)
            first[i] = first.get(i - 1, i - 1)
    return out


# ---------------------------------------------------------------- tokens, sentences

def razdel_tokens(text: str) -> list[Token]:
    """Exactly razdel.tokenize(text): same start, stop and text for every token."""
    pieces = SPACED_ATOM.findall(text)
    ends = list(accumulate(map(len, chain.from_iterable(pieces))))
    starts, stops = ends[0::2], ends[1::2]
    if CANDIDATES.search(text) is None:  # most sentences: every atom is a token
        return list(map(make_token, zip(starts, stops, map(second, pieces))))
    for i in reversed(joined(text, starts, stops)):  # atom i goes into the token of atom i - 1
        del starts[i], stops[i - 1]
    return list(map(make_token, zip(starts, stops, map(text.__getitem__, map(slice, starts, stops)))))


# stages ask again for the tokens of a text they or another stage cut before (a sentence, a line)
@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    return tuple(razdel_tokens(text))


# segment, officials and events (several times per document) split the same lines (~90% of the calls)
@lru_cache(maxsize=2048)
def sentenize(text: str) -> tuple:
    """razdel.sentenize(text) as a tuple of its Substrings (start, stop, text)."""
    return tuple(razdel_sentenize(text))
