"""The chain: stage modules in order, and how one batch of documents goes through them.

Every stage module declares INPUTS and OUTPUTS (table names) and a pure
`apply(batch: dict[str, DataFrame], context) -> dict[str, DataFrame]`.
"""
import traceback

import pandas as pd

from . import (clean, events, figures, io, lemmatize, ner, officials, organisations, people,
               programmes, schema, segment)

STAGES = {
    "clean": clean,
    "segment": segment,
    "lemmatize": lemmatize,
    "ner": ner,
    "people": people,
    "officials": officials,
    "organisations": organisations,
    "programmes": programmes,
    "figures": figures,
    "events": events,
}


def outputs_of(names):
    return [t for n in names for t in STAGES[n].OUTPUTS]


def doc_ids(batch) -> list:
    frame = batch.get("documents", batch.get("raw"))
    return list(frame["doc_id"]) if frame is not None else []


def only(batch, doc_id):
    return {name: df[df["doc_id"] == doc_id] if "doc_id" in df else df for name, df in batch.items()}


def apply_safely(name, batch, context):
    """Runs a stage on a batch; if it fails, runs it document by document and rejects the failures.

    Returns (outputs, rejects DataFrame): one broken document never stops the corpus.
    """
    stage = STAGES[name]
    try:
        return stage.apply(batch, context), io.frame([], schema.REJECTS)
    except Exception:
        pass
    parts, rejects = [], []
    for doc_id in doc_ids(batch):
        try:
            parts.append(stage.apply(only(batch, doc_id), context))
        except Exception as e:
            where = traceback.extract_tb(e.__traceback__)[-1]
            rejects.append(io.reject(doc_id, name, f"{type(e).__name__}: {e} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})"))
    outputs = {t: pd.concat([p[t] for p in parts], ignore_index=True) if parts
               else io.frame([], schema.TABLES[t]) for t in stage.OUTPUTS}
    return outputs, io.frame(rejects, schema.REJECTS)


def run_chain(batch, context, names=tuple(STAGES)):
    """One batch through the named stages, in order. Returns every table produced, rejects included."""
    batch = dict(batch)
    all_rejects = [batch.pop("rejects")] if "rejects" in batch else []
    for name in names:
        outputs, rejects = apply_safely(name, batch, context)
        batch.update(outputs)
        all_rejects.append(rejects)
    batch["rejects"] = pd.concat(all_rejects, ignore_index=True) if all_rejects else io.frame([], schema.REJECTS)
    return batch
