"""A writing process for the crash-safety test (tests/test_crash_safety.py): it is killed with SIGKILL.

    python tests/crash_writer.py DBPATH RUN [--seed N] [--checkpoint-threshold SIZE] [--hold POINT:KIND]

Opens the database file and makes real saves through the service layer, each a business change and
its audit row in one `db.write` transaction, until it is killed. Protocol on stdout, one flushed line each:

    READY                              database open, users found
    BEGIN <kind> <marker> [<case id>]  a save is about to start
    ACK <kind> <id> <marker> [<extra>] the save returned: acknowledged to the user
                                       (extra: the case id of an event, the new version of an update)
    INSIDE <point> <kind> <marker>     --hold only: stopped inside the transaction, waiting to be killed

Kinds: `case` (create_case), `event` (add_event), `update` (update_case with the expected version),
`inquiry` (create_inquiry as the ombudsman, with one cause link). Each marker is unique in the file
(`r<RUN>n<N>`), and every text saved is `content(marker)`, so the test can find exactly that save.

--hold POINT:KIND makes three ordinary saves, then a save of KIND that stops inside its transaction,
either just before the audit insert (`after_business`) or just after it (`after_audit`), uncommitted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("REVIEWS_PASSWORD_PROFILE", "cheap")  # before reviews.services.auth is imported
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: make `reviews` importable

from reviews import clock  # noqa: E402
from reviews.models import EventType, Role  # noqa: E402
from reviews.models.ombudsman import Channel, InquiryType  # noqa: E402
from reviews.services import auth, cases, inquiries  # noqa: E402
from reviews.storage import audit as audit_storage  # noqa: E402
from reviews.storage import ombudsman_categories as categories_repo  # noqa: E402
from reviews.storage import users as users_repo  # noqa: E402
from reviews.storage.database import Database  # noqa: E402

CHAIR = "krasj-formand"
OMBUDSMAN = "krasj-borgerraadgiver"
AREA = "Børn og Familie"
KINDS = ("event", "update", "inquiry", "case")
WEIGHTS = (4, 3, 2, 1)
HOLD_POINTS = ("after_business", "after_audit")


def content(marker: str) -> str:
    # Non-ASCII and punctuation on purpose: the exact text must survive, not just the row.
    return f"Krasjtest {marker}: æøå ÆØÅ – «citat» {marker[::-1]}"


def pseudonym(marker: str) -> str:
    return f"Krasj {marker}"


def citizen(marker: str) -> str:
    return f"Krasj-borger {marker}"


def ensure_users(db: Database) -> None:
    """The writer's two actors; the test creates them once before the first run."""
    for username, role in ((CHAIR, Role.CHAIR), (OMBUDSMAN, Role.OMBUDSMAN)):
        if users_repo.by_username(db.cursor(), username) is None:
            auth.create_user_unchecked(db, None, username=username, full_name=f"Krasj {role.value}", role=role,
                                       password="krasj-kode-2026")


def _emit(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def _arm_hold(point: str, kind: str, state: dict) -> None:
    """Wrap the audit insert so that the armed save stops inside its transaction, uncommitted."""
    real_insert = audit_storage.insert

    def hold() -> None:
        _emit("INSIDE", point, kind, state["marker"])
        while True:  # until the test kills this process
            time.sleep(60)

    def insert(cur, **kwargs):
        if state.get("armed") and point == "after_business":
            hold()
        real_insert(cur, **kwargs)
        if state.get("armed") and point == "after_audit":
            hold()

    audit_storage.insert = insert


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("run", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--checkpoint-threshold", default="",
                        help="e.g. 256KB: DuckDB checkpoints during the saves, so kills land in checkpoints too")
    parser.add_argument("--hold", default="", help="POINT:KIND, e.g. after_business:update")
    args = parser.parse_args(argv)

    hold_point, _, hold_kind = args.hold.partition(":")
    if args.hold and (hold_point not in HOLD_POINTS or hold_kind not in KINDS):
        parser.error(f"--hold: POINT in {HOLD_POINTS}, KIND in {KINDS}")
    hold_state: dict = {}
    if args.hold:
        _arm_hold(hold_point, hold_kind, hold_state)

    rng = random.Random(args.seed * 100_003 + args.run)
    db = Database(args.db)
    if args.checkpoint_threshold:
        db.fetchall("SET GLOBAL checkpoint_threshold = ?", [args.checkpoint_threshold])
    chair = users_repo.by_username(db.cursor(), CHAIR)[0]
    ombudsman = users_repo.by_username(db.cursor(), OMBUDSMAN)[0]
    cause_id = categories_repo.causes(db.cursor(), include_retired=False, usage=False)[0].id
    _emit("READY")

    own: dict[int, tuple[str, int]] = {}  # this run's cases: id -> (pseudonym, version)
    n = 0
    while True:
        n += 1
        marker = f"r{args.run}n{n}"
        if not own:
            kind = "case"
        elif args.hold and n > 3:
            kind = hold_kind
            hold_state.update(armed=True, marker=marker)
        else:
            kind = rng.choices(KINDS, WEIGHTS)[0]

        if kind == "case":
            _emit("BEGIN", kind, marker)
            case = cases.create_case(db, chair, cases.CaseForm(pseudonym=pseudonym(marker), area=AREA,
                                                               summary=content(marker))).record
            own[case.id] = (case.pseudonym, case.version)
            _emit("ACK", kind, case.id, marker)
        elif kind == "event":
            case_id = rng.choice(sorted(own))
            _emit("BEGIN", kind, marker, case_id)
            event = cases.add_event(db, chair, case_id, event_date=clock.today(), event_type=EventType.MEETING,
                                    text=content(marker)).record
            _emit("ACK", kind, event.id, marker, case_id)
        elif kind == "update":
            case_id = rng.choice(sorted(own))
            name, version = own[case_id]
            _emit("BEGIN", kind, marker, case_id)
            case = cases.update_case(db, chair, case_id, version, cases.CaseForm(
                pseudonym=name, area=AREA, summary=content(marker))).record
            own[case_id] = (name, case.version)
            _emit("ACK", kind, case_id, marker, case.version)
        else:
            _emit("BEGIN", kind, marker)
            inquiry = inquiries.create_inquiry(db, ombudsman, inquiries.InquiryForm(
                received_at=clock.now() - dt.timedelta(hours=1), channel=Channel.PHONE, area=AREA,
                inquiry_type=InquiryType.COMPLAINT, citizen=citizen(marker), account=content(marker),
                cause_ids=(cause_id,))).record
            _emit("ACK", kind, inquiry.id, marker)


if __name__ == "__main__":
    sys.exit(main())
