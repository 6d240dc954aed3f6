"""Benchmark of issue 9: the whole pipeline, each stage on its own, and bare natasha NER, on real news.

For each corpus size N (default 1 000 and 10 000 documents, built by benchmarks/corpus.py):
  1. `python -m pipeline run --input corpus.parquet --output DIR --workers W` (the whole chain);
  2. every DVC stage in dvc.yaml order, `python -m pipeline STAGE --output DIR2 [--input ...]`;
  3. `benchmarks/bare_ner.py`: W processes of NewsNERTagger over the same texts (the yardstick).
1 and 3 run --repeat times each, in turns, and the fastest of each counts: the speed of this
machine drifts by up to ~20% over minutes (bare NER took 62.6 s and 76.4 s within an hour).
Each step is a child process measured from outside: wall time, CPU seconds (user+sys of the child
and every descendant it reaped, from os.wait4), and peak RSS of the whole process tree (/proc/PID/statm
sampled every 0.2 s). PSS, which shares out the pages forked workers share, is measured in a
separate run of the whole pipeline ("pipeline run, memory"): reading /proc/PID/smaps_rollup walks a
process's page tables, and at 5 reads a second of three ~500 MB processes that took ~9 CPU seconds
from a 100 s run on 2 cores, slowing the run it measured by ~6% (bare NER, smaller, by ~1.5%).
A step that fails or times out is reported and the rest goes on.
Prints a markdown table and writes it, with the machine described, to benchmarks/results.md.

`make bench`, or `.venv/bin/python benchmarks/run.py --docs 200 --workers 2`
"""
import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
# what every stage process pays before its first document: imports and the two models
STARTUP = "from pipeline import nlp, stages; nlp.morph(); nlp.ner_tagger()"
PYTHON = sys.executable
SAMPLE_S = 0.2
PACKAGES = ["natasha", "slovnet", "navec", "razdel", "pymorphy3", "pymorphy3-dicts-ru", "numpy",
            "pandas", "pyarrow", "dask", "distributed"]
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
       "PYTHONUNBUFFERED": "1"}


# ---------------------------------------------------------------- the process tree, from /proc

