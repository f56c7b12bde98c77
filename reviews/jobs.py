"""Background jobs of the running app: today only the daily backup.

One daemon thread per process (started with the shared Database in `reviews.ui`); it wakes every
quarter of an hour and takes the automatic backup when the newest is a day old. A failure (a full
disk, say) is logged and tried again at the next wake-up; it never reaches a user's session.
"""

from __future__ import annotations

import logging
import threading

from reviews.services import backups

log = logging.getLogger(__name__)

CHECK_EVERY_S = 15 * 60
FIRST_CHECK_AFTER_S = 60  # let the server start and serve its first pages first


def start_daily_backups(db, *, first_after: float = FIRST_CHECK_AFTER_S, every: float = CHECK_EVERY_S,
                        stop: threading.Event | None = None) -> threading.Thread:
    stop = stop or threading.Event()

    def loop() -> None:
        wait = first_after
        while not stop.wait(wait):
            wait = every
            try:
                taken = backups.daily_backup_if_due(db, backups.SYSTEM_ACTOR)
                if taken:
                    log.info("daily backup written: %s", taken.name)
            except Exception:  # noqa: BLE001 - keep the job alive; the next wake-up tries again
                log.exception("daily backup failed")

    thread = threading.Thread(target=loop, name="daily-backup", daemon=True)
    thread.start()
    return thread
