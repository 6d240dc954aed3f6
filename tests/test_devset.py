"""The independent development set (devset/kz: 14 articles, 3 in Kazakh, written by an annotator
who never read the pipeline) as a regression guard. It has been used for tuning, so these floors
guard against losing ground; devset/blind is for measurement only and is not asserted here."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.runner import run

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"

FLOORS = {
    ("people", "f1"): 0.95,
    ("officials", "f1"): 0.93,
    ("organisations", "f1"): 0.85,
    ("programmes", "f1"): 0.90,
    ("figures", "f1"): 0.95,
    ("officials_attributes", "organisation_acc"): 0.9,
    ("officials_attributes", "region_acc"): 0.95,
    ("clean", "boilerplate_removed"): 0.95,
    ("clean", "content_kept"): 1.0,
    ("clean", "published_acc"): 0.95,
    ("events", "region_acc"): 0.95,
    ("events", "type_acc"): 0.9,
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("devset")
    run(ROOT / "devset" / "kz", out)
    done = subprocess.run([sys.executable, str(SCORER), "--gold", str(ROOT / "devset" / "kz-gold.jsonl"),
                           "--outputs", str(out), "--json"], capture_output=True, text=True, check=True,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    return json.loads(done.stdout)["report"]


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside the project")
@pytest.mark.parametrize("table, metric", list(FLOORS))
def test_devset_stays_above_its_floor(report, table, metric):
    assert report[table][metric] >= FLOORS[table, metric], report[table]
