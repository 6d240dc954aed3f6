"""Heavy models, loaded once per process and shared by every stage that needs them."""
import os
from functools import lru_cache

# natasha's models are numpy: more than one BLAS thread per process only oversubscribes the cores
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=None)
def morph():
    try:
        import pymorphy3
    except ImportError as e:  # pragma: no cover - depends on the installation
        raise ModelMissing("pymorphy3 is not installed: run `make run` or `pip install -e .`") from e
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=None)
def ner_tagger():
    try:
        from natasha import NewsEmbedding, NewsNERTagger
    except ImportError as e:  # pragma: no cover
        raise ModelMissing("natasha is not installed: run `make run` or `pip install -e .`") from e
    return NewsNERTagger(NewsEmbedding())


@lru_cache(maxsize=200_000)
def parse(word: str):
    """The most probable pymorphy3 parse of a word form (cached: news repeats its words)."""
    return morph().parse(word)[0]


@lru_cache(maxsize=200_000)
def parses(word: str):
    return tuple(morph().parse(word))
