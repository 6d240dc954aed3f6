"""Heavy models, loaded once per process and shared by every stage that needs them.

natasha's taggers are CNNs whose padding embedding is zero, so a text's tags do not depend on
which other texts share its batch: `ner_spans` and `morph_feats` batch texts of about as many
tokens together (less padding), and give exactly what one call per text gives.
"""
import hashlib
import os
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache

# natasha's models are numpy: more than one BLAS thread per process only oversubscribes the cores
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

NER_CACHE_SIZE = 1024  # texts: the same text again (a long-lived dask worker re-running a corpus) skips the model
# word forms: news repeats its words; pymorphy3's parses weigh ~1 kB, so a cache this size is
# full after ~1 000 articles and memory stays flat whatever the corpus
WORD_CACHE_SIZE = 30_000
# every per-word-form cache of the stages is this size, and every per-name or per-phrase cache
# PHRASE_CACHE_SIZE: all are full after ~1 000 articles, so memory does not grow after that
PHRASE_CACHE_SIZE = 8_192


class ModelMissing(RuntimeError):
    pass


def _natasha():
    try:
        import natasha
    except ImportError as e:  # pragma: no cover - depends on the installation
        raise ModelMissing("natasha is not installed: run `make run` or `pip install -e .`") from e
    return natasha


@lru_cache(maxsize=None)
def morph():
    try:
        import pymorphy3
    except ImportError as e:  # pragma: no cover - depends on the installation
        raise ModelMissing("pymorphy3 is not installed: run `make run` or `pip install -e .`") from e
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=None)
def embedding():
    """navec's news embedding (~25 MB), what the taggers read of it (taggers.news_embedding):
    one copy for the NER and the morph tagger."""
    _natasha()
    return taggers().news_embedding()


@lru_cache(maxsize=None)
def ner_tagger():
    natasha = _natasha()
    use_fast_tokenizer()
    return taggers().speed_up(natasha.NewsNERTagger(embedding()))


def taggers():
    """The module that runs natasha's taggers (imports slovnet, hence not at import time)."""
    from . import taggers

    return taggers


def use_fast_tokenizer():
    """slovnet cuts every text with razdel before tagging it; `tokenizer.razdel_tokens` gives
    exactly razdel's tokens ~4x faster (tests/test_tokenizer.py), so the spans are the same."""
    import slovnet.token

    from .tokenizer import razdel_tokens

    slovnet.token.tokenize_ = razdel_tokens


@lru_cache(maxsize=None)
def morph_tagger():
    return taggers().speed_up(_natasha().NewsMorphTagger(embedding()))


def load_all():
    """Every model, so that worker processes forked afterwards share their pages."""
    morph(), ner_tagger(), morph_tagger()


def parse(word: str):
    """The most probable pymorphy3 parse of a word form (cached: news repeats its words)."""
    return parses(word)[0]


@lru_cache(maxsize=WORD_CACHE_SIZE)
def parses(word: str):
    """Every pymorphy3 parse of a word form, most probable first. One cache for `parse` too:
    most word forms are asked for both, and pymorphy3 would analyse them twice."""
    return tuple(morph().parse(word))


# ---------------------------------------------------------------- batched taggers

def by_length(items, size) -> list[int]:
    return sorted(range(len(items)), key=lambda i: (size(items[i]), i))


class LRU:
    """A bounded dict that forgets the least recently used key."""

    def __init__(self, size):
        self.size, self.data = size, OrderedDict()

    def get(self, key):
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key, value):
        self.data[key] = value
        self.data.move_to_end(key)
        while len(self.data) > self.size:
            self.data.popitem(last=False)


_NER_CACHE = LRU(NER_CACHE_SIZE)


def text_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", errors="surrogatepass"), digest_size=16).digest()


def ner_spans(texts: list[str]) -> list[tuple[tuple[int, int, str], ...]]:
    """(start, stop, type) of natasha's NER spans of each text, cached per text hash."""
    keys = [text_hash(t) for t in texts]
    out = [_NER_CACHE.get(k) for k in keys]
    todo = [i for i, spans in enumerate(out) if spans is None and texts[i].strip()]
    for i, spans in zip(todo, taggers().ner_spans(ner_tagger(), [texts[i] for i in todo])):
        out[i] = spans
        _NER_CACHE.put(keys[i], spans)
    return [spans or () for spans in out]


def morph_feats(sentences: list[list[str]]) -> list[list[Mapping]]:
    """natasha's morph features of each token of each word list, batched by length."""
    out = [None] * len(sentences)
    order = by_length(sentences, len)
    for i, feats in zip(order, taggers().morph_feats(morph_tagger(), [sentences[i] for i in order])):
        out[i] = feats
    return out
