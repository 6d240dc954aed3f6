"""segment: razdel sentence and token boundaries, offsets into the document text."""
import pandas as pd
import pytest

from pipeline.segment import segment, sentences_of, tokens_of

# text -> sentences, '|' between them
SENTENCES = [
    # plain
    ("Аким выступил. Депутаты согласились.", "Аким выступил.|Депутаты согласились."),
    ("Один. Два! Три?", "Один.|Два!|Три?"),
    # abbreviations and initials do not end a sentence
    ("Выступил А. Сейтов, аким района.", "Выступил А. Сейтов, аким района."),
    ("Встреча с Т.К. Сарбасовым прошла.", "Встреча с Т.К. Сарбасовым прошла."),
    ("Изъято 5 тыс. тенге и т. д. Проверка идет.", "Изъято 5 тыс. тенге и т. д.|Проверка идет."),
    # quotes and dashes
    ("«Мы победим», — сказал он. Зал встал.", "«Мы победим», — сказал он.|Зал встал."),
    # a headline or paragraph without a final stop is a sentence of its own
    ("Аким провел совещание\n\nВ работе приняли участие депутаты.", "Аким провел совещание|В работе приняли участие депутаты."),
    ("Первая строка\nвторая строка.", "Первая строка|вторая строка."),
    # empty documents: razdel yields one empty sentence for '' and '   ', we yield none
    ("", ""),
    ("   ", ""),
    ("\n\n", ""),
    # Kazakh words
    ("Жоба «Жасыл өңір» басталды. Келесі сөйлем.", "Жоба «Жасыл өңір» басталды.|Келесі сөйлем."),
]


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_sentences(text, expected):
    assert "|".join(s for _, _, s in sentences_of(text)) == expected


# sentence -> tokens, '|' between them
TOKENS = [
    ("350 млн тенге", "350|млн|тенге"),
    ("Нур-Султан", "Нур-Султан"),
    ("РОО \"БОЛАШАҚ\"", "РОО|\"|БОЛАШАҚ|\""),
    ("школа №1", "школа|№|1"),
    ("14:40", "14|:|40"),  # razdel splits times; figures must not read them as numbers
    ("2023–2027 годы", "2023–2027|годы"),
    ("3,6 млрд", "3,6|млрд"),
]


@pytest.mark.parametrize("text, expected", TOKENS)
def test_tokens(text, expected):
    assert "|".join(t for _, _, t in tokens_of(text, 0)) == expected


def test_offsets_index_the_document_text():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Первое. Второе предложение!", "  Отступ  в начале. И конец"]})
    sentences, tokens = segment(docs)
    texts = dict(zip(docs.doc_id, docs.text))
    for row in sentences.itertuples():
        assert texts[row.doc_id][row.start:row.stop] == row.text
    for row in tokens.itertuples():
        assert texts[row.doc_id][row.start:row.stop] == row.text
    assert list(tokens[tokens.doc_id == "a"].token_id) == list(range(5))
    assert list(sentences.sent_id) == [0, 1, 0, 1]


def test_segment_frames_as_from_rows():
    """The columns built at once make the frames a dict per row made."""
    from pipeline import io, schema
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Аким выступил. Зал встал.", "", "Один\n\nДва."]})
    sentences, tokens = segment(docs)
    rows_s, rows_t = [], []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        token_id = 0
        for sent_id, (start, stop, sent) in enumerate(sentences_of(text)):
            rows_s.append({"doc_id": doc_id, "sent_id": sent_id, "start": start, "stop": stop, "text": sent})
            for t_start, t_stop, tok in tokens_of(sent, start):
                rows_t.append({"doc_id": doc_id, "token_id": token_id, "sent_id": sent_id, "start": t_start, "stop": t_stop, "text": tok})
                token_id += 1
    pd.testing.assert_frame_equal(sentences, io.frame(rows_s, schema.SENTENCES))
    pd.testing.assert_frame_equal(tokens, io.frame(rows_t, schema.TOKENS))
    empty = segment(docs.iloc[:0])
    pd.testing.assert_frame_equal(empty[1], io.frame([], schema.TOKENS))
