"""figures against NEREL dev: the share of MONEY and PERCENT entities found with the right value.

NEREL is general Russian news, not Kazakh anti-corruption reports: it guards the figures rules
against fitting the seeds. The expected value is read from the entity's own text by a reader
independent of pipeline.figures (first number times its multiplier word).
"""
import json
import re
from pathlib import Path

import pytest

from pipeline.figures import figures_in

NEREL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "nerel-dev.jsonl"
BAR = 0.9
MULTIPLIERS = [("трлн", 1e12), ("триллион", 1e12), ("млрд", 1e9), ("миллиард", 1e9),
               ("млн", 1e6), ("миллион", 1e6), ("тыс", 1e3)]


def expected_value(entity: str) -> float | None:
    m = re.search(r"\d[\d\s\u00a0]*(?:[.,]\d+)?", entity)
    if m is None:
        return None
    value = float(re.sub(r"\s", "", m.group()).replace(",", "."))
    rest = entity[m.end():].lower()
    return value * next((f for stem, f in MULTIPLIERS if stem in rest), 1.0)


def same(a, b) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


def entity_results():
    """(entity text, found?) for every MONEY and PERCENT entity of NEREL dev."""
    results = []
    for line in NEREL.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        entities = [e for e in doc["entities"] if e["type"] in {"MONEY", "PERCENT"}]
        if not entities:
            continue
        found = figures_in(doc["text"])
        for e in entities:
            want = expected_value(e["text"])
            hit = want is not None and any(
                f.start < e["stop"] and e["start"] < f.stop and same(f.value, want) for f in found)
            results.append((e["text"], hit))
    return results


# the independent reader itself: entity text -> value
EXPECTED = [
    ("8,1 млн долларов", 8.1e6),
    ("$27.5 млн", 27.5e6),
    ("более 45 тысяч рублей", 45e3),
    ("65\u00a0%", 65.0),
    ("5000 рублей", 5000.0),
    ("3,04\u00a0млрд долларов США", 3.04e9),
]


@pytest.mark.parametrize("text, value", EXPECTED)
def test_expected_value(text, value):
    assert same(expected_value(text), value)


@pytest.mark.skipif(not NEREL.exists(), reason="shared/eval/nerel-dev.jsonl is not beside the project")
def test_nerel_money_and_percent_found(capsys):
    results = entity_results()
    share = sum(hit for _, hit in results) / len(results)
    missed = [text for text, hit in results if not hit]
    with capsys.disabled():
        print(f"\nNEREL dev MONEY+PERCENT found with the right value: {share:.3f} of {len(results)}; missed: {missed}")
    assert len(results) >= 30
    assert share >= BAR, missed
