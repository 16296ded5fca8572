"""Reading untrusted files in a child process with CPU-time and memory limits.

A file shared in Slack or dropped in a folder may be hostile: a 92 KB PDF whose pages all
reuse one 60 MiB compressed stream keeps pypdf busy for many minutes; a text of one endless
line makes the cleaner and spaCy swallow gigabytes. `load_article_bounded` runs
`load_article` in a child (forked from a fork server, so it is cheap and safe from a
threaded process) whose CPU time per file and address space are capped with
`resource.setrlimit`. A file that hits a limit costs at most the limit and comes back as
`UnreadableFile` with one sentence saying which limit:

    article = load_article_bounded(Path("report.pdf"), {}, ParseLimits(cpu_seconds=10))
    with BoundedReader(limits) as reader:  # many files, one child
        articles = [reader.read(path) for path in paths]

The child only reads and cleans; the spaCy analysis runs in the caller, on text whose size
`load_article` has bounded.
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from multiprocessing.connection import Connection
from pathlib import Path

from bot.config import Settings
from bot.models import Article
from bot.pipeline.articles import UnreadableFile, load_article

log = logging.getLogger(__name__)

MB = 1024 * 1024
# The child's exit code when it ran out of memory and could not even report it.
_OUT_OF_MEMORY = 86
# Wall-clock slack over the CPU limit (start-up, a machine busy with other work).
_WALL_FACTOR, _WALL_EXTRA = 3.0, 10.0


@dataclass(frozen=True)
class ParseLimits:
    """What reading one file may cost. `max_bytes`: larger files are refused unread."""

    cpu_seconds: float = 20.0
    memory_mb: int = 1024
    max_bytes: int | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> ParseLimits:
        return cls(cpu_seconds=settings.parse_seconds, memory_mb=settings.parse_memory_mb,
                   max_bytes=int(settings.max_file_mb * MB))

    def cpu_reason(self) -> str:
        return (f"reading it took more than {self.cpu_seconds:g} s of CPU time "
                "(NEWSDESK_PARSE_SECONDS); a hostile or broken file?")

    def memory_reason(self) -> str:
        return (f"reading it needed more than {self.memory_mb} MB of memory "
                "(NEWSDESK_PARSE_MEMORY_MB); a hostile or broken file?")


def _forget_inherited_fork_server() -> None:
    """In a forked child, drop the parent's fork server: multiprocessing would try to wait for
    it (ChildProcessError, it is not this process's child) instead of starting its own."""
    server = multiprocessing.forkserver._forkserver
    if server._forkserver_alive_fd is not None:
        with contextlib.suppress(OSError):
            os.close(server._forkserver_alive_fd)
    server._forkserver_pid = server._forkserver_address = server._forkserver_alive_fd = None
    server._lock = threading.Lock()  # another thread may have held it at the fork


os.register_at_fork(after_in_child=_forget_inherited_fork_server)


@cache
def _context() -> multiprocessing.context.BaseContext:
    """A fork server with the readers (and the main module) imported once: each child is a
    cheap fork of it, and forking it (not this process, which may run threads) is safe.
    Preloading "__main__" spares each child re-importing the main script; like any
    multiprocessing program, a main script must guard its work with `if __name__ == "__main__"`.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "bot.pipeline.articles"])
    return context


def start_fork_server() -> None:
    """Start the fork server now (it imports the readers: a second or two), so that the first
    file after start-up does not wait for it. Idempotent."""
    _context()
    multiprocessing.forkserver.ensure_running()


class BoundedReader:
    """A child process that reads files one at a time, each within the limits.

    The child is started on the first read and kept for the next ones (a fork per file would
    cost more than reading most articles); a file that kills it (a limit hit) gets its reason
    and the next read starts a fresh child. Use one reader per thread, and close it:

        with BoundedReader(ParseLimits(cpu_seconds=10)) as reader:
            article = reader.read(Path("report.pdf"), {})
    """

    def __init__(self, limits: ParseLimits) -> None:
        self.limits = limits
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> BoundedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, path: Path, overrides: Mapping[str, str] | None = None) -> Article:
        """`load_article(path, overrides)` in the child; UnreadableFile (one sentence) when the
        file cannot be read or hits a limit, ValueError for an invalid given date."""
        conn = self._start()
        wall = self.limits.cpu_seconds * _WALL_FACTOR + _WALL_EXTRA
        try:
            conn.send((str(path), dict(overrides or {})))
            message = conn.recv() if conn.poll(wall) else None
        except (EOFError, OSError):  # the child died without a word (a limit, a crash)
            message = None
        if message is None or message[0] == "memory":
            exitcode = self._stop(stuck=message is None)
            if message is None:
                log.warning("reader stopped path=%s exitcode=%s", path, exitcode)
                message = _death_message(exitcode)
        return _outcome(message, self.limits)

    def close(self) -> None:
        self._stop(stuck=False)

    def _start(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self._stop(stuck=True)
        parent, child = _context().Pipe()
        process = _context().Process(target=_serve, args=(child, self.limits),
                                     name="newsdesk-reader", daemon=True)
        try:
            process.start()
        finally:
            child.close()
        self._process, self._conn = process, parent
        return parent

    def _stop(self, *, stuck: bool) -> int | None:
        """Stop the child (killing it if it is `stuck` or does not end); its exit code."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()  # a waiting child sees EOF and exits
        if process is None:
            return None
        process.join(0.2 if stuck else 5)
        if process.is_alive():
            process.kill()
            process.join(5)
        return process.exitcode


def load_article_bounded(
    path: Path, overrides: Mapping[str, str] | None, limits: ParseLimits
) -> Article:
    """One file read by a child of its own (see `BoundedReader`)."""
    with BoundedReader(limits) as reader:
        return reader.read(path, overrides)


def _death_message(exitcode: int | None) -> tuple[str, str]:
    """What a child's end says: the CPU limit (SIGXCPU, or killed past its wall time),
    memory, or something else."""
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL, None):
        return ("cpu", "")
    if exitcode == _OUT_OF_MEMORY:
        return ("memory", "")
    return ("unreadable", f"the reader stopped unexpectedly (exit code {exitcode})")


