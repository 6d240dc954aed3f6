"""natasha's NER and morph taggers (slovnet's numpy models) run faster, with the same floats.

`news_embedding()` loads what the taggers read of navec's news embedding (its product
quantisation tables), not the 500 k-word vocabulary nor the tables navec precomputes for word
similarity (26 MB), which natasha's NewsEmbedding also loads: 0.39 -> ~0.01 s a run.

`speed_up(tagger)` switches four parts of one loaded tagger (those objects alone, not slovnet's
classes, so natasha used elsewhere in the process is untouched):
- the CNN encoder, ~1.5x faster, computed channels-last (below);
- the navec embedding, ~7x faster: one `take` from the codebooks seen as one flat table, where
  slovnet indexes them with two arrays; the same numbers are gathered;
- the words' vocabulary and shape ids, cached per word form: both are pure functions of the word;
- the NER's Viterbi decoding makes its index grids once, not at every token, and follows the
  back-pointers in Python lists, not numpy scalars: ~1.5x faster, the same operations.

The encoder: slovnet keeps the activations channels-first (batch x channels x tokens). Each
convolution then copies them twice: `np.pad` transposes them, and its sliding windows, whose
innermost axis is the kernel (3 numbers), are gathered into the matrix of the product three
numbers at a time.
ReLU, batch norm and the padding mask each allocate a new array on top.

Here the activations stay batch x tokens x channels. The window matrix is filled one kernel
offset at a time (runs of whole channels). It holds exactly the numbers slovnet's has, in the
same order, and is multiplied by the same weights in one `np.matmul`, so every product is the
same BLAS call on the same operands. ReLU and batch norm run in place, as the same elementwise
operations in slovnet's order. Tags are therefore identical, not merely close
(tests/test_taggers.py compares them bit for bit).
"""
from collections import namedtuple
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import slovnet.token
from navec import Navec
from navec.navec import META, PQ_, Meta, Tar
from navec.pq import PQ
from slovnet.bio import bio_spans
from slovnet.chop import chop
from slovnet.conll import parse_conll_tag
from slovnet.exec.encoders import TagEncoder
from slovnet.exec.model import CRF, CNNEncoder, NavecEmbedding
from slovnet.shape import word_shape

from .nlp import WORD_CACHE_SIZE


SpanToken = namedtuple("SpanToken", "start stop")


class TablesOnlyPQ(PQ):
    def precompute(self):
        """navec precomputes norms and centroid products for `Navec.sim`; the taggers never ask."""


def news_embedding() -> Navec:
    """navec's news embedding as natasha's taggers read it (`tagger.navec(emb)`): its id and
    product quantisation tables; no vocabulary (the taggers have their own)."""
    from natasha.data import NEWS_EMBEDDING

    with Tar(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.load(META))
        Meta.check_protocol(meta.protocol)
        pq = TablesOnlyPQ.from_file(tar.load(PQ_))
    return Navec(meta, None, pq)


def im2col(x: np.ndarray, kernel_size: int, padding: int) -> np.ndarray:
    """(batch, tokens, channels) -> (batch * windows, channels * kernel_size), the matrix of a
    1-d convolution: row (b, w) holds x[b, w + k - padding, c] at column c * kernel_size + k
    (zero outside the tokens), the order of slovnet's `Conv1d` windows."""
    batch, tokens, channels = x.shape
    padded = np.zeros((batch, tokens + 2 * padding, channels), dtype=x.dtype)
    padded[:, padding:padding + tokens] = x
    windows = tokens + 2 * padding - kernel_size + 1
    cols = np.empty((batch, windows, channels, kernel_size), dtype=x.dtype)
    for k in range(kernel_size):
        cols[:, :, :, k] = padded[:, k:k + windows]
    return cols.reshape(batch * windows, channels * kernel_size)


def conv_relu_norm(layer, x: np.ndarray) -> np.ndarray:
    """One `CNNEncoderLayer` on (batch, tokens, channels) activations, returned the same way."""
    conv, norm = layer.conv, layer.norm
    filters, channels, kernel_size = conv.weight.shape
    batch = x.shape[0]
    weight = conv.weight.array.reshape(filters, channels * kernel_size)
    out = np.matmul(im2col(x, kernel_size, conv.padding), weight.T)
    out += conv.bias.array
    out = out.reshape(batch, -1, filters)
    out.clip(0, out=out)
    # batch norm as slovnet writes it: ((x - mean) / std) * weight + bias
    out -= norm.mean.array
    out /= norm.std.array
    out *= norm.weight.array
    out += norm.bias.array
    return out


class ChannelsLastCNNEncoder(CNNEncoder):
    def __call__(self, input, mask):
        x = input
        for layer in self.layers:
            x = conv_relu_norm(layer, x)
            x[mask] = 0  # padding tokens, as slovnet zeroes them after every layer
        return x


class FlatNavecEmbedding(NavecEmbedding):
    def __call__(self, input):
        qdim, centroids, chunk = self.codes.array.shape
        codebooks = self.codes.array.reshape(qdim * centroids, chunk)
        rows = self.indexes.array[input.ravel()].astype(np.intp)
        rows += np.arange(qdim) * centroids  # codebook q's centroid c is row q * centroids + c
        return codebooks.take(rows, axis=0).reshape(*input.shape, qdim * chunk)


