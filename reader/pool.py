"""Indexing in worker processes: one per core, each file under a time and a memory limit.

A pathological page (a 20 MB inline script, markup nested thousands deep)
must cost one error row, not the library. Each worker process reads one file
at a time under an address-space limit, so running out of it is a MemoryError
there ("needed more than 1024 MB of memory"); the parent kills a worker that
takes longer than the time limit over one file ("took longer than 10 s") and
starts another. The limit counts the worker's own CPU time (on Linux), so a
file that waits for a busy core is not blamed for the wait; the clock may run
to six times the limit. The parent hands out files one at a time, so the file
the user is waiting for goes to the next worker that is free. A file that
holds many articles (a mailbox, an archive) has the time limit for each: its
worker says when it has read one (a tick), and its time starts again.

Workers are started with "spawn", not "fork": the app has threads, and a
forked child of a threaded process can deadlock.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from reader.model import FileStat, Indexed


def prepare() -> None:
    """Start multiprocessing's resource tracker now. It passes the process's
    stderr on to the tracker it starts, and a Textual app replaces stderr with
    an object that has no file descriptor; so it is started before the app runs."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


# What a worker sends when it has read one article of a file that holds many.
_TICK = "tick"
# How long a new worker may take to start (import its modules) before the
# file it was given counts as having stopped it.
_START_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Limits:
    seconds: float = 10.0
    megabytes: int = 1024


def _limit_memory(megabytes: int) -> None:
    try:
        import resource

        size = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    except (ImportError, ValueError, OSError):  # not on this platform: time limit only
        pass


