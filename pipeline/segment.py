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
    # the tables are built column by column: a dict per token cost more than razdel itself
    sentences = {"doc_id": [], "sent_id": [], "start": [], "stop": [], "text": []}
    tokens = {"doc_id": [], "token_id": [], "sent_id": [], "start": [], "stop": [], "text": []}
    for doc_id, text in zip(documents["doc_id"].tolist(), documents["text"].tolist()):
        token_id = 0
        for sent_id, (start, stop, sent) in enumerate(sentences_of(text or "")):
            add_row(sentences, doc_id, sent_id, start, stop, sent)
            found = tokens_of(sent, start)
            n = len(found)
            tokens["doc_id"] += [doc_id] * n
            tokens["token_id"] += range(token_id, token_id + n)
            tokens["sent_id"] += [sent_id] * n
            for column, values in zip(("start", "stop", "text"), zip(*found)):
                tokens[column] += values
            token_id += n
    return table(sentences, schema.SENTENCES), table(tokens, schema.TOKENS)


def add_row(columns: dict, *values):
    for column, value in zip(columns.values(), values):
        column.append(value)


def table(columns: dict, schema_table) -> pd.DataFrame:
    """Columns (lists) -> the frame io.frame makes of the same rows."""
    return io.frame(columns if columns["doc_id"] else [], schema_table)


INPUTS = ("documents",)
OUTPUTS = ("sentences", "tokens")


def apply(batch, context=None):
    sentences, tokens = segment(batch["documents"])
    return {"sentences": sentences, "tokens": tokens}
