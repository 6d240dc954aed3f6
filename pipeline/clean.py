"""raw -> documents, boilerplate: site chrome removed, metadata lifted into columns. (first cut)"""
import pandas as pd

from . import io, schema


def profile(raw_batches) -> dict:
    for _ in raw_batches:
        pass
    return {}


INPUTS = ("raw",)
OUTPUTS = ("documents", "boilerplate")


def apply(batch, context=None):
    raw = batch["raw"]
    docs = [{"doc_id": r.doc_id, "title": r.title, "published": None, "text": (r.text or "").strip(),
             "encoding": r.encoding, "language": "ru"} for r in raw.itertuples()]
    return {"documents": io.frame(docs, schema.DOCUMENTS), "boilerplate": io.frame([], schema.BOILERPLATE)}
