"""Values computed from stored rows, kept per Database while nothing has been written since.

Streamlit reruns a whole page on every click, and most of what a page shows (a year's statistics, the
register's page of rows, the lists in a form) is the same as on the previous rerun. A service computes such a
value through `kept(db, key, compute)`: the value of `key` computed under the database's current
`data_version()` is returned as it is; any write that may change stored rows (every write but the bookkeeping
ones: audit rows of reads and searches, session touches, drafts) makes every kept value stale. The key must hold everything else the
value depends on (the arguments, and the time where the value depends on it: see `minute()`), never the
permission check or the audit row of the read, which the service does on every call.

Kept values are shared by all sessions of the process: callers must treat them as read-only (copy a
DataFrame before changing it).
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from reviews import clock

T = TypeVar("T")

# Per Database: key -> (data version, value), least recently used first.
_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()
MAX_PER_DATABASE = 256
_computed = 0


def computed() -> int:
    """How many values this process has computed rather than served kept: for tests."""
    return _computed


def kept(db, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or the value kept under `key` while no write has changed `db` since it was computed."""
    global _computed
    version = db.data_version()  # before the reads: a write meanwhile makes the value stale at once
    with _lock:
        entries = _kept.get(db)
        held = entries.get(key) if entries is not None else None
        if held is not None and held[0] == version:
            entries.move_to_end(key)
            return held[1]
    value = compute()
    with _lock:
        _computed += 1
        entries = _kept.setdefault(db, OrderedDict())
        entries[key] = (version, value)
        entries.move_to_end(key)
        while len(entries) > MAX_PER_DATABASE:
            entries.popitem(last=False)
    return value


def minute(now: dt.datetime | None = None) -> dt.datetime:
    """The current minute, for the key of a value that depends on the time (deadlines, "overdue")."""
    return (now or clock.now()).replace(second=0, microsecond=0)
