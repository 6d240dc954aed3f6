"""documents -> sentences, tokens: razdel's sentence and token boundaries with offsets."""
import pandas as pd
from .tokenizer import sentenize, tokenize

from . import io, schema


def paragraphs_of(text: str) -> list[tuple[int, str]]:
    """Lines of the cleaned text with their offsets: a headline or paragraph without a final
    stop is still a unit (razdel would glue 'Аким провел совещание\n\nВ работе...' into one)."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, line))
        start += len(line) + 1
    return out


def sentences_of(text: str) -> list[tuple[int, int, str]]:
    # razdel yields one empty sentence for '' and '   ': a document without words has none
    return [(offset + s.start, offset + s.stop, s.text)
            for offset, paragraph in paragraphs_of(text)
            for s in sentenize(paragraph) if s.text.strip()]


def tokens_of(sentence: str, offset: int) -> list[tuple[int, int, str]]:
    return [(offset + t.start, offset + t.stop, t.text) for t in tokenize(sentence)]


def segment(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences, tokens = [], []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        token_id = 0
        for sent_id, (start, stop, sent) in enumerate(sentences_of(text or "")):
            sentences.append({"doc_id": doc_id, "sent_id": sent_id, "start": start, "stop": stop, "text": sent})
            for t_start, t_stop, tok in tokens_of(sent, start):
                tokens.append({"doc_id": doc_id, "token_id": token_id, "sent_id": sent_id,
                               "start": t_start, "stop": t_stop, "text": tok})
                token_id += 1
    return io.frame(sentences, schema.SENTENCES), io.frame(tokens, schema.TOKENS)


INPUTS = ("documents",)
OUTPUTS = ("sentences", "tokens")


def apply(batch, context=None):
    sentences, tokens = segment(batch["documents"])
    return {"sentences": sentences, "tokens": tokens}
