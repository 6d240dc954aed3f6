"""The chain: stage modules in order, and how one batch of documents goes through them.

Every stage module declares INPUTS and OUTPUTS (table names) and a pure
`apply(batch: dict[str, DataFrame], context) -> dict[str, DataFrame]`.

`run_chain` guarantees what the tables promise whatever a stage does: a stage that raises,
returns a table that does not fit its schema, or rows whose offsets do not index the text,
costs the documents concerned (filed in rejects with a `failed:` reason), never the batch;
a document a stage drops is filed as `dropped:`. Only a missing model stops the run.
"""
import traceback
from collections.abc import Hashable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import (clean, events, figures, io, lemmatize, ner, nlp, officials, organisations, people,
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


def checked_apply(stage, batch, context, arrow=None) -> dict:
    """stage.apply, its outputs checked against their schemas (a bad column fails here, not at
    write). The Arrow tables the check makes go into `arrow`, when given, to be written as they are."""
    outputs = stage.apply(batch, context)
    tables = {t: io.to_arrow(outputs[t], schema.TABLES[t]) for t in stage.OUTPUTS}
    if arrow is not None:
        arrow.update(tables)
    return {t: outputs[t] for t in stage.OUTPUTS}


def failure(e: Exception) -> str:
    where = traceback.extract_tb(e.__traceback__)[-1]
    return f"failed: {type(e).__name__}: {e} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})"


def apply_safely(name, batch, context, arrow=None):
    """Runs a stage on a batch; if it fails, runs it document by document and rejects the failures.

    Returns (outputs, rejects DataFrame): one broken document never stops the corpus.
    A missing model or package is not the document's fault: it stops the run (ModelMissing).
    `arrow`, when given, receives the outputs as Arrow tables (not when documents were rejected).
    """
    stage = STAGES[name]
    try:
        return checked_apply(stage, batch, context, arrow), io.frame([], schema.REJECTS)
    except (nlp.ModelMissing, ImportError) as e:
        raise model_missing(e) from e
    except Exception:
        pass
    parts, rejects = [], []
    for doc_id in doc_ids(batch):
        try:
            parts.append(checked_apply(stage, only(batch, doc_id), context))
        except (nlp.ModelMissing, ImportError) as e:
            raise model_missing(e) from e
        except Exception as e:
            rejects.append(io.reject(doc_id, name, failure(e)))
    outputs = {t: concat([p[t] for p in parts], schema.TABLES[t]) for t in stage.OUTPUTS}
    return outputs, io.frame(rejects, schema.REJECTS)


def model_missing(e: Exception) -> nlp.ModelMissing:
    if isinstance(e, nlp.ModelMissing):
        return e
    return nlp.ModelMissing(f"{e.name or e} is not installed: run `make install` or `pip install -e .`")


def concat(frames, table):
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else io.frame([], table)


# ---------------------------------------------------------------- guarantees

def text_source(table) -> str:
    """The table whose texts a table's offsets index: raw text for boilerplate, documents.text otherwise."""
    return "raw" if table == "boilerplate" else "documents"


def texts_of(batch, table):
    """doc_id -> the text a table's offsets index (text_source)."""
    source = batch.get(text_source(table))
    if source is None:
        return None
    return {d: t if isinstance(t, str) else "" for d, t in zip(source["doc_id"].tolist(), source["text"].tolist())}


def bad_offsets(df: pd.DataFrame, texts: dict) -> pd.Series:
    """Rows whose start/stop are not 0 <= start <= stop <= len(text) of their document."""
    start = pd.to_numeric(df["start"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    stop = pd.to_numeric(df["stop"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    # NaN compares False: a missing offset is bad; a document without a text gets -1 (every row bad)
    ok = (start >= 0) & (start <= stop) & (stop <= text_lengths(df["doc_id"], texts))
    return pd.Series(~ok, index=df.index)


def text_lengths(doc_ids: pd.Series, texts: dict) -> np.ndarray:
    """len(texts[doc_id]) of each row, -1 where there is none."""
    lengths = np.array([len(t) for t in texts.values()] + [-1], dtype=np.int64)
    try:
        # at C speed, ~10x a pandas map over the token rows of a batch
        found = pc.index_in(pa.array(doc_ids, pa.string()), value_set=pa.array(list(texts), pa.string()))
    except (pa.ArrowException, TypeError, ValueError):  # an id that is no string: looked up one by one
        positions = {d: i for i, d in enumerate(texts)}
        return lengths[[positions.get(d, -1) if isinstance(d, Hashable) else -1 for d in doc_ids.tolist()]]
    return lengths[found.fill_null(-1).to_numpy()]


def keep_good_offsets(name, outputs, batch, arrow=None):
    """Drops rows whose offsets do not index their text, and a `failed:` reject per document
    (and the Arrow copy of a table that lost rows, which is then made again)."""
    rejects, texts_by_source = [], {}  # the texts of raw and of documents, each read once
    for t, df in outputs.items():
        if not {"doc_id", "start", "stop"} <= set(df.columns) or not len(df):
            continue
        source = text_source(t)
        if source not in texts_by_source:
            texts_by_source[source] = texts_of({**batch, **outputs}, t)
        texts = texts_by_source[source]
        bad = bad_offsets(df, texts) if texts is not None else None
        if bad is not None and bad.any():
            for doc_id, n in df.loc[bad, "doc_id"].value_counts(sort=False).items():
                rejects.append(io.reject(doc_id, name, f"failed: {n} {t} rows with offsets outside the text (dropped)"))
            outputs[t] = df[~bad].reset_index(drop=True)
            if arrow is not None:
                arrow.pop(t, None)
    return rejects


def dropped(name, before: list, outputs, rejected) -> list:
    """Documents a stage's `documents` output left out without saying why."""
    if "documents" not in outputs:
        return []
    kept = set(outputs["documents"]["doc_id"]) | set(rejected)
    return [io.reject(d, name, f"dropped: {name} kept no document for it") for d in before if d not in kept]


def run_chain(batch, context, names=tuple(STAGES), arrow=False):
    """One batch through the named stages, in order. Returns every table produced, rejects included.

    `arrow=True`: the named stages' outputs come back as the Arrow tables the schema check
    made (what a worker sends to the writer: no second conversion, cheaper to pickle);
    rejects stay a DataFrame.
    """
    batch = dict(batch)
    all_rejects = [batch.pop("rejects")] if "rejects" in batch else []
    converted = {} if arrow else None
    for name in names:
        before = doc_ids(batch)
        outputs, rejects = apply_safely(name, batch, context, converted)
        more = keep_good_offsets(name, outputs, batch, converted)
        more += dropped(name, before, outputs, rejects["doc_id"])
        batch.update(outputs)
        all_rejects += [rejects, io.frame(more, schema.REJECTS)]
    batch["rejects"] = concat(all_rejects, schema.REJECTS)
    if arrow:
        for t in outputs_of(names):
            batch[t] = converted[t] if t in converted else io.to_arrow(batch[t], schema.TABLES[t])
    return batch
