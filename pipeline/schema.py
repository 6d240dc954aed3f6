"""Every Parquet table of the pipeline, declared once: columns, types, grain and key.

Conventions shared by all tables:
- `doc_id` is the document's id as given by the input (file stem, or the `doc_id` column).
- `start`, `stop` are character offsets into `documents.text` (the cleaned body), except in
  `boilerplate`, whose offsets index the raw input text.
- `rule` names the rule or model that produced a row, so a debug run can say who decided.
"""
from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = "1.0"

STR = pa.string()
INT = pa.int32()


@dataclass(frozen=True)
class Table:
    name: str
    grain: str
    key: tuple
    schema: pa.Schema


def table(name, grain, key, *fields):
    return Table(name, grain, tuple(key), pa.schema(list(fields)))


RAW = table(
    "raw", "one row per input document, before cleaning (internal, never written)", ["doc_id"],
    ("doc_id", STR), ("text", STR), ("title", STR), ("published", STR), ("url", STR),
    ("source_path", STR), ("encoding", STR),
)

DOCUMENTS = table(
    "documents", "one row per kept document", ["doc_id"],
    ("doc_id", STR), ("title", STR), ("published", pa.date32()), ("source", STR), ("url", STR),
    ("language", STR), ("encoding", STR), ("text", STR),
)

BOILERPLATE = table(
    "boilerplate", "one row per piece of site chrome removed from a raw document", ["doc_id", "start"],
    ("doc_id", STR), ("start", INT), ("stop", INT), ("text", STR), ("rule", STR),
)

REJECTS = table(
    "rejects", "one row per input or document a stage skipped or degraded", ["doc_id", "stage"],
    ("doc_id", STR), ("stage", STR), ("reason", STR),
)

SENTENCES = table(
    "sentences", "one row per sentence (razdel)", ["doc_id", "sent_id"],
    ("doc_id", STR), ("sent_id", INT), ("start", INT), ("stop", INT), ("text", STR),
)

TOKENS = table(
    "tokens", "one row per token (razdel)", ["doc_id", "token_id"],
    ("doc_id", STR), ("token_id", INT), ("sent_id", INT), ("start", INT), ("stop", INT), ("text", STR),
)

LEMMAS = table(
    "lemmas", "one row per token: its most probable pymorphy3 parse", ["doc_id", "token_id"],
    ("doc_id", STR), ("token_id", INT), ("lemma", STR), ("pos", STR), ("tag", STR),
)

MENTIONS = table(
    "mentions", "one row per natasha NER span (shared by people, officials, organisations)",
    ["doc_id", "start"],
    ("doc_id", STR), ("start", INT), ("stop", INT), ("type", STR), ("text", STR), ("rule", STR),
)

PEOPLE = table(
    "people", "one row per mention of a person", ["doc_id", "start"],
    ("doc_id", STR), ("person_id", STR), ("name", STR), ("role", STR),
    ("start", INT), ("stop", INT), ("text", STR), ("rule", STR),
)

EPONYMS = table(
    "eponyms", "one row per mention of an institution's namesake ('школа имени ...'): not a person of the event",
    ["doc_id", "start"], *PEOPLE.schema,
)

OFFICIALS = table(
    "officials", "one row per official (named person holding a post) per document", ["doc_id", "name", "position"],
    ("doc_id", STR), ("person_id", STR), ("name", STR), ("position", STR), ("organisation", STR),
    ("region", STR), ("start", INT), ("stop", INT), ("text", STR), ("rule", STR),
)

ORGANISATIONS = table(
    "organisations", "one row per mention of an organisation", ["doc_id", "start"],
    ("doc_id", STR), ("org_id", STR), ("name", STR), ("kind", STR), ("region", STR),
    ("start", INT), ("stop", INT), ("text", STR), ("rule", STR),
)

PROGRAMMES = table(
    "programmes", "one row per mention of a named programme, project, campaign or plan", ["doc_id", "start"],
    ("doc_id", STR), ("name", STR), ("kind", STR), ("start", INT), ("stop", INT), ("text", STR),
    ("rule", STR),
)

FIGURES = table(
    "figures", "one row per reported figure (a number and what it counts)", ["doc_id", "start"],
    ("doc_id", STR), ("value", pa.float64()), ("unit", STR), ("qualifier", STR), ("counted", STR),
    ("start", INT), ("stop", INT), ("text", STR), ("rule", STR),
)

OFFICIAL_STRUCT = pa.struct([("name", STR), ("position", STR), ("organisation", STR), ("region", STR)])
PROGRAMME_STRUCT = pa.struct([("name", STR), ("kind", STR)])
FIGURE_STRUCT = pa.struct([("value", pa.float64()), ("unit", STR), ("text", STR)])

EVENTS = table(
    "events", "one row per reported event (normally one per document)", ["event_id"],
    ("event_id", STR), ("doc_id", STR), ("title", STR), ("date", pa.date32()), ("date_source", STR),
    ("region", STR), ("event_type", STR), ("organiser", STR),
    ("officials", pa.list_(OFFICIAL_STRUCT)), ("people", pa.list_(STR)),
    ("organisations", pa.list_(STR)), ("programmes", pa.list_(PROGRAMME_STRUCT)),
    ("figures", pa.list_(FIGURE_STRUCT)),
)

EVENT_OFFICIALS = table(
    "event_officials", "one row per event x official (flat companion of events)", ["event_id", "name"],
    ("event_id", STR), ("doc_id", STR), ("date", pa.date32()), ("region", STR), ("event_type", STR),
    ("name", STR), ("position", STR), ("organisation", STR), ("official_region", STR),
)

TABLES = {t.name: t for t in [
    DOCUMENTS, BOILERPLATE, REJECTS, SENTENCES, TOKENS, LEMMAS, MENTIONS, PEOPLE, EPONYMS, OFFICIALS,
    ORGANISATIONS, PROGRAMMES, FIGURES, EVENTS, EVENT_OFFICIALS,
]}
