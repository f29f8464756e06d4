"""What a process costs, read from ``/proc`` (Linux): resident memory, CPU seconds, its descendants.

The load and concurrency benchmarks sample the server (and chromium) with these while sessions run.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident set size of ``pid`` in MB (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds ``pid`` has used so far (0 when the process is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14 and 15)


def descendants(pid: int, exclude: int | None = None) -> list[int]:
    """Every live process below ``pid`` in the process tree (without ``exclude`` and its own)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child == exclude:
                continue
            out.append(child)
            todo.append(child)
    return out


def load_average() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages (other work on the machine shows here)."""
    return [round(x, 2) for x in os.getloadavg()]


@dataclass
class Sampler:
    """Samples RSS and CPU of ``pid`` (and, with ``tree``, of its descendants but ``exclude``) every
    ``every`` seconds. CPU of processes that end before the sampling does is not counted."""

    pid: int
    every: float = 1.0
    tree: bool = False
    exclude: int | None = None
    rss: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _cpu0: float = 0.0
    _t0: float = 0.0
    cpu_s: float = 0.0
    wall_s: float = 0.0

    def _pids(self) -> list[int]:
        return [self.pid, *descendants(self.pid, self.exclude)] if self.tree else [self.pid]

    def _cpu(self) -> float:
        return sum(cpu_seconds(p) for p in self._pids())

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.rss.append(sum(rss_mb(p) for p in self._pids()))

    def __enter__(self) -> Sampler:
        self._cpu0, self._t0 = self._cpu(), time.perf_counter()
        self.rss.append(sum(rss_mb(p) for p in self._pids()))
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu_s = self._cpu() - self._cpu0
        self.wall_s = time.perf_counter() - self._t0
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    @property
    def cpu_percent(self) -> float:
        """CPU used over the sampled wall time, in % of one core (200 % = both cores of two)."""
        return round(100 * self.cpu_s / self.wall_s, 1) if self.wall_s else 0.0

    @property
    def peak_rss_mb(self) -> float:
        return round(max(self.rss), 1) if self.rss else 0.0
