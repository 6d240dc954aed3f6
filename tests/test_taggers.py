"""natasha's taggers run by pipeline/taggers.py: the same numbers and tags as slovnet's own code.

Small hand-made cases for the window matrix, then each switched part against slovnet's on the
loaded models, bit for bit, and the NER spans and morph features against `tagger.map`.
"""
import numpy as np
import pytest
from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger
from slovnet.exec.encoders import TagEncoder
from slovnet.exec.model import CRF, CNNEncoder, NavecEmbedding

from pipeline import nlp, taggers


# ---------------------------------------------------------------- the window matrix

def test_im2col_kernel_3_padding_1():
    x = np.array([[[1, 10], [2, 20], [3, 30]]], dtype=np.float32)  # 1 text, 3 tokens, 2 channels
    expected = [  # row = a token's window; columns: channel 0 at offsets -1, 0, +1, then channel 1
        [0, 1, 2, 0, 10, 20],
        [1, 2, 3, 10, 20, 30],
        [2, 3, 0, 20, 30, 0],
    ]
    assert taggers.im2col(x, 3, 1).tolist() == expected


@pytest.mark.parametrize("kernel, padding, expected", [
    (1, 0, [[1], [2], [3]]),
    (2, 0, [[1, 2], [2, 3]]),
    (3, 0, [[1, 2, 3]]),
    (3, 2, [[0, 0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 0], [3, 0, 0]]),
    (5, 2, [[0, 0, 1, 2, 3]] + [[0, 1, 2, 3, 0]] + [[1, 2, 3, 0, 0]]),
])
def test_im2col_one_channel(kernel, padding, expected):
    x = np.array([[[1], [2], [3]]], dtype=np.float32)
    assert taggers.im2col(x, kernel, padding).tolist() == expected


def test_im2col_texts_of_a_batch_do_not_mix():
    x = np.array([[[1], [2]], [[7], [8]]], dtype=np.float32)
    assert taggers.im2col(x, 3, 1).tolist() == [[0, 1, 2], [1, 2, 0], [0, 7, 8], [7, 8, 0]]


# ---------------------------------------------------------------- against slovnet, bit for bit

@pytest.fixture(scope="module")
def plain():
    """natasha's taggers as natasha builds them, nothing switched."""
    emb = NewsEmbedding()
    return {"ner": NewsNERTagger(emb), "morph": NewsMorphTagger(emb)}


def same_bits(a, b) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()


def batches(dim, vocab_size=None):
    """Inputs of varied shapes: (batch, tokens) with padding at the ends of the shorter texts."""
    rng = np.random.default_rng(7)
    for batch, tokens in [(1, 1), (1, 5), (3, 2), (8, 37), (2, 300)]:
        lengths = rng.integers(1, tokens + 1, size=batch)
        lengths[0] = tokens
        mask = np.arange(tokens)[None, :] >= lengths[:, None]
        if vocab_size is None:
            yield rng.standard_normal((batch, tokens, dim)).astype(np.float32), mask
        else:
            yield rng.integers(0, vocab_size, size=(batch, tokens)), mask


def test_news_embedding_has_natashas_tables():
    lean, full = taggers.news_embedding(), NewsEmbedding()
    assert lean.meta.id == full.meta.id
    assert np.array_equal(lean.pq.indexes, full.pq.indexes) and np.array_equal(lean.pq.codes, full.pq.codes)
    assert not hasattr(lean.pq, "ab")  # the similarity tables were not computed


@pytest.mark.parametrize("name", ["ner", "morph"])
def test_encoder_gives_slovnets_floats(plain, name):
    encoder = plain[name].infer.model.encoder
    assert type(encoder) is CNNEncoder
    dim = encoder.layers[0].conv.weight.shape[1]
    for x, mask in batches(dim):
        assert same_bits(taggers.ChannelsLastCNNEncoder.__call__(encoder, x, mask), encoder(x, mask))


@pytest.mark.parametrize("name", ["ner", "morph"])
def test_embedding_gives_slovnets_floats(plain, name):
    emb = plain[name].infer.model.emb.word
    assert type(emb) is NavecEmbedding
    for ids, _ in batches(None, vocab_size=emb.indexes.array.shape[0]):
        assert same_bits(taggers.FlatNavecEmbedding.__call__(emb, ids), emb(ids))


