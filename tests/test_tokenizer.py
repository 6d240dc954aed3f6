"""tokenizer: exactly razdel 0.5.0's tokens (start, stop, text), checked against razdel itself."""
import re

import pytest
import razdel
from hypothesis import given, settings, strategies as st
from razdel.segmenters.tokenize import ATOM

from pipeline import tokenizer
from pipeline.tokenizer import razdel_tokens, sentenize, tokenize


def razdel_of(text):
    return [(t.start, t.stop, t.text) for t in razdel.tokenize(text)]


def ours(text):
    return [(t.start, t.stop, t.text) for t in razdel_tokens(text)]


# text -> tokens, '|' between them (razdel's own answer, written out to read at a glance)
TOKENS = [
    # dashes and hyphens
    ('Нур-Султан', 'Нур-Султан'),
    ('кто-то-там', 'кто-то-там'),
    ('cho-to', 'cho-to'),
    ('cho- to', 'cho-|to'),
    ('cho -to', 'cho|-to'),
    ('cho - to', 'cho|-|to'),
    ('a--b', 'a|--|b'),
    ('--', '--'),
    ('---', '---'),
    ('a—b', 'a—b'),
    ('a–b', 'a–b'),
    ('a‑b', 'a‑b'),
    ('a−b', 'a−b'),
    ('1-2', '1-2'),
    ('2023–2027 годы', '2023–2027|годы'),
    ('-5', '-|5'),
    ('x-', 'x|-'),
    ('-x', '-|x'),
    ('ПМ-2', 'ПМ-2'),
    ('«-»', '«|-|»'),
    ('a-(b', 'a|-|(|b'),
    ('a- (b', 'a|-|(|b'),
    ('(a)-b', '(|a|)|-|b'),
    ('a-«b»', 'a|-|«|b|»'),
    ('- а', '-|а'),
    ('1 -', '1|-'),
    ('COVID-19', 'COVID-19'),
    ('Covid-19-ға', 'Covid-19-ға'),
    ('iPhone-да', 'iPhone-да'),
    ('e-mail', 'e-mail'),
    ('—Да', '—|Да'),
    ('а-', 'а|-'),
    ('а-\nб', 'а-|б'),
    ('а -', 'а|-'),
    # underscores
    ('a_b', 'a_b'),
    ('__init__', '_|_|init|_|_'),
    ('_x', '_|x'),
    ('x_', 'x|_'),
    ('x_ y', 'x_|y'),
    ('a_1', 'a_1'),
    ('1_2', '1_2'),
    ('a__b', 'a|_|_|b'),
    ('_', '_'),
    # floats and fractions
    ('1.5', '1.5'),
    ('1,5', '1,5'),
    ('3,6 млрд', '3,6|млрд'),
    ('1. 5', '1.|5'),
    ('1 .5', '1|.5'),
    ('1 . 5', '1|.|5'),
    ('1.5.6', '1.5.6'),
    ('.5', '.|5'),
    ('5.', '5|.'),
    ('v1.0', 'v|1.0'),
    ('1,000,000', '1,000,000'),
    ('a.b', 'a|.|b'),
    ('1..2', '1|..|2'),
    ('1/2', '1/2'),
    ('1\\2', '1\\2'),
    ('1/ 2', '1/|2'),
    ('a/b', 'a|/|b'),
    ('1/2/3', '1/2/3'),
    ('50/50%', '50/50|%'),
    ('12.05.2023', '12.05.2023'),
    ('14:40', '14|:|40'),
    ('١٢٣', '١٢٣'),
    ('٣.٥', '٣.٥'),
    # punctuation
    ('...', '...'),
    ('..', '..'),
    ('?!', '?!'),
    ('!!!', '!!!'),
    ('?..', '?..'),
    ('…', '…'),
    ('…!', '…!'),
    ('Да?!', 'Да|?!'),
    ('Так...', 'Так|...'),
    ('.,', '.|,'),
    (',,', ',|,'),
    ('***', '***'),
    ('**', '**'),
    ('*', '*'),
    ('**a', '**|a'),
    ('!?.', '!?.'),
    (';;', ';|;'),
    ('),', ')|,'),
    ('».', '»|.'),
    ('(«', '(|«'),
    ('%)', '%|)'),
    # smileys
    (':)', ':)'),
    (':-)', ':|-|)'),
    (';)', ';)'),
    ('=(((', '=((('),
    (':-))))', ':|-|)|)|)|)'),
    (':-(', ':|-|('),
    ('8-)', '8|-|)'),
    (':-', ':|-'),
    ('a:)', 'a|:)'),
    (':):)', ':)|:)'),
    ('(:', '(|:'),
    ('x:-)', 'x|:|-|)'),
    (':((((', ':(((|('),
    ('Привет:)', 'Привет|:)'),
    ('ок =)', 'ок|=)'),
    (':-)-', ':|-|)|-'),
    (')))', ')|)|)'),
    ('=)(', '=)('),
    # other symbols
    ('ΔP', 'ΔP'),
    ('Δσ', 'Δσ'),
    ('mβж', 'mβж'),
    ('5Δ', '5|Δ'),
    ('Δ5', 'Δ|5'),
    ('α-β', 'α-β'),
    ('C++', 'C|+|+'),
    ('©2020', '©|2020'),
    ('°C', '°C'),
    ('25°C', '25|°C'),
    ('€5', '€|5'),
    ('5€', '5|€'),
    ('§3', '§|3'),
    ('№1', '№|1'),
    ('#1', '#|1'),
    ('$5', '$|5'),
    ('5$', '5|$'),
    ('@user', '@|user'),
    ('м²', 'м²'),
    ('x²', 'x²'),
    ('a{b}', 'a{b|}'),
    ('{x}', '{x|}'),
    ('™', '™'),
    ('a™b', 'a™b'),
    ('∑∏', '∑∏'),
    ('→a', '→a'),
    ('1→2', '1|→|2'),
    # yahoo
    ('Yahoo!', 'Yahoo!'),
    ('yahoo!', 'yahoo!'),
    ('YAHOO!', 'YAHOO!'),
    ('Yahoo!!', 'Yahoo!!'),
    ('Yahoo !', 'Yahoo|!'),
    ('Yahoo!?', 'Yahoo!?'),
    ('myyahoo!', 'myyahoo|!'),
    ('yahoo!x', 'yahoo!|x'),
    ('Яhoo!', 'Я|hoo|!'),
    ('yahoo.', 'yahoo|.'),
    # kazakh letters are OTHER atoms
    ('Қазақстан', 'Қазақстан'),
    ('өңір', 'өңір'),
    ('БОЛАШАҚ', 'БОЛАШАҚ'),
    ('әкім', 'әкім'),
    ('Ұлттық', 'Ұлттық'),
    ('Үкімет', 'Үкімет'),
    ('һ', 'һ'),
    ('Жоба «Жасыл өңір» басталды.', 'Жоба|«|Жасыл|өңір|»|басталды|.'),
    ('Қ-Ә', 'Қ-Ә'),
    ('ҚР-ның', 'ҚР-ның'),
    ('ауылға,', 'ауылға|,'),
    ('2023 жылғы', '2023|жылғы'),
    ('і5', 'і|5'),
    ('Ғ.', 'Ғ|.'),
    ('ӘКІМ-ДІ', 'ӘКІМ-ДІ'),
    # emoji
    ('😀', '😀'),
    ('ok😀', 'ok😀'),
    ('😀😀', '😀😀'),
    ('да!😀', 'да|!|😀'),
    ('👍🏽', '👍🏽'),
    ('❤️', '❤️'),
    ('Спасибо 🙏!', 'Спасибо|🙏|!'),
    ('😀-😀', '😀-😀'),
    # latin diacritics, combining marks
    ('café', 'café'),
    ('naïve', 'naïve'),
    ('Müller', 'Müller'),
    ('İstanbul', 'İstanbul'),
    ('Kelvin', 'Kelvin'),
    ('ſt', 'ſt'),
    ('молоко́', 'молоко́'),
    ('е́', 'е́'),
    ('Ёлка', 'Ёлка'),
    ('ёж', 'ёж'),
    # whitespace
    ('', ''),
    (' ', ''),
    ('   ', ''),
    ('\n\n', ''),
    ('a\xa0b', 'a|b'),
    ('1\xa0000', '1|000'),
    ('a\u2009b', 'a|b'),
    ('a\u200bb', 'a\u200bb'),
    ('a\u3000b', 'a|b'),
    ('a\tb', 'a|b'),
    ('a\r\nb', 'a|b'),
    ('a\x1cb', 'a|b'),
    (' a ', 'a'),
    ('\xa0-\xa0', '-'),
    # mixed scripts and words
    ('Aб', 'A|б'),
    ('бA', 'б|A'),
    ('5км', '5|км'),
    ('км5', 'км|5'),
    ('A1', 'A|1'),
    ('«Мы победим», — сказал он.', '«|Мы|победим|»|,|—|сказал|он|.'),
    ('"БОЛАШАҚ"', '"|БОЛАШАҚ|"'),
    ("Д'Артаньян", "Д|'|Артаньян"),
    ("rock'n'roll", "rock|'|n|'|roll"),
    ('О’Нил', 'О|’|Нил'),
    ('www.site.kz', 'www|.|site|.|kz'),
    ('http://example.com/a-b_c', 'http|:|/|/|example|.|com|/|a-b_c'),
    ('user@mail.ru', 'user|@|mail|.|ru'),
    ('т.е.', 'т|.|е|.'),
    ('и т. д.', 'и|т|.|д|.'),
    ('Т.К. Сарбасовым', 'Т|.|К|.|Сарбасовым'),
]


