"""documents -> mentions: one natasha NER pass per document, read by people, officials and organisations."""
import pandas as pd

from . import io, nlp, schema

RULE = "natasha.NewsNERTagger"


def mentions_of(text: str) -> list[tuple[int, int, str, str]]:
    if not text.strip():
        return []
    markup = nlp.ner_tagger()(text)
    return [(s.start, s.stop, s.type, text[s.start:s.stop]) for s in markup.spans]


def mentions(documents: pd.DataFrame) -> pd.DataFrame:
    rows = [
        {"doc_id": doc_id, "start": start, "stop": stop, "type": kind, "text": span, "rule": RULE}
        for doc_id, text in zip(documents["doc_id"], documents["text"])
        for start, stop, kind, span in mentions_of(text or "")
    ]
    return io.frame(rows, schema.MENTIONS)


INPUTS = ("documents",)
OUTPUTS = ("mentions",)


def apply(batch, context=None):
    return {"mentions": mentions(batch["documents"])}
