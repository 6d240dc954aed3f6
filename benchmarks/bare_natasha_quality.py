"""Bare natasha as a quality yardstick: its PER and ORG spans, normalised by natasha itself, written
as people.parquet and organisations.parquet so ../shared/eval/score.py scores them like ours.

    python benchmarks/bare_natasha_quality.py --input seeds --output /tmp/bare/seeds
"""
import argparse
from pathlib import Path

import pandas as pd
from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

from pipeline import io


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    a = ap.parse_args()
    emb = NewsEmbedding()
    segmenter, morph, ner, vocab = Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb), MorphVocab()
    rows = {"PER": [], "ORG": []}
    for raw, _ in io.corpus_batches(a.input):
        for doc_id, text in zip(raw["doc_id"], raw["text"]):
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.tag_ner(ner)
            for span in doc.spans:
                if span.type in rows:
                    span.normalize(vocab)
                    rows[span.type].append({"doc_id": doc_id, "name": span.normal or span.text})
    out = Path(a.output)
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows["PER"], columns=["doc_id", "name"]).to_parquet(out / "people.parquet")
    pd.DataFrame(rows["ORG"], columns=["doc_id", "name"]).to_parquet(out / "organisations.parquet")


if __name__ == "__main__":
    main()
