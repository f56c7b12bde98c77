"""The OCR of imported scans as a background job: one daemon thread per job, progress in the database.

The scanned pixels are held in memory only (the original file is never stored), so a job that a server
restart cut short cannot resume: it is marked interrupted (`reviews.services.casefiles` does that for any
unfinished job this process does not run) and the page says to import the file again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

_ACTIVE: set[int] = set()
_THREADS: dict[int, threading.Thread] = {}
_LOCK = threading.Lock()


def is_active(job_id: int) -> bool:
    with _LOCK:
        return job_id in _ACTIVE


def start(job_id: int, work: Callable[[], None]) -> threading.Thread:
    """Run `work` (which records its own progress and outcome) in a daemon thread."""
    with _LOCK:
        _ACTIVE.add(job_id)

    def run() -> None:
        try:
            work()
        except Exception:  # noqa: BLE001 - the job records its failure itself; never crash the server
            log.exception("case-file job %s failed", job_id)
        finally:
            with _LOCK:
                _ACTIVE.discard(job_id)
                _THREADS.pop(job_id, None)

    thread = threading.Thread(target=run, name=f"casefile-ocr-{job_id}", daemon=True)
    with _LOCK:
        _THREADS[job_id] = thread
    thread.start()
    return thread


def wait(job_id: int, timeout: float | None = None) -> None:
    """Block until the job's thread ends (tests, and a command line that started one)."""
    with _LOCK:
        thread = _THREADS.get(job_id)
    if thread is not None:
        thread.join(timeout)


def mark_active(job_id: int, active: bool) -> None:
    """For a job run in the caller's own thread (the command line)."""
    with _LOCK:
        (_ACTIVE.add if active else _ACTIVE.discard)(job_id)
