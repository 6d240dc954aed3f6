"""mentions -> people (first cut, to be replaced): natasha PER spans, each word put in the nominative."""
from . import io, nlp, schema

INPUTS = ("mentions",)
OUTPUTS = ("people",)


def nominative(word: str) -> str:
    p = nlp.parse(word)
    form = p.inflect({"nomn"}) if {"Name", "Surn", "Patr"} & set(p.tag.grammemes) else None
    return form.word.capitalize() if form else word


def people(mentions):
    rows = []
    for m in mentions[mentions["type"] == "PER"].itertuples():
        name = " ".join(nominative(w) for w in m.text.split())
        rows.append({"doc_id": m.doc_id, "person_id": f"{m.doc_id}:{name}", "name": name, "role": "participant",
                     "start": m.start, "stop": m.stop, "text": m.text, "rule": "natasha.per"})
    return io.frame(rows, schema.PEOPLE)


def apply(batch, context=None):
    return {"people": people(batch["mentions"])}
