"""Session and access checks: what every logged-in rerun adds (issue 11's target: at most 1 ms).

Every rerun of a logged-in page calls `sessions.check` (one indexed read, a write at most once a minute);
a page showing a case adds the need-to-know check `access.can_read_case`. Both are timed as the median of
many calls on the scale's database, beside a bare `SELECT 1` on the same connection (the floor of any query).
"""

from __future__ import annotations

from bench.registry import Result, operation, timed


@operation("session and access checks per rerun", scales=("demo", "large"))
def session_checks(ctx) -> list[Result]:
    from reviews.models import Role, User
    from reviews.services import access, auth, sessions

    db = ctx.open_db()
    try:
        admin = User(id=0, username="bench", full_name="Bench", role=Role.ADMINISTRATOR)
        reviewer = next(u for u in auth.list_users(db, admin) if u.role == Role.REVIEWER and u.active)
        session_id = sessions.start(db, reviewer, method="password").session.id
        case_id = db.fetchone("SELECT min(case_id) FROM review_cases")[0]
        reps = ctx.reps(500, 50)
        floor, _ = timed(lambda: db.fetchone("SELECT 1"), reps, warmup=20)
        check, _ = timed(lambda: sessions.check(db, session_id), reps, warmup=20)

        need, _ = timed(lambda: access.can_read_case(db.cursor(), reviewer, case_id), reps, warmup=20)
    finally:
        db.close()
    both = check + need
    return [
        Result(f"session check {ctx.scale}", check * 1000, "ms", ratio=check / floor if floor else None),
        Result(f"need-to-know check {ctx.scale}", need * 1000, "ms", ratio=need / floor if floor else None),
        Result(f"session and access checks per rerun {ctx.scale}", both * 1000, "ms", target="<= 1 ms",
               met=both <= 0.001),
    ]
