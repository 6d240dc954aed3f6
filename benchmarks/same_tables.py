"""Are two output folders the same tables? For speed work, where every table must stay identical.

    .venv/bin/python -m pipeline run --input CORPUS --output /tmp/before   # on the old commit
    .venv/bin/python -m pipeline run --input CORPUS --output /tmp/after    # on the new one
    .venv/bin/python benchmarks/same_tables.py /tmp/before /tmp/after

Compares every Parquet table of the two folders (rejects included; doc_keys, which hold the
code's version, left out): same columns, same rows in the same order. Prints IDENTICAL, or the
tables that differ with a few of their differing rows; exits 1 when any differs.
"""
import sys
from pathlib import Path

import pandas as pd

SKIPPED = {"doc_keys.parquet"}  # keyed by the pipeline's code: differs whenever the code does


def table_names(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.parquet")} - SKIPPED


def differences(before: Path, after: Path, shown=8) -> list[str]:
    problems = []
    for name in sorted(table_names(before) | table_names(after)):
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            problems.append(f"{name}: only in {before if a.exists() else after}")
            continue
        x, y = pd.read_parquet(a), pd.read_parquet(b)
        if list(x.columns) != list(y.columns):
            problems.append(f"{name}: columns {list(x.columns)} vs {list(y.columns)}")
        elif not x.equals(y):
            rows = x.astype(str).merge(y.astype(str), how="outer", indicator=True)
            rows = rows[rows["_merge"] != "both"]
            detail = rows.head(shown).to_string(max_colwidth=60) if len(rows) else "same rows, another order"
            problems.append(f"{name}: {len(x)} vs {len(y)} rows\n{detail}")
    return problems


def main(argv) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems = differences(Path(argv[0]), Path(argv[1]))
    print("IDENTICAL" if not problems else "\n".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
