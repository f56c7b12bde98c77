"""Generation counters for what in-memory caches of stored rows depend on.

A storage function that writes rows a cache depends on calls `changed(topic)`; a cache entry remembers the
generation it was computed under and is used only while that is still current. The counter moves at once
(a read overlapping the transaction does not keep its result) and again after the commit (a read between
the two saw the old rows). It is process-wide, not per Database: several Database objects on one file
then invalidate each other's caches. A rolled-back write leaves only the first, harmless bump.
"""

from __future__ import annotations

import threading

from reviews.storage.database import after_commit

# Who may read which case (reviews.services.access): reviews and their chair, members and selected cases,
# hand-registered cases, the ombudsman's inquiries and mediation cases, break-the-glass grants, accounts.
ACCESS = "access"
# What the deletion plan (reviews.services.retention) reads besides the rows ACCESS covers (which it also
# depends on): the closing dates of cases and reviews, the settings (its policy), the audit rows it deletes.
RETENTION = "retention"

_generations: dict[str, int] = {}
_lock = threading.Lock()


def _bump(topic: str) -> None:
    with _lock:
        _generations[topic] = _generations.get(topic, 0) + 1


def changed(topic: str) -> None:
    """Rows `topic`'s caches depend on are being written (call inside the write)."""
    _bump(topic)
    after_commit(lambda: _bump(topic))


def generation(topic: str) -> int:
    """Read before computing what is cached: an entry computed under this value is good while it is current."""
    return _generations.get(topic, 0)