def _outcome(message: tuple[str, object], limits: ParseLimits) -> Article:
    kind, value = message
    if kind == "article":
        assert isinstance(value, Article)
        return value
    if kind == "invalid":
        raise ValueError(str(value))
    if kind == "memory":
        raise UnreadableFile(limits.memory_reason())
    if kind == "cpu":
        raise UnreadableFile(limits.cpu_reason())
    raise UnreadableFile(str(value))


def _serve(conn: Connection, limits: ParseLimits) -> None:
    """The child: cap memory, then read each requested file within a fresh CPU allowance."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a SIGXCPU end leaves no core file
    memory = _mapped_bytes() + limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    while True:
        try:
            path, overrides = conn.recv()
        except (EOFError, OSError):
            return
        _allow_cpu(limits.cpu_seconds)
        message = _read(path, overrides, limits)
        try:
            conn.send(message)
        except MemoryError:
            os._exit(_OUT_OF_MEMORY)


def _read(path: str, overrides: dict[str, str], limits: ParseLimits) -> tuple[str, object]:
    try:
        return ("article", load_article(Path(path), overrides, max_bytes=limits.max_bytes))
    except MemoryError:
        return ("memory", "")
    except UnreadableFile as exc:
        return ("unreadable", str(exc) or "unreadable file")
    except ValueError as exc:  # an invalid date given on the command line or in the message
        return ("invalid", str(exc))
    except RecursionError:
        return ("unreadable", "too deeply nested to read")
    except Exception as exc:  # a reader bug on a strange file: this file's problem only
        return ("unreadable", f"could not be read ({type(exc).__name__})")


def _allow_cpu(seconds: float) -> None:
    """SIGXCPU (which ends the child) once this file has used `seconds` more CPU time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    # The limit is in whole seconds of the process's total: the nearest to `seconds` more.
    soft = max(math.floor(used) + 1, round(used + max(1.0, seconds)))
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _mapped_bytes() -> int:
    """This process's virtual size now (Linux /proc; 0 where there is none)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0