def ppids() -> dict:
    """pid -> parent pid of every process visible in /proc."""
    out = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: fields start after the last ')'
        out[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return out


def tree(root: int) -> list[int]:
    parents = ppids()
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        found += frontier
    return found


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def rss_kb(pid: int) -> int:
    """RSS of one process in kB, from counters the kernel keeps (cheap); 0 if it is gone."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, ValueError, IndexError):
        return 0


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) if it is gone. Walks its page tables: costly."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime of the process itself
    except (OSError, ValueError, IndexError):
        return 0


class Sampler:
    """Peak sums of RSS (and of PSS if `pss`) over a process tree, and the CPU each of its
    processes was seen using."""

    def __init__(self, root, pss=False):
        self.root, self.rss, self.pss, self.procs = root, 0, 0, 0
        self.ticks, self.with_pss = {}, pss

    def sample(self):
        pids = tree(self.root)
        mems = [memory_kb(p) for p in pids] if self.with_pss else [(rss_kb(p), 0) for p in pids]
        self.rss = max(self.rss, sum(m[0] for m in mems))
        self.pss = max(self.pss, sum(m[1] for m in mems))
        self.procs = max(self.procs, len(pids))
        for p in pids:
            self.ticks[p] = max(self.ticks.get(p, 0), cpu_ticks(p))

    def cpu_seen_s(self):
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")


def busy_s() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores, /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- one measured child

def measure(cmd, log: Path, timeout: float, pss=False) -> dict:
    """Runs cmd as a child in its own session and measures it; never raises for the child's failure.
    `pss`: sample PSS too, which slows the child (module docstring)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started, busy_before = time.perf_counter(), busy_s()
    with open(log, "w") as out:
        try:
            proc = subprocess.Popen(cmd, cwd=REPO, env=ENV, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        except OSError as e:
            return {"status": f"could not start: {e}", "wall_s": 0.0}
        sampler, status, usage, timed_out = Sampler(proc.pid, pss), None, None, False
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                sampler.sample()
                if time.perf_counter() - started > timeout:
                    timed_out = True
                    hung = hung_frames(proc.pid, log)
                    os.killpg(proc.pid, signal.SIGKILL)  # our own child's session: its pool workers too
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(SAMPLE_S)
        except BaseException:  # interrupted or terminated: leave no orphan stage running
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    wall = time.perf_counter() - started
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    cpu = max(usage.ru_utime + usage.ru_stime, sampler.cpu_seen_s())
    others = max(busy_s() - busy_before - cpu, 0.0) / wall if wall else None
    result = {
        "status": f"timeout after {timeout:.0f} s" if timed_out else ("ok" if code == 0 else f"exit {code}"),
        "wall_s": wall, "cpu_s": cpu, "others_cores": others, "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        # ru_maxrss of wait4: the largest single process of the tree that was reaped
        "maxrss_mb": usage.ru_maxrss / 1024,
        "tree_rss_mb": max(sampler.rss / 1024, usage.ru_maxrss / 1024),
        "tree_pss_mb": sampler.pss / 1024 or None, "procs": sampler.procs,
    }
    if timed_out and hung:
        result["hung_in"] = hung
    if result["status"] != "ok":
        result["tail"] = tail(log)
    return result


def hung_frames(root: int, log) -> str:
    """Where a step that overran its time is stuck: py-spy dumps of its processes, into its log,
    and the innermost pipeline/ frame of each. Empty when py-spy is not installed (it is optional)."""
    spy = Path(PYTHON).parent / "py-spy"
    if not spy.exists():
        return ""
    frames = []
    with open(log, "a") as out:  # appended: the child writes the same file
        for pid in tree(root):
            try:
                dump = subprocess.run([str(spy), "dump", "--pid", str(pid)], capture_output=True, text=True,
                                      timeout=30).stdout
            except (OSError, subprocess.TimeoutExpired):
                continue
            out.write(f"\n--- py-spy dump of {pid} at the timeout\n{dump}")
            inner = next((line.strip() for line in dump.splitlines() if "(pipeline/" in line), None)
            if inner and inner not in frames:
                frames.append(inner)
    return "; ".join(frames)


def tail(log: Path, lines=8) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# ---------------------------------------------------------------- the steps

def stage_plan() -> list[tuple[str, bool]]:
    """(stage, needs --input) in dvc.yaml order, the order DVC runs them in."""
    try:
        import yaml
        stages = yaml.safe_load((REPO / "dvc.yaml").read_text())["stages"]
        return [(name, "--input" in str(spec.get("cmd", ""))) for name, spec in stages.items()]
    except Exception as e:  # dvc.yaml mid-edit: fall back on the package's own list
        print(f"dvc.yaml unreadable ({e}); using pipeline.stages.STAGES", file=sys.stderr)
        out = subprocess.run([PYTHON, "-c", "from pipeline.stages import STAGES; print(' '.join(STAGES))"],
                             cwd=REPO, env=ENV, capture_output=True, text=True)
        names = out.stdout.split()
        return [(n, i == 0) for i, n in enumerate(names)]


def with_workers(cmd, workers):
    return cmd + ["--workers", str(workers)] if workers else cmd


def run_measured(cmd, log, timeout, workers, pss=False):
    """Runs with --workers; if the CLI no longer knows the flag, once more without it."""
    result = measure(with_workers(cmd, workers), log, timeout, pss)
    if result["status"] == "exit 2" and "unrecognized arguments: --workers" in result.get("tail", ""):
        result = measure(cmd, log, timeout, pss)
        result["status"] += " (no --workers)"
    return result


def pipeline_cmd(command, out_dir, input_path=None, batch_size=None):
    cmd = [PYTHON, "-m", "pipeline", command, "--output", str(out_dir)]
    if input_path is not None:
        cmd += ["--input", str(input_path)]
    if batch_size:
        cmd += ["--batch-size", str(batch_size)]
    return cmd


def outputs_check(out_dir: Path) -> dict:
    """Row counts of the tables written and characters kept in documents.text, to see the run did its work."""
    info = {}
    for path in sorted(out_dir.glob("*.parquet")):
        try:
            info[path.stem] = pq.ParquetFile(path).metadata.num_rows
        except Exception:
            info[path.stem] = "unreadable"
    rejects = out_dir / "rejects"
    info["rejects"] = sum(pq.ParquetFile(p).metadata.num_rows for p in rejects.glob("*.parquet")) if rejects.exists() else 0
    try:
        texts = pq.read_table(out_dir / "documents.parquet", columns=["text"]).column("text")
        info["document_chars"] = sum(len(t or "") for t in texts.to_pylist())
    except Exception:
        pass
    return info


def bench_size(n, a, log_dir) -> dict:
    """Every step on a corpus of n documents. Returns {'corpus': ..., 'steps': [(name, result)], ...}."""
    path = a.workdir / f"corpus-{n}-seed{a.seed}.parquet"
    info = corpus.write(n, path, a.seed)
    chars = sum(len(t) for t in pq.read_table(path, columns=["text"]).column("text").to_pylist())
    info["chars"] = chars
    print(f"\n## {n} documents: {path} ({info})", flush=True)
    steps = []

    def step(name, cmd, out_dir=None, workers=a.workers, kind="step", pss=False):
        print(f"  {name:16s} ...", end=" ", flush=True)
        log = log_dir / f"{n}-{name}.log"
        result = run_measured(cmd, log, a.timeout, workers, pss)
        result["log"] = str(log)
        if out_dir is not None and result["status"].startswith("ok"):
            result["outputs"] = outputs_check(out_dir)
        print(f"{result['status']}, {result['wall_s']:.1f} s, {n / result['wall_s']:.1f} docs/s, "
              f"tree RSS {result.get('tree_rss_mb') or 0:.0f} MB", flush=True)
        if result["status"] != "ok" and result.get("tail"):
            print("    " + result["tail"].replace("\n", "\n    "), flush=True)
        result["kind"] = kind
        steps.append((name, result))
        return result

    run_dir = a.workdir / f"out-{n}-run"
    clear(run_dir)
    step("startup", [PYTHON, "-c", STARTUP], workers=None)
    # the ratio's two sides, taken in turns: this machine's speed drifts by up to ~20% over
    # minutes, and the fastest of each side is the one least slowed by it
    bare_cmd = [PYTHON, str(REPO / "benchmarks" / "bare_ner.py"), "--input", str(path), "--workers", str(a.workers)]
    for attempt in range(1, a.repeat + 1):
        clear(run_dir)
        step(attempt_name("pipeline run", attempt), pipeline_cmd("run", run_dir, path, a.batch_size), run_dir,
             kind="attempt")
        step(attempt_name("bare natasha NER", attempt), bare_cmd, workers=None, kind="attempt")
    for name in ("pipeline run", "bare natasha NER"):
        best = fastest(steps, name)
        if a.repeat == 1:  # the one attempt is the step: no row twice
            steps[:] = [(k, r) for k, r in steps if k != attempt_name(name, 1)]
        steps.append((name, best))
    clear(run_dir)
    step(MEMORY_RUN, pipeline_cmd("run", run_dir, path, a.batch_size), pss=True)
    if not a.no_incremental:
        # a corpus the previous run saw 99% of, the new 1% at its end (the next scrape) or
        # spread through it (every 100th document: new documents inside previous row groups)
        corpus_table = pq.read_table(path)
        for where, keep in INCREMENTAL_CASES.items():
            base = a.workdir / f"corpus-{n}-seed{a.seed}-without-1pct-{where.replace(' ', '-')}.parquet"
            rows = corpus_table.num_rows
            pq.write_table(corpus_table.filter([keep(i, rows) for i in range(rows)]), base)
            inc_dir = a.workdir / f"out-{n}-incremental"
            clear(inc_dir)
            step(f"{INCREMENTAL_BASE}, {where}", pipeline_cmd("run", inc_dir, base, a.batch_size))
            step(f"{INCREMENTAL}, {where}", pipeline_cmd("run", inc_dir, path, a.batch_size) + ["--incremental"],
                 inc_dir)
            clear(inc_dir)
    if not a.no_stages:
        stage_dir = a.workdir / f"out-{n}-stages"
        clear(stage_dir)
        for name, needs_input in stage_plan():
            step(name, pipeline_cmd(name, stage_dir, path if needs_input else None, a.batch_size),
                 stage_dir if name == "clean" else None, kind="stage")
        if not a.keep:
            clear(stage_dir)
    if not a.keep:
        clear(run_dir)
    return {"docs": n, "corpus": info, "steps": steps, "logs": str(log_dir)}


def attempt_name(name, attempt):
    return f"{name}, attempt {attempt}"


def fastest(steps, name) -> dict:
    """The fastest of a step's attempts that succeeded (else the first), as that step."""
    tries = [r for k, r in steps if k.startswith(f"{name}, attempt ")]
    ok = [r for r in tries if r["status"] == "ok"] or tries
    best = dict(min(ok, key=lambda r: r["wall_s"]))
    best["kind"], best["attempts"] = "step", [round(r["wall_s"], 1) for r in tries]
    return best


def clear(path: Path):
    import shutil
    shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------- the report

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "pipeline"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "nproc": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)),
            "memory_gb": round(mem / 1024 / 1024, 1), "python": platform.python_version(),
            "kernel": platform.release(), "packages": versions,
            "commit": commit + (" (pipeline/ has uncommitted changes)" if dirty else "")}


