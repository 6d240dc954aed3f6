"""PullEnti 4.1 on a corpus -> people, organisations and officials Parquet tables that
../shared/eval/score.py scores like ours (issue 5: "above PullEnti on the same texts").

PullEnti is a benchmark-only dependency, not part of the pipeline: install it into the venv by hand,

    .venv/bin/pip install pullenti==4.1

and run

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/pullenti_officials.py --input seeds --output /tmp/pullenti_seeds
    .venv/bin/python ../shared/eval/score.py --gold ../shared/eval/seeds-gold.jsonl --outputs /tmp/pullenti_seeds

The input is read with the pipeline's own reader (`pipeline.io.corpus_batches`), so any corpus
the pipeline takes works. Conversion of PullEnti's referents:
- people.parquet: every PERSON referent, name "Имя Фамилия" from FIRSTNAME / LASTNAME
  (title case; a person with only one of them keeps that one).
- organisations.parquet: every ORGANIZATION referent, as PullEnti prints it (`str(referent)`:
  its type and name, its higher body, its place).
- officials.parquet: one row per ATTRIBUTE slot (a PERSONPROPERTY referent) of a PERSON:
  position = the post: its NAME, its ATTR slots, the TYPE and NAME of the body its REF slot
  points to (not that body's higher body nor place), the places it REFs, and the same for its
  HIGHER post (`--full-position`: the body as PullEnti prints it whole; scores lower);
  organisation = the first ORGANIZATION a REF slot points to (else that of the HIGHER post),
  region = a region of Kazakhstan named by a REF'd place or the organisation, normalised with
  the pipeline's region vocabulary (`pipeline.regions.canonical`).
Characters past U+FFFF (emoji), which PullEnti's tables cannot take, become spaces; a document
PullEnti still fails on gets no rows and is counted. Prints one JSON line: documents, failures,
seconds for initialisation and for processing, articles/second.
"""
import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from pipeline import io, regions  # noqa: E402

OFFICIAL_COLUMNS = ["doc_id", "name", "position", "organisation", "region"]


def initial(x):
    return x and (len(x.rstrip(".")) == 1)


def person_name(p):
    first = p.get_string_value("FIRSTNAME")
    middle = p.get_string_value("MIDDLENAME")
    last = p.get_string_value("LASTNAME")
    if initial(first):  # "Сейтказиеву Б.К." -> "Б. К. Сейтказиев": keep every initial
        first = first.rstrip(".") + "." + (" " + middle.rstrip(".") + "." if initial(middle) else "")
    parts = [x for x in (first, last) if x]
    if not parts:
        parts = [x for x in (p.get_string_value("IDENTITY"), p.get_string_value("NICKNAME")) if x]
    return " ".join(w.capitalize() if not w.endswith(".") else w for x in parts for w in x.split()) or None


def ref_values(r, attr):
    return [s.value for s in r.slots if s.type_name == attr and s.value is not None]


def org_words(org, full):
    """An organisation as words of a post: all PullEnti prints (`full`), or its own type and name."""
    if full:
        return str(org)
    types = org.get_string_values("TYPE")[:1]
    names = org.get_string_values("NAME")[:1]
    return " ".join(types + names)


def post_parts(prop, full=False, seen=None):
    """The post's words, its organisation and its places, following HIGHER posts."""
    seen = seen or set()
    if id(prop) in seen or len(seen) > 10:
        return [], None, []
    seen.add(id(prop))
    words = [prop.get_string_value("NAME") or ""]
    words += [str(v) for v in ref_values(prop, "ATTR")]
    org, places = None, []
    for v in ref_values(prop, "REF"):
        if getattr(v, "type_name", None) == "ORGANIZATION":
            org = org or v
            words.append(org_words(v, full))
        else:
            if getattr(v, "type_name", None) == "GEO":
                places.append(v)
            words.append(str(v))
    for hi in ref_values(prop, "HIGHER"):
        if getattr(hi, "type_name", None) == "PERSONPROPERTY":
            w, o, pl = post_parts(hi, full, seen)
            words += w
            org = org or o
            places += pl
    return words, org, places


def clean(s):
    return " ".join(s.replace(";", " ").replace(",", " ").split())


def region_of(org, places):
    candidates = [str(p) for p in places]
    if org is not None:
        candidates.append(str(org))
        candidates += [str(g) for g in ref_values(org, "GEO")]
    for c in candidates:
        r = regions.canonical(c)
        if r:
            return r
    return None


def convert(doc_id, result, full=False):
    people, orgs, officials = [], [], []
    for e in result.entities:
        t = e.type_name
        if t == "ORGANIZATION":
            orgs.append({"doc_id": doc_id, "name": clean(str(e))})
        elif t == "PERSON":
            name = person_name(e)
            if not name:
                continue
            people.append({"doc_id": doc_id, "name": name})
            for prop in ref_values(e, "ATTRIBUTE"):
                if getattr(prop, "type_name", None) != "PERSONPROPERTY":
                    continue
                words, org, places = post_parts(prop, full)
                position = clean(" ".join(words))
                if not position:
                    continue
                officials.append({
                    "doc_id": doc_id, "name": name, "position": position,
                    "organisation": clean(str(org)) if org is not None else None,
                    "region": region_of(org, places),
                })
    return people, orgs, officials


def write(rows, columns, path):
    table = pa.Table.from_pylist(rows, schema=pa.schema([(c, pa.string()) for c in columns]))
    pq.write_table(table, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--full-position", action="store_true",
                    help="put the whole printed organisation (higher body, place) into position "
                         "(scores lower: positions grow past what score.py accepts)")
    a = ap.parse_args(argv)
    started = time.perf_counter()
    warnings.filterwarnings("ignore")
    from pullenti.Sdk import Sdk
    from pullenti.ner.ProcessorService import ProcessorService
    from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis
    Sdk.initialize_all()
    processor = ProcessorService.create_processor()
    ready = time.perf_counter()
    people, orgs, officials, docs, failed = [], [], [], 0, 0
    for raw, _rejects in io.corpus_batches(a.input):
        for doc_id, text in zip(raw["doc_id"], raw["text"]):
            docs += 1
            # PullEnti's character table stops at U+FFFF: an emoji would crash it
            text = "".join(c if ord(c) <= 0xFFFF else " " for c in text or "")
            try:
                result = processor.process(SourceOfAnalysis(text))
            except Exception as exc:  # noqa: BLE001 - one failed document is a row-less document
                failed += 1
                print(f"{doc_id}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            p, o, f = convert(doc_id, result, a.full_position)
            people += p
            orgs += o
            officials += f
    done = time.perf_counter()
    out = Path(a.output)
    out.mkdir(parents=True, exist_ok=True)
    write(people, ["doc_id", "name"], out / "people.parquet")
    write(orgs, ["doc_id", "name"], out / "organisations.parquet")
    write(officials, OFFICIAL_COLUMNS, out / "officials.parquet")
    print(json.dumps({
        "docs": docs, "failed": failed, "init_s": round(ready - started, 2), "process_s": round(done - ready, 2),
        "wall_s": round(done - started, 2),
        "docs_per_s": round(docs / (done - started), 3) if docs else None,
        "docs_per_s_after_init": round(docs / (done - ready), 3) if docs and done > ready else None,
        "people": len(people), "organisations": len(orgs), "officials": len(officials),
    }))


if __name__ == "__main__":
    main()
