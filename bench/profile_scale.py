"""Profile one instance under the scale-out load: py-spy records the gunicorn worker while it serves.

Only samples of the thread holding the GIL (``--gil``): where the CPU goes, not where threads wait.

    PYTHONPATH=. .venv/bin/python -m bench.profile_scale [--rate 250 --seconds 10 --out /tmp/profile]
Writes OUT.txt (py-spy's raw collapsed stacks; the top frames by own and by total time are printed)
and OUT.svg (a flame graph). The CPU per reply of the same run is printed as the bench prints it.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from bench.harness import BIN, start_fakes
from bench.scale import instances_run
from tests.fakes.redis_server import RedisServer


def top_frames(collapsed: Path, count: int = 25) -> list[str]:
    """The frames with the most samples: own (the leaf) and total (anywhere on the stack)."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in collapsed.read_text().splitlines():
        stack, _, hits_text = line.rpartition(" ")
        hits = int(hits_text)
        frames = stack.split(";")
        samples += hits
        own[frames[-1]] += hits
        for frame in set(frames):
            total[frame] += hits
    lines = [f"samples {samples}", "-- own --"]
    lines += [f"{100 * n / samples:5.1f}% {frame}" for frame, n in own.most_common(count)]
    lines += ["-- total --"]
    lines += [f"{100 * n / samples:5.1f}% {frame}" for frame, n in total.most_common(count)]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=250)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--out", default="/tmp/ita-profile")
    parser.add_argument("--wall", action="store_true",
                        help="sample every thread, waiting ones too (--idle): where the events' time goes")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    workdir = Path(tempfile.mkdtemp(prefix="ita-profile-"))
    server = RedisServer(workdir / "redis")
    fakes = start_fakes(workdir)
    fakes.sheets.latency = 0.3
    spies: list[subprocess.Popen[bytes]] = []

    def attach(worker_pid: int) -> None:
        for form, path in (("raw", f"{args.out}.txt"), ("flamegraph", f"{args.out}.svg")):
            which = ["--idle"] if args.wall else ["--gil"]
            spies.append(subprocess.Popen([str(BIN / "py-spy"), "record", "--pid", str(worker_pid), *which,
                                           "--rate", "100", "--format", form, "--output", path]))

    try:
        result: dict[str, Any] = instances_run(fakes, workdir, server.url, 1, args.rate, args.seconds,
                                               on_ready=attach)
    finally:
        fakes.stop()
        server.stop()
    for spy in spies:
        spy.wait(timeout=60)
    print("\n".join(top_frames(Path(f"{args.out}.txt"))))
    shown = ("replies_per_second", "e2e_ms", "replied", "cpu_ms_per_reply", "system_cpu_share")
    print({key: result[key] for key in shown})


if __name__ == "__main__":
    main()