class HoistedCRF(CRF):
    def decode(self, emissions, mask):
        """CRF.decode: each step's scores, arg-maxima and masking as slovnet computes them."""
        batch_size, seq_len, tags_num = emissions.shape
        emissions, mask = emissions.swapaxes(1, 0), mask.swapaxes(1, 0)
        batch_indexes, tags_indexes = np.indices((batch_size, tags_num))
        history, score = [], emissions[0]
        for index in range(1, seq_len):
            score_ = (score.reshape(batch_size, tags_num, 1) + self.transitions.array
                      + emissions[index].reshape(batch_size, 1, tags_num))
            indexes = score_.argmax(-2)
            score_ = score_[batch_indexes, indexes, tags_indexes]
            score = np.where(mask[index].reshape(batch_size, 1), score_, score)
            history.append(indexes)
        sizes = mask.sum(0) - 1
        steps = np.stack(history) if history else np.zeros((0, batch_size, tags_num), dtype=np.intp)
        batch = []
        for index in range(batch_size):
            best = score[index].argmax()
            tags = [best]
            for pointers in steps[:sizes[index], index][::-1].tolist():
                best = pointers[best]
                tags.append(best)
            tags.reverse()
            batch.append(np.array(tags))
        return batch


class CachedTagEncoder(TagEncoder):
    def item(self, words):
        # WordShapeEncoder.input makes an array of each: tuples do as lists
        word_ids, shape_ids = zip(*map(self.ids_of_word, words)) if words else ((), ())
        return word_ids, shape_ids


def _word_ids(encoder):
    """The word -> (vocabulary id, shape id) function of slovnet's TagEncoder.item, cached."""
    def ids(word):
        return encoder.words_vocab.encode(word.lower()), encoder.shapes_vocab.encode(word_shape(word))
    return lru_cache(maxsize=WORD_CACHE_SIZE)(ids)


def _switch(obj, base, faster):
    """obj's class to `faster` if it is exactly `base` (a class slovnet may change is left alone)."""
    if type(obj) is base:
        obj.__class__ = faster


def speed_up(tagger):
    """Switch a loaded natasha tagger (NER or morph) to the faster parts above. Returns it."""
    model, encoder = tagger.infer.model, tagger.infer.encoder
    _switch(model.encoder, CNNEncoder, ChannelsLastCNNEncoder)
    _switch(model.emb.word, NavecEmbedding, FlatNavecEmbedding)
    if hasattr(model.head, "crf"):  # the NER's
        _switch(model.head.crf, CRF, HoistedCRF)
    if type(encoder) is TagEncoder:
        encoder.ids_of_word = _word_ids(encoder)
        encoder.__class__ = CachedTagEncoder
    return tagger


# ---------------------------------------------------------------- results without markup objects
# natasha's `tagger.map` wraps every token in two layers of Record objects (slovnet's markup,
# then natasha's); the stages want only spans and feature dicts. These give what `map` gives,
# from the same encoder, model and decoder.

def ner_spans(tagger, texts: list[str]) -> list[tuple[tuple[int, int, str], ...]]:
    """(start, stop, type) of each text's spans, as `tagger.map(texts)` finds them. Texts of
    about as many tokens share a batch: less padding to compute (a text's tags do not depend
    on its batch: nlp's docstring)."""
    infer = tagger.infer
    # slovnet.token.tokenize_: razdel's tokenize, or what nlp.use_fast_tokenizer put there
    words = [[t.text for t in slovnet.token.tokenize_(text)] for text in texts]
    out = [()] * len(texts)
    for chunk in chop(sorted(range(len(texts)), key=lambda i: (len(words[i]), i)), tagger.batch_size):
        tags = infer.decoder(infer.process(infer.encoder([words[i] for i in chunk])))
        for i, ts in zip(chunk, tags):
            out[i] = tuple((s.start, s.stop, s.type) for s in bio_spans(found_tokens(texts[i], words[i]), ts))
    return out


def found_tokens(text: str, words: list[str]) -> list[SpanToken]:
    """slovnet's find_tokens: each word's place, searched after the one before."""
    out, offset = [], 0
    for w in words:
        start = text.find(w, offset)
        offset = start + len(w)
        out.append(SpanToken(start, offset))
    return out


def morph_feats(tagger, word_lists: list[list[str]]) -> list[list[Mapping]]:
    """Each word's morphological features, as `tagger.map(word_lists)` gives the tokens' `feats`
    (read-only: one mapping per distinct tag)."""
    infer = tagger.infer
    out = []
    for chunk in chop(word_lists, tagger.batch_size):
        out.extend([feats_of_tag(t) for t in tags] for tags in infer.decoder(infer.process(infer.encoder(chunk))))
    return out


@lru_cache(maxsize=None)  # the morph model's tags: a fixed vocabulary of a few hundred
def feats_of_tag(tag: str) -> Mapping:
    return MappingProxyType(parse_conll_tag(tag)[1])