def _die_with_parent(parent: int) -> None:
    """Have the kernel end this worker when the process that started it ends,
    however it ends (SIGKILL included): no worker outlives its reader. Linux
    only; elsewhere a worker ends when it finds its pipe closed."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the kernel was asked
        os._exit(0)


def _serve(connection: Connection, rules_file: str | None, megabytes: int, parent: int) -> None:
    """A worker process: read the files it is sent, one at a time."""
    from reader.boilerplate import load_catalogue
    from reader.pipeline import index_file, too_big

    if sys.platform == "linux":
        _die_with_parent(parent)
    _limit_memory(megabytes)
    catalogue = load_catalogue(Path(rules_file) if rules_file else None)
    connection.send(None)  # ready: the time limit starts now, not at the imports
    while True:
        try:
            stat = connection.recv()
        except (EOFError, OSError):
            return
        if stat is None:
            return
        started = time.perf_counter()
        result = index_file(stat, catalogue, megabytes, tick=lambda: connection.send(_TICK))
        result = replace(result, seconds=time.perf_counter() - started)
        try:
            connection.send(result)
        except MemoryError:  # what it read fits, but not twice over to be sent
            connection.send(Indexed(stat, failure=too_big(megabytes), seconds=result.seconds))


# A file may take this many times the time limit on the clock (waiting for a
# core it shares), as long as its own CPU time stays under the limit.
_WALL_FACTOR = 6
_CPU_RESOLUTION = 0.05


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time a process has used (Linux: /proc), or None where unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


@dataclass(slots=True)
class _Worker:
    process: Any
    connection: Connection
    task: FileStat | None = None
    deadline: float = 0.0
    ready: bool = False
    started: float = 0.0  # when the task was handed over, on the clock
    cpu: float | None = None  # the worker's CPU time then

    def over_limit(self, seconds: float) -> bool:
        """Whether the task has taken longer than `seconds` of its own CPU
        (where that can be known; else of the clock), or far longer on the clock."""
        now = time.monotonic()
        if now <= self.deadline:
            return False
        # CPU time is counted in clock ticks (10 ms): a limit of a few ticks is
        # kept on the clock.
        if not self.ready or self.cpu is None or seconds < _CPU_RESOLUTION:
            return True
        used = _cpu_seconds(self.process.pid)
        if (
            used is None
            or used - self.cpu >= seconds
            or now - self.started >= _WALL_FACTOR * seconds
        ):
            return True
        # Waiting for a core, not working: look again when the CPU limit could be reached.
        self.deadline = now + max(seconds - (used - self.cpu), 0.05)
        return False


@dataclass(slots=True)
class Pool:
    """Reads files in `workers` processes (one per core by default)."""

    rules_file: Path | None = None
    limits: Limits = field(default_factory=Limits)
    workers: int = 0  # 0: one per core
    _alive: list[_Worker] = field(default_factory=list)

    def _start(self) -> _Worker:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        rules = str(self.rules_file) if self.rules_file else None
        process = context.Process(
            target=_serve, args=(child, rules, self.limits.megabytes, os.getpid()), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _stop(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.connection.close()
        self._alive.remove(worker)

    def index(
        self,
        stats: Iterable[FileStat],
        *,
        first: Callable[[], Path | None] = lambda: None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Iterator[Indexed]:
        """Read every file, yielding what each gave as it comes (not in order).
        `first()` names a file to read before the others, when it has one."""
        waiting = {stat.path: stat for stat in stats}
        order = deque(waiting)
        while (waiting or self._busy()) and not cancelled():
            self._hand_out(waiting, order, first)
            busy = self._busy()
            if not busy:
                break
            timeout = max(min(w.deadline for w in busy) - time.monotonic(), 0)
            done = []
            for connection in wait([w.connection for w in busy], timeout):
                worker = next(w for w in busy if w.connection is connection)
                result = self._result(worker)
                if result is not None:
                    done.append(result)
            for worker in self._busy():
                if worker.over_limit(self.limits.seconds):
                    task = worker.task
                    self._stop(worker)
                    assert task is not None
                    done.append(
                        Indexed(
                            task,
                            failure=f"took longer than {self.limits.seconds:g} s",
                            seconds=self.limits.seconds,
                        )
                    )
            # The free workers start on their next files while the caller
            # handles these results (stores them, shows them).
            if not cancelled():
                self._hand_out(waiting, order, first)
            yield from done

    def _busy(self) -> list[_Worker]:
        return [worker for worker in self._alive if worker.task is not None]

    def _hand_out(
        self, waiting: dict[Path, FileStat], order: deque[Path], first: Callable[[], Path | None]
    ) -> None:
        while waiting:
            idle = next((w for w in self._alive if w.task is None), None)
            if idle is None:
                if len(self._alive) >= (self.workers or os.cpu_count() or 1):
                    return
                idle = self._start()
                self._alive.append(idle)
            wanted = first()
            if wanted is not None and wanted in waiting:
                stat = waiting.pop(wanted)
            else:
                while order[0] not in waiting:
                    order.popleft()
                stat = waiting.pop(order.popleft())
            limit = self.limits.seconds if idle.ready else _START_SECONDS
            idle.task, idle.deadline = stat, time.monotonic() + limit
            idle.started, idle.cpu = time.monotonic(), _cpu_seconds(idle.process.pid)
            idle.connection.send(stat)

    def _result(self, worker: _Worker) -> Indexed | None:
        """What the worker sent: a result, or None when it said it is ready or
        that it read one article of a file that holds many."""
        task = worker.task
        assert task is not None
        try:
            result: Indexed | str | None = worker.connection.recv()
        except (EOFError, OSError):
            self._stop(worker)
            seconds = time.monotonic() - (worker.deadline - self.limits.seconds)
            return Indexed(
                task, failure="the reader process stopped while reading it", seconds=max(seconds, 0)
            )
        if not isinstance(result, Indexed):  # ready (None), or one article read (a tick)
            worker.ready, worker.deadline = True, time.monotonic() + self.limits.seconds
            worker.started, worker.cpu = time.monotonic(), _cpu_seconds(worker.process.pid)
            return None
        worker.task = None
        return result

    def close(self) -> None:
        for worker in list(self._alive):
            with contextlib.suppress(OSError):
                worker.connection.send(None)
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                worker.process.kill()
            worker.connection.close()
        self._alive.clear()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
