"""Time and peak memory per published document, .docx and PDF, from the demo workbook.

    PYTHONPATH=. .venv/bin/python -m bench.documents_bench [--runs 3]
Each document and format is measured in a fresh Python process (so one peak does not hide another):
seconds from the snapshot to the file's bytes (the first run, then the median of the others), the
process's peak RSS, and for PDF LibreOffice's peak RSS. Writes bench/results/documents.json.
Goals (issue 16): analysis .docx ≤ 2 s and PDF ≤ 15 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "documents.json"
REQUESTS = {"analysis": {"year": 2569}, "progress": {"year": 2570, "as_of": date(2027, 3, 31)},
            "complaints": {"year": 2570, "start": date(2026, 10, 1), "end": date(2027, 3, 31)}}
GOALS = {("analysis", "docx"): 2.0, ("analysis", "pdf"): 15.0}


def measure_one(kind: str, fmt: str, runs: int) -> dict[str, Any]:
    """In this process: build the demo workbook, then time the document ``runs`` times."""
    from demo.workbook import create_demo_workbook
    from documents.output import render_document
    from handlers.documents.requests import DocumentRequest, build_document
    from sheets.local import LocalWorkbook
    from sheets.workbook import parse_workbook

    with tempfile.TemporaryDirectory() as folder:
        workbook = LocalWorkbook(Path(folder) / "ita.xlsx")
        create_demo_workbook(workbook, date(2026, 11, 23))
        snapshot = parse_workbook(workbook.read_tables(), datetime(2026, 11, 23, 9))
    request = DocumentRequest(kind, **REQUESTS[kind])  # type: ignore[arg-type]
    seconds, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(render_document(build_document(snapshot, request, date(2027, 4, 1)), fmt))
        seconds.append(time.perf_counter() - started)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"document": kind, "format": fmt, "bytes": size, "first_s": round(seconds[0], 3),
            "median_s": round(statistics.median(seconds[1:] or seconds), 3), "peak_rss_mib": round(own, 1),
            "converter_peak_rss_mib": round(children, 1) if fmt == "pdf" else None}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", nargs=2, metavar=("DOCUMENT", "FORMAT"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(*args.one, args.runs)))
        return
    rows = []
    for kind in REQUESTS:
        for fmt in ("docx", "pdf"):
            output = subprocess.run([sys.executable, "-m", "bench.documents_bench", "--one", kind, fmt, "--runs",
                                     str(args.runs)], check=True, capture_output=True, text=True).stdout
            row = json.loads(output.strip().splitlines()[-1])
            goal = GOALS.get((kind, fmt))
            row["goal_s"], row["met"] = goal, None if goal is None else row["median_s"] <= goal
            rows.append(row)
            print(f"{kind:10} {fmt:4}  first {row['first_s']:6.2f} s  median {row['median_s']:6.2f} s  "
                  f"peak RSS {row['peak_rss_mib']:6.1f} MiB"
                  + (f"  LibreOffice {row['converter_peak_rss_mib']:6.1f} MiB" if fmt == "pdf" else "")
                  + (f"  goal ≤ {goal:g} s: {'met' if row['met'] else 'NOT met'}" if goal else ""))
    RESULTS.write_text(json.dumps({"measured": datetime.now().isoformat(timespec="seconds"),
                                   "machine": f"{platform.machine()}, {platform.python_version()}",
                                   "command": "PYTHONPATH=. .venv/bin/python -m bench.documents_bench",
                                   "runs": args.runs, "documents": rows}, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
