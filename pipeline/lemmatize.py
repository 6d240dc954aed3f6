"""tokens -> lemmas: pymorphy3's most probable lemma, POS and grammemes of every token.

`lemma()` is also how vocabularies are read, so an entry written as texts write it matches
every case form of it.
"""
import re
from functools import lru_cache

import pandas as pd
from .tokenizer import tokenize

from . import io, nlp, schema

KAZAKH_LETTERS = set("ңғүұқөһіәҢҒҮҰҚӨҺІӘ")
CYRILLIC_WORD = re.compile(r"^[а-яёА-ЯЁ]+(-[а-яёА-ЯЁ]+)*$")


@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def analyse(word: str) -> tuple[str, str, str]:
    """word -> (lemma, pos, tag). Words pymorphy3 cannot know keep their surface form, lowercased."""
    if not KAZAKH_LETTERS.isdisjoint(word) or not CYRILLIC_WORD.match(word):
        # pymorphy3 knows no Kazakh; Latin words, numbers and punctuation have no Russian lemma
        return word.lower().replace("ё", "е"), "", ""
    known = lexicon().get(word.lower().replace("ё", "е"))
    if known:
        return known
    p = nlp.parse(word)
    return p.normal_form.replace("ё", "е"), p.tag.POS or "", str(p.tag)


@lru_cache(maxsize=None)
def lexicon() -> dict:
    """Every form of the words in vocab/lexicon.tsv -> (lemma, pos, tag), from a model word's paradigm."""
    from .vocab import table  # vocab lemmatizes its entries with this module

    forms = {}
    for lemma_, model in table("lexicon.tsv"):
        paradigm = nlp.parse(model).lexeme
        stem = common_prefix([f.word for f in paradigm])
        base = lemma_[: len(lemma_) - (len(paradigm[0].word) - len(stem))]
        for form in paradigm:
            forms.setdefault(base + form.word[len(stem):], (lemma_, form.tag.POS or "", str(form.tag)))
    return forms


def common_prefix(words: list[str]) -> str:
    prefix = words[0]
    for w in words[1:]:
        while not w.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


# the stages after this one ask for lemmas word by word, many times over: a hit here costs no
# Python call at all
@lru_cache(maxsize=nlp.WORD_CACHE_SIZE)
def lemma(word: str) -> str:
    return analyse(word)[0]


def lemmas(text: str) -> tuple[str, ...]:
    """A phrase as the sequence of its words' lemmas: how vocabulary entries are matched."""
    return tuple(lemma(t.text) for t in tokenize(text))


def lemmatize(tokens: pd.DataFrame) -> pd.DataFrame:
    if not len(tokens):
        return io.frame([], schema.LEMMAS)
    # built column by column: a dict per token cost more than the cached analyses
    lemma_, pos, tag = zip(*map(analyse, tokens["text"].tolist()))
    return io.frame({"doc_id": tokens["doc_id"].tolist(), "token_id": tokens["token_id"].tolist(),
                     "lemma": list(lemma_), "pos": list(pos), "tag": list(tag)}, schema.LEMMAS)


INPUTS = ("tokens",)
OUTPUTS = ("lemmas",)


def apply(batch, context=None):
    return {"lemmas": lemmatize(batch["tokens"])}
