"""Data-safety benches: what backups, the file rebuild and the deletion plan cost at large scale.

- "backup": `Database.copy_to` (COPY FROM DATABASE into a fresh file, verified, fsynced, renamed) on a
  copy of the large database, against a plain `shutil.copyfile` of the same checkpointed file in the
  same run. The backup rewrites every block (and leaves deleted rows behind), so it is slower than a
  byte copy; target within 10x, and within 10 s absolute, since the app's writers wait meanwhile.
- "rebuild": the same copy plus the swap and reconnect, as the deletion job does after deleting.
- "retention plan": finding every expired record (cases by their reviews' closing dates, inquiries,
  mediation cases, audit rows) on the large database; target within 1 s (the page shows it on each run).
"""

from __future__ import annotations

import os
import shutil

from bench.registry import Result, operation, timed


@operation("data safety: backup, rebuild, retention plan", scales=("large",))
def data_safety_bench(ctx) -> list[Result]:
    from reviews.models import Role, User
    from reviews.services import retention
    from reviews.storage.database import Database

    work = ctx.workdir / "data_safety"
    work.mkdir(exist_ok=True)
    source = work / "large.duckdb"
    shutil.copyfile(ctx.db_path, source)
    db = Database(str(source))
    try:
        db.checkpoint()
        size_mb = os.path.getsize(source) / 1e6
        counter = iter(range(1000))

        def fresh_target() -> str:
            path = work / f"copy-{next(counter)}.duckdb"
            return str(path)

        plain, _ = timed(lambda: shutil.copyfile(source, fresh_target()), ctx.reps(3), warmup=1)
        backup, _ = timed(lambda: db.copy_to(fresh_target()), ctx.reps(3), warmup=1)
        rebuild, _ = timed(db.rebuild, ctx.reps(3))
        admin = User(id=0, username="bench", full_name="Bench", role=Role.ADMINISTRATOR)
        plan, _ = timed(lambda: retention.plan(db, admin), ctx.reps(5), warmup=1)
        backup_mb = os.path.getsize(work / "copy-3.duckdb") / 1e6 if (work / "copy-3.duckdb").exists() else None
    finally:
        db.close()
        shutil.rmtree(work, ignore_errors=True)
    ratio = backup / plain if plain else None
    return [
        Result(f"backup large: {size_mb:,.1f} MB database (plain file copy {plain * 1000:,.0f} ms)", backup * 1000,
               "ms", ratio=ratio, target="<= 10x file copy and <= 10 s",
               met=ratio is not None and ratio <= 10 and backup <= 10),
        Result("backup large: size of the backup file", backup_mb, "MB"),
        Result("rebuild large: fresh copy swapped in", rebuild * 1000, "ms", ratio=rebuild / plain if plain else None),
        Result("retention plan large", plan * 1000, "ms", target="<= 1000 ms", met=plan <= 1.0),
    ]