def test_viterbi_decodes_as_slovnet(plain):
    crf = plain["ner"].infer.model.head.crf
    assert type(crf) is CRF
    tags = crf.transitions.array.shape[0]
    rng = np.random.default_rng(3)
    for batch, tokens in [(1, 1), (1, 2), (2, 3), (8, 37), (3, 400)]:
        emissions = rng.standard_normal((batch, tokens, tags)).astype(np.float32) * 3
        lengths = rng.integers(1, tokens + 1, size=batch)
        lengths[0] = tokens
        mask = np.arange(tokens)[None, :] < lengths[:, None]
        expected = crf.decode(emissions, mask)
        got = taggers.HoistedCRF.decode(crf, emissions, mask)
        assert [(t.dtype, t.tolist()) for t in got] == [(t.dtype, t.tolist()) for t in expected]
        assert [len(t) for t in got] == lengths.tolist()


@pytest.mark.parametrize("words", [
    ["Аким", "области", "Ерлан", "Сагинтаев", "."],
    ["ПРОКУРАТУРА", "г.", "Алматы", "—", "2024", "!"],
    ["Қазақстан", "Республикасының", "Sber", "iPhone", "№5", "..."],
    [],
])
def test_word_ids_as_slovnets_encoder(plain, words):
    encoder = plain["ner"].infer.encoder
    assert type(encoder) is TagEncoder
    ids = taggers._word_ids(encoder)
    got = taggers.CachedTagEncoder.item(type("E", (), {"ids_of_word": staticmethod(ids)})(), words)
    assert [list(x) for x in got] == [list(x) for x in encoder.item(words)]
    # what the model is given of them: the same arrays, of the same types
    for a, b in zip(encoder.input([got, got]), encoder.input([encoder.item(words)] * 2)):
        assert a.dtype == b.dtype and a.shape == b.shape and (a == b).all()


TEXTS = [
    "Аким Мангистауской области Нурлан Ногаев провёл совещание в Актау.",
    "Агентство по противодействию коррупции задержало главу ТОО «Нур-Строй» А.Б. Касымова.",
    "Ущерб составил 12,5 млн тенге. Дело направлено в суд Алматинского района г. Астаны.",
    "Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі Қарағанды облысында тексеру жүргізді.",
    "Министр здравоохранения РК Ажар Гиният и вице-министр встретились с представителями ВОЗ в Женеве",
    "!!! ... 2023-2024 гг., 15%, $100, e-mail: info@gov.kz",
    "Иванов",
    "Длинный текст. " * 120 + "Глава района Сергей Петров.",
]


def test_ner_spans_as_natasha(plain):
    tagger = nlp.ner_tagger()
    expected = [tuple((s.start, s.stop, s.type) for s in m.spans) for m in plain["ner"].map(TEXTS)]
    assert taggers.ner_spans(tagger, TEXTS) == expected
    assert any(expected), "the model finds names in these texts"


def test_a_texts_spans_do_not_depend_on_its_batch():
    tagger = nlp.ner_tagger()
    together = taggers.ner_spans(tagger, TEXTS + TEXTS[::-1])
    assert together == [taggers.ner_spans(tagger, [t])[0] for t in TEXTS + TEXTS[::-1]]


def test_ner_spans_of_a_name_and_a_place():
    text = "Аким Мангистауской области Нурлан Ногаев провёл совещание в Актау."
    (spans,) = taggers.ner_spans(nlp.ner_tagger(), [text])
    spans = {(text[a:b], t) for a, b, t in spans}
    assert ("Нурлан Ногаев", "PER") in spans
    assert ("Актау", "LOC") in spans


def test_morph_feats_as_natasha(plain):
    words = [t.split() for t in TEXTS[:5]] + [["Ногаевым"], ["в", "Актау", ",", "с", "акимом", "Иваном", "Петровым"]]
    expected = [[dict(t.feats) for t in m.tokens] for m in plain["morph"].map(words)]
    got = taggers.morph_feats(nlp.morph_tagger(), words)
    assert [[dict(f) for f in fs] for fs in got] == expected
    assert got[6][5]["Case"] == "Ins"


def test_morph_feats_cannot_be_changed_by_a_caller():
    (feats,) = taggers.morph_feats(nlp.morph_tagger(), [["Иваном"]])
    with pytest.raises(TypeError):
        feats[0]["Case"] = "Nom"


def test_speed_up_switches_that_tagger_only(plain):
    tagger = nlp.ner_tagger()
    assert type(tagger.infer.model.encoder) is taggers.ChannelsLastCNNEncoder
    assert type(tagger.infer.model.emb.word) is taggers.FlatNavecEmbedding
    assert type(tagger.infer.encoder) is taggers.CachedTagEncoder
    assert type(tagger.infer.model.head.crf) is taggers.HoistedCRF
    assert type(plain["ner"].infer.model.encoder) is CNNEncoder  # another instance keeps slovnet's
    assert CNNEncoder.__call__ is not taggers.ChannelsLastCNNEncoder.__call__