def fmt(x, digits=1):
    return "-" if x is None else f"{x:.{digits}f}"


def size_table(res) -> list[str]:
    n = res["docs"]
    stages = [(k, r) for k, r in res["steps"] if r["kind"] == "stage"]
    rows = [row(n, k, r) for k, r in res["steps"] if r["kind"] != "stage"]
    rows += [row(n, f"stage: {k}", r) for k, r in stages]
    if stages:
        rows.append(row(n, "**stages, sum**", total(stages)))
    return rows


def total(steps) -> dict:
    ok = all(r["status"] == "ok" for _, r in steps)
    walls = sum(r["wall_s"] for _, r in steps)
    return {"status": "ok" if ok else "some failed", "wall_s": walls,
            "cpu_s": sum(r.get("cpu_s") or 0 for _, r in steps),
            "others_cores": sum((r.get("others_cores") or 0) * r["wall_s"] for _, r in steps) / walls if walls else None,
            **{key: max((r.get(key) or 0 for _, r in steps), default=None)
               for key in ("tree_rss_mb", "tree_pss_mb", "maxrss_mb")}}


def row(n, name, r) -> str:
    wall, cpu = r.get("wall_s") or 0, r.get("cpu_s")
    if len(r.get("attempts") or ()) > 1:
        name = f"**{name}** (fastest of {len(r['attempts'])})"
    per_doc = name != "startup"  # the startup step reads no document
    cells = [n, name, r["status"], fmt(wall), fmt(n / wall if wall and per_doc else None), fmt(cpu),
             fmt(1000 * cpu / n if cpu is not None and per_doc else None), fmt(r.get("tree_rss_mb"), 0),
             fmt(r.get("tree_pss_mb"), 0), fmt(r.get("maxrss_mb"), 0), fmt(r.get("others_cores"), 2)]
    return "| " + " | ".join(str(c) for c in cells) + " |"


