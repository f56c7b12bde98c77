"""The data-safety page does not compute the retention plan or list the backup folder on every rerun: the
services keep both until something they read changes (reviews.services.retention, reviews.services.backups).
Counted with the services' own counters of real computations."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from streamlit.testing.v1 import AppTest

from reviews import i18n
from reviews.models import Role
from reviews.models.data_safety import RecordKind
from reviews.services import backups, retention
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests.conftest import ROOT, demo_user

pytestmark = pytest.mark.safety


def _settle(folder: str) -> None:
    """Age the folder's stamp past backups.SETTLED_NS, as a minute going by would."""
    old = time.time_ns() - 60 * 1_000_000_000
    os.utime(folder, ns=(old, old))


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at: AppTest, column_key: str):
    label = i18n.t(column_key, "da")
    return next(d.value for d in at.dataframe if label in d.value.columns)


def _plan_counts(at: AppTest) -> dict[str, int]:
    frame = _table(at, "ds.col_count")
    return dict(zip(frame[i18n.t("ds.col_kind", "da")], frame[i18n.t("ds.col_count", "da")], strict=True))


def _plan_reads(db_path) -> int:
    probe = Database(str(db_path))
    try:
        return probe.fetchone("SELECT count(*) FROM audit_log WHERE action = 'read'"
                              " AND record_type = 'retention_plan'")[0]
    finally:
        probe.close()


def test_reruns_reuse_the_plan_and_the_backup_listing_and_changes_show_up(monkeypatch, demo_db_path, tmp_path):
    monkeypatch.setenv("REVIEWS_DB", str(demo_db_path))
    monkeypatch.setenv("REVIEWS_BACKUP_DIR", str(tmp_path / "backups"))
    db = Database(str(demo_db_path))
    admin, chair = demo_user(db, Role.ADMINISTRATOR), demo_user(db, Role.CHAIR)
    backups.create_backup(db, admin)
    folder = backups.backup_folder(db, admin)
    db.close()
    _settle(folder)
    reads_before = _plan_reads(demo_db_path)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["user"] = admin
    at.session_state["lang"] = "da"
    _ok(at.run())
    _ok(at.switch_page("pages/data_safety.py").run())
    plans, scans = retention.plans_computed(), backups.scans()
    first_counts = _plan_counts(at)
    assert len(_table(at, "ds.backup_name")) == 1
    assert _plan_reads(demo_db_path) == reads_before + 1

    # Reruns through widgets that change nothing: a refused insight request (blank pseudonym), plain reruns.
    at.text_input(key="insight_pseudonym").input(" ")
    _ok(next(b for b in at.button if b.label == i18n.t("ds.insight_make", "da")).click().run())
    assert at.error  # the refusal is shown
    _ok(at.run())
    _ok(at.run())
    assert (retention.plans_computed(), backups.scans()) == (plans, scans)
    assert _plan_counts(at) == first_counts and len(_table(at, "ds.backup_name")) == 1
    assert _plan_reads(demo_db_path) == reads_before + 1  # the same plan, read once in this page view

    # A new backup shows up at once (its folder changed).
    _ok(at.button(key="backup_now").click().run())
    assert len(_table(at, "ds.backup_name")) == 2
    assert backups.scans() > scans

    # A review closed long ago makes its cases expire: the next rerun computes the plan again and shows them.
    db = Database(str(demo_db_path))
    review = review_service.find_review(db, chair, "Task Force 4200")
    review_service.update_review(db, chair, review.id, review.version, review_service.ReviewForm(
        review.name, review.mandate, review.deadline, review.blind, dt.date(2015, 1, 31)))
    expiring = db.fetchone("SELECT count(*) FROM review_cases WHERE review_id = ?", [review.id])[0]
    db.close()
    assert expiring > 0
    _ok(at.run())
    assert retention.plans_computed() == plans + 1
    counts = _plan_counts(at)
    assert sum(counts.values()) >= sum(first_counts.values()) + expiring
    assert _plan_reads(demo_db_path) == reads_before + 2  # another plan shown: another read
    _ok(at.run())
    assert retention.plans_computed() == plans + 1

    # The cases deleted by the job are gone from the plan shown next.
    at.checkbox(key="retention_confirm").check()
    _ok(next(b for b in at.button if b.label == i18n.t("ds.run_delete", "da")).click().run())
    assert retention.plans_computed() > plans + 1
    assert sum(_plan_counts(at).values()) == 0
    assert at.info and any(i.value == i18n.t("ds.plan_empty", "da") for i in at.info)


def test_the_plan_is_computed_afresh_unless_the_caller_asks_for_the_kept_one(demo_db):
    """The CLI and the deletion job see the database as it is; only the page asks for the kept plan."""
    admin = demo_user(demo_db, Role.ADMINISTRATOR)
    before = retention.plans_computed()
    retention.plan(demo_db, admin)
    retention.plan(demo_db, admin)
    assert retention.plans_computed() == before + 2
    retention.plan(demo_db, admin, cached=True)
    retention.plan(demo_db, admin, cached=True)
    retention.plan(demo_db, admin, cached=True, today=dt.date(2040, 1, 1))  # another day: another plan
    assert retention.plans_computed() == before + 4
    # A policy change is a change the plan depends on.
    policy = retention.get_policy(demo_db, admin, cached=True)
    retention.set_policy(demo_db, admin, policy.__class__(**{**policy.__dict__, "audit_log_years": 1}))
    assert retention.get_policy(demo_db, admin, cached=True).audit_log_years == 1
    shorter = retention.plan(demo_db, admin, cached=True, today=dt.date(2040, 1, 1))
    assert retention.plans_computed() == before + 5
    assert shorter.cutoffs[RecordKind.AUDIT_LOG] == dt.date(2039, 1, 1)