@pytest.mark.parametrize("text, expected", TOKENS)
def test_tokens_are_razdels(text, expected):
    assert ours(text) == razdel_of(text)
    assert "|".join(t.text for t in razdel_tokens(text)) == expected


# characters razdel's join rules pivot on, letters of each atom type, and whitespace
ALPHABET = list(
    "абвгдеёжзАБЯЁ" "abcxyzYAHOOyahoo" "0123456789٣"            # RU, LAT, INT
    "‑–—−-_.,/\\!?…:;=()[]{}«»“”‘’\"„'*#$%&+<>@^`|~№"          # PUNCT, and '{': OTHER
    "әғқңөұүһіӘҒҚҢӨҰҮҺІΔσβ😀€§°²™\u0301\u200b\u212a"             # OTHER, Kelvin sign K: LAT
) + [" ", "\n", "\t", "\xa0", "\u2009", "\u3000", "\x1c"]


@settings(max_examples=1500, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=16))
def test_random_strings_tokenize_as_razdel(text):
    assert ours(text) == razdel_of(text)


def test_every_other_atom_is_a_candidate_character():
    # CANDIDATES skips characters it cannot start on: it must never skip an OTHER atom
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    others = [m.group() for m in ATOM.finditer(" ".join(chars)) if m.lastgroup == "OTHER"]
    first = re.compile(tokenizer.MAYBE_OTHER)
    assert len(others) > 100_000 and all(first.match(c) for c in others + list(tokenizer.SPECIAL))


def test_cached_tokenize_and_sentenize_are_razdels():
    text = "Аким Қ. Әлиев провел совещание. Нур-Султан, 3,6 млрд тенге :-)\n\nВторой абзац..."
    for _ in range(2):  # the second call comes from the cache
        assert [(t.start, t.stop, t.text) for t in tokenize(text)] == razdel_of(text)
        assert [(s.start, s.stop, s.text) for s in sentenize(text)] == [
            (s.start, s.stop, s.text) for s in razdel.sentenize(text)]
    assert [s.text for s in sentenize("")] == [""]  # razdel yields one empty sentence for ''


def test_natasha_ner_tokenizes_with_razdels_exact_tokens():
    import slovnet.token

    from pipeline import nlp

    nlp.use_fast_tokenizer()
    text = "Аким Жамбылской обл. (ЖО) — 1,5 млрд тг.; «Ақ жол»-ға e-mail: a_b@x.kz ...?!"
    ours = [(t.start, t.stop, t.text) for t in slovnet.token.tokenize(text)]
    assert ours == [(t.start, t.stop, t.text) for t in razdel.tokenize(text)]