HEADER = ["| docs | step | status | wall s | docs/s | CPU s | CPU ms/doc | peak tree RSS MB | peak tree PSS MB "
          "| max process RSS MB | others' cores |",
          "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
MEMORY_BAR_MB = 1536
MEMORY_RUN = "pipeline run, memory"  # the same run again, its PSS sampled (which slows it)
INCREMENTAL_BASE = "incremental: base (99%)"
INCREMENTAL = "incremental: +1% new"
# where the new 1% lies -> which documents the base run sees (index, corpus size)
INCREMENTAL_CASES = {
    "at the end": lambda i, n: i < n - n // 100,
    "spread": lambda i, n: i % 100 != 50,
}


def bars(results) -> list[str]:
    lines = []
    for res in results:
        steps, n = dict(res["steps"]), res["docs"]
        run, bare, ner = steps.get("pipeline run"), steps.get("bare natasha NER"), steps.get("ner")
        mem = steps.get(MEMORY_RUN) if (steps.get(MEMORY_RUN) or {}).get("status") == "ok" else run
        if not (run and bare and run["status"] == "ok" and bare["status"] == "ok"):
            lines.append(f"- {n} documents: no ratio (the whole run or bare NER did not finish)")
            continue
        ratio = bare["wall_s"] / run["wall_s"]
        lines.append(f"- {n} documents: whole pipeline {n / run['wall_s']:.1f} docs/s, bare NER "
                     f"{n / bare['wall_s']:.1f} docs/s (inside its workers, model loading excluded: "
                     f"{bare_inner(res)}); ratio **{ratio:.3f}** ({'meets' if ratio >= 0.6 else 'misses'} the bar of 0.6)")
        if ner and ner["status"] == "ok":
            lines.append(f"  - the `ner` stage run on its own / bare NER: {bare['wall_s'] / ner['wall_s']:.2f}")
        lines.append(f"  - peak memory of the whole run: {mem['tree_pss_mb'] or 0:.0f} MB PSS, "
                     f"{mem['tree_rss_mb']:.0f} MB RSS summed over {mem['procs']} processes "
                     f"({'within' if (mem['tree_pss_mb'] or mem['tree_rss_mb']) <= MEMORY_BAR_MB else 'over'} "
                     f"the bar of {MEMORY_BAR_MB} MB)")
        kept = (run.get("outputs") or {}).get("document_chars")
        if kept is not None:
            share = kept / res["corpus"]["chars"]
            warn = "" if share >= 0.8 else "  **clean removed much of the text: recombined paragraphs " \
                                           "recurring across documents may be taken for site chrome, which flatters the figures**"
            lines.append(f"  - clean kept {share:.0%} of the corpus characters{warn}")
    for res in results:
        steps, n = dict(res["steps"]), res["docs"]
        for where in INCREMENTAL_CASES:
            run, inc = steps.get("pipeline run"), steps.get(f"{INCREMENTAL}, {where}")
            if run and inc and run["status"] == "ok" and inc["status"] == "ok":
                share = inc["wall_s"] / run["wall_s"]
                said = reuse_line(Path(res["logs"]) / f"{n}-{INCREMENTAL}, {where}.log")
                lines.append(f"- {n} documents, incremental, the new 1% {where}: a run over the corpus after a "
                             f"run over 99% of it (\"{said}\") took {inc['wall_s']:.1f} s, {share:.1%} of the "
                             f"full run ({'within' if share <= 0.05 else 'over'} the bar of 5%)")
    runs = {res["docs"]: dict(res["steps"]).get(MEMORY_RUN, {}) for res in results}
    peaks = {k: r.get("tree_pss_mb") for k, r in runs.items() if r.get("status") == "ok"}
    if len(peaks) > 1 and all(peaks.values()):
        spread = max(peaks.values()) / min(peaks.values())
        lines.append(f"- peak PSS across sizes: largest / smallest = {spread:.2f} "
                     f"({'within' if spread <= 1.1 else 'outside'} the +-10% bar)")
    return lines


def bare_inner(res) -> str:
    try:
        line = Path(dict(res["steps"])["bare natasha NER"]["log"]).read_text().strip().splitlines()[-1]
        return f"{json.loads(line)['tag_docs_per_s']} docs/s"
    except (OSError, ValueError, KeyError, IndexError):
        return "-"


def report(results, info, started, loads, a) -> str:
    pk = ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    lines = [
        "# Benchmark results (issue 9)", "",
        f"Written by `benchmarks/run.py --docs {' '.join(map(str, a.docs))} --workers {a.workers}` on "
        f"{started:%Y-%m-%d %H:%M} UTC, commit {info['commit']}, corpus seed {a.seed}.", "",
        "## Machine", "",
        f"- CPU: {info['cpu']}, {info['nproc']} cores ({info['usable_cores']} usable); memory {info['memory_gb']} GB",
        f"- Python {info['python']}, Linux {info['kernel']}; OMP/OPENBLAS/MKL_NUM_THREADS=1",
        f"- packages: {pk}",
        f"- load average (1 min) at start {loads[0]:.2f}, at end {loads[1]:.2f}; the column *others' cores* "
        "says how many cores other processes kept busy during each step on average"
        + (" **(the machine was shared: figures are noisy)**" if busy_others(results) > 0.2 else ""), "",
        "## Corpora (benchmarks/corpus.py)", "",
    ]
    for res in results:
        c = res["corpus"]
        lines.append(f"- {res['docs']} documents: {c['chars']} characters, mean {c['mean_chars']}, median "
                     f"{c['median_chars']}; all unique by SHA-1; a body paragraph recurs in up to "
                     f"{c['paragraph_max_reuse']} documents (mean {c['paragraph_mean_reuse']})")
    lines += ["", "## Figures", "",
              "Each step is one child process, imports and model loading included (the *startup* row is "
              "that cost alone). CPU = user+sys of the child and its workers. *Peak tree RSS* sums RSS over "
              "the process tree, sampled every 0.2 s, so pages shared by forked workers count once per "
              "process; *PSS* shares them out and is the fair total. PSS is sampled only in the *pipeline run, "
              "memory* row, a second run of the same command: sampling it costs that run ~6% of its speed, so "
              "the other rows, the ratio and the incremental shares come from runs that do not sample it. "
              "*Max process RSS* is the largest "
              "single process (ru_maxrss from wait4). Stage rows run each DVC stage on its own, in "
              "dvc.yaml order, reading the previous stage's Parquet." + (
                  f" The whole pipeline and bare NER run {a.repeat} times each, in turns (*attempt* rows): "
                  "the fastest of each gives the ratio and the incremental shares." if a.repeat > 1 else ""),
              "", *HEADER]
    for res in results:
        lines += size_table(res)
    lines += ["", "## Against the bars of issue 9", "", *bars(results), ""]
    notes = [f"- {res['docs']} / {name}: {r['status']}: " + (f"stuck in `{r['hung_in']}`" if r.get("hung_in") else
                                                            f"`{last_line(r.get('tail'))}`")
             for res in results for name, r in res["steps"] if r["status"] != "ok"]
    if notes:
        lines += ["## Failures (logs in the work directory)", "", *notes, ""]
    lines += ["## What the whole runs wrote (rows per table)", ""]
    lines += [f"- {res['docs']} documents: " + json.dumps(dict(res["steps"]).get("pipeline run", {}).get("outputs", {}),
                                                          ensure_ascii=False) for res in results]
    return "\n".join(lines) + "\n"


def reuse_line(log: Path) -> str:
    """What the incremental run said it re-used: 'N documents: R reused, P processed'."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return next((line.strip() for line in text.splitlines() if "reused" in line), "?")


def last_line(text) -> str:
    lines = (text or "").strip().splitlines()
    return lines[-1] if lines else ""


def busy_others(results) -> float:
    values = [r.get("others_cores") or 0 for res in results for _, r in res["steps"]]
    return max(values, default=0)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[1000, 10_000], help="corpus sizes (default 1000 10000)")
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)), help="processes (default: all cores)")
    ap.add_argument("--batch-size", type=int, default=None, help="passed to the pipeline (default: its own)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds allowed to one step (default 120 + 0.3 per document: a step slower than "
                         "~3 docs/s is hung or broken, and the rest of the benchmark goes on)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/kz-bench"), help="corpora, outputs, logs")
    ap.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results.md")
    ap.add_argument("--no-stages", action="store_true", help="skip the stage-by-stage runs")
    ap.add_argument("--no-incremental", action="store_true",
                    help="skip the incremental pair (a run over 99%% of the corpus, then --incremental over all of it)")
    ap.add_argument("--keep", action="store_true", help="keep the output tables in --workdir")
    ap.add_argument("--repeat", type=int, default=2,
                    help="runs of the whole pipeline and of bare NER, in turns; the fastest of each counts (default 2)")
    a = ap.parse_args(argv)
    if a.repeat < 1:
        ap.error("--repeat must be 1 or more")
    a.given_timeout = a.timeout
    return a


def main(argv=None):
    a = parse_args(argv if argv is not None else sys.argv[1:])
    started = datetime.datetime.now(datetime.timezone.utc)
    info, load_start = machine(), os.getloadavg()[0]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so measure() kills the running step
    results, text = [], ""
    for n in a.docs:
        a.timeout = timeout if (timeout := a.given_timeout) else 120 + 0.3 * n
        results.append(bench_size(n, a, a.workdir / "logs"))
        # after each size, so a long run stopped half way still leaves its figures
        text = report(results, info, started, (load_start, os.getloadavg()[0]), a)
        a.results.write_text(text)
    print("\n" + text)
    print(f"written to {a.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
