"""documents -> mentions: one natasha NER pass per document, read by people, officials and organisations."""
import pandas as pd

from . import io, nlp, schema

RULE = "natasha.NewsNERTagger"


def mentions_of(text: str, spans=None) -> list[tuple[int, int, str, str]]:
    spans = nlp.ner_spans([text])[0] if spans is None else spans
    return [(start, stop, kind, text[start:stop]) for start, stop, kind in spans]


def mentions(documents: pd.DataFrame) -> pd.DataFrame:
    texts = [text or "" for text in documents["text"]]
    # one call for the batch: natasha tags texts of similar length together
    rows = [
        {"doc_id": doc_id, "start": start, "stop": stop, "type": kind, "text": span, "rule": RULE}
        for doc_id, text, spans in zip(documents["doc_id"], texts, nlp.ner_spans(texts))
        for start, stop, kind, span in mentions_of(text, spans)
    ]
    return io.frame(rows, schema.MENTIONS)


INPUTS = ("documents",)
OUTPUTS = ("mentions",)


def apply(batch, context=None):
    return {"mentions": mentions(batch["documents"])}
