"""Accounts, login, the permission table and the audit log."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pyotp
import pytest

import reviews.services
from reviews import clock
from reviews.errors import AuthenticationFailed, PermissionDenied, ValidationError
from reviews.models import Role, User
from reviews.services import audit, auth, second_factor, sessions
from reviews.services.permissions import GUARDED, PERMISSIONS
from reviews.services.cases import CaseForm, create_case


def test_passwords_are_argon2_hashes(db, users):
    stored = db.fetchone("SELECT password_hash FROM users WHERE username = 'chair'")[0]
    assert stored.startswith("$argon2id$") and "test-password-1" not in stored
    # The chair reads case material: a correct password leads to the second step, not to a login.
    assert auth.login(db, "chair", "test-password-1").user.username == "chair"
    assert auth.login(db, "reader", "test-password-1").username == "reader"


def test_login_logs_success_and_failure(db, users):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    now = clock.now()
    second_factor.enrol_unchecked(db, None, users[Role.CHAIR].id, secret)
    with pytest.raises(AuthenticationFailed):
        auth.login(db, "chair", "wrong password")
    with pytest.raises(AuthenticationFailed):
        auth.login(db, "nobody", "test-password-1")
    pending = auth.login(db, "CHAIR", "test-password-1")  # usernames are case-insensitive
    user = auth.complete_login(db, pending, pyotp.TOTP(secret).at(now.replace(tzinfo=dt.UTC)))
    assert user.role == Role.CHAIR
    session = sessions.start(db, user, method="totp").session
    sessions.end(db, user, session.id)
    actions = [r[0] for r in db.fetchall("SELECT action FROM audit_log WHERE action LIKE 'log%' ORDER BY id")]
    assert actions == ["login_failed", "login_failed", "login_password", "login", "logout"]


def test_closed_account_cannot_log_in(db, users):
    admin = users[Role.ADMINISTRATOR]
    auth.update_user(db, admin, users[Role.READER].id, full_name="Test reader", role=Role.READER, active=False)
    with pytest.raises(AuthenticationFailed):
        auth.login(db, "reader", "test-password-1")


def test_account_rules(db, users):
    admin = users[Role.ADMINISTRATOR]
    with pytest.raises(ValidationError):
        auth.create_user(db, admin, username="kort", full_name="Kort Kode", role=Role.READER, password="123")
    with pytest.raises(ValidationError):
        auth.create_user(db, admin, username="chair", full_name="Dublet", role=Role.READER, password="long-enough-1")
    with pytest.raises(ValidationError):
        auth.update_user(db, admin, admin.id, full_name="Admin", role=Role.READER, active=True)
    with pytest.raises(PermissionDenied):
        auth.create_user(db, users[Role.CHAIR], username="ny", full_name="Ny", role=Role.ADMINISTRATOR,
                         password="long-enough-1")
    auth.change_own_password(db, users[Role.READER], "test-password-1", "a-new-password-2")
    assert auth.login(db, "reader", "a-new-password-2").role == Role.READER
    with pytest.raises(AuthenticationFailed):
        auth.change_own_password(db, users[Role.READER], "wrong-old", "another-password-3")


def _public_service_functions():
    for info in pkgutil.iter_modules(reviews.services.__path__):
        if info.name == "permissions":  # the guard itself
            continue
        module = importlib.import_module(f"reviews.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                yield module.__name__, name, fn


# Functions that run before anyone is logged in, or inside another guarded call's transaction.
UNGUARDED = {
    "reviews.services.auth.login", "reviews.services.auth.hash_password",
    # Server-side sessions: started by a login, checked on every rerun, ended by logout (ui.py and the
    # web routes); a session's own token or user is the proof. The access review's count is read inside
    # the guarded access_review call.
    "reviews.services.sessions.sign", "reviews.services.sessions.unsign", "reviews.services.sessions.start",
    "reviews.services.sessions.bind", "reviews.services.sessions.resume", "reviews.services.sessions.check",
    "reviews.services.sessions.end", "reviews.services.sessions.end_for_user",
    "reviews.services.sessions.invalidate_checks",
    "reviews.services.sessions.live_session_counts",
    "reviews.services.auth.create_user_unchecked", "reviews.services.auth.user_count",
    "reviews.services.audit.record",
    # A read's audit row, written by the guarded read services (once per page view); the page view itself
    # (set by ui.py around each run) holds no data. The plan and backup-listing counters are plain numbers.
    "reviews.services.audit.record_read", "reviews.services.audit.page_view",
    "reviews.services.retention.plans_computed", "reviews.services.backups.scans",
    # Need-to-know checks that guarded functions run inside their own transaction (they take a cursor).
    "reviews.services.access.case_scope", "reviews.services.access.can_read_case",
    "reviews.services.access.require_readable", "reviews.services.access.works_on_review",
    "reviews.services.access.readable_case_ids",
    # The case-file search index, kept by the guarded import and OCR job inside their own transactions
    # (index_pages takes their cursor; settle only reorders the index's rows and reads nothing out).
    "reviews.services.casefile_search.index_pages", "reviews.services.casefile_search.settle",
    # The consent rule the case-review services share (they log and raise inside their own guarded call).
    "reviews.services.reviews.require_basis", "reviews.services.reviews.no_basis",
    # The login's second step (the PendingLogin proves the password), the password rules, and the
    # operator's command line (unlock, reset) and the demo loader (enrol with the demo secret).
    "reviews.services.auth.complete_login", "reviews.services.auth.complete_enrolment",
    "reviews.services.auth.verify_password", "reviews.services.auth.is_common_password",
    "reviews.services.auth.unlock_unchecked",
    "reviews.services.second_factor.required_roles", "reviews.services.second_factor.is_required",
    "reviews.services.second_factor.time_step", "reviews.services.second_factor.next_step",
    "reviews.services.second_factor.check_code", "reviews.services.second_factor.enrol_in_transaction",
    "reviews.services.second_factor.enrolment_for", "reviews.services.second_factor.enrol_unchecked",
    "reviews.services.second_factor.reset_unchecked",
    # The store of values kept between reruns: guarded services call it inside their own guarded call
    # (kept values hold no permission; the caller checks and logs on every call).
    "reviews.services.kept.kept", "reviews.services.kept.minute", "reviews.services.kept.computed",
    # A pure function of a report the guarded ombudsman_stats.yearly_report already returned.
    "reviews.services.ombudsman_stats.key_figures",
    # Rules the case-review services share, run inside their guarded calls with the caller's cursor.
    "reviews.services.review_rules.review_or_404", "reviews.services.review_rules.member_access",
    "reviews.services.review_rules.viewer_of", "reviews.services.review_rules.clean_codes",
    "reviews.services.review_rules.learning_point_or_404", "reviews.services.review_rules.meeting_or_404",
    "reviews.services.meetings.minutes_content", "reviews.services.learning_points.save_version",
    # Single sign-on: the provider's claims are the proof (checked by Authlib at the callback, then for
    # freshness, single use and assurance level); the callback's refusal is logged before anyone is known.
    "reviews.services.sso.sign_in", "reviews.services.sso.record_callback_refused",
    "reviews.services.sso.read_claims", "reviews.services.sso.nsis_level", "reviews.services.sso.level_suffices",
}


def test_every_public_service_function_is_guarded():
    missing = [f"{m}.{n}" for m, n, fn in _public_service_functions()
               if f"{m}.{n}" not in UNGUARDED and not hasattr(fn, "required_action")]
    assert missing == []
    assert set(GUARDED.values()) <= set(PERMISSIONS)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_guard_refuses_every_role_outside_the_table(db, users, role):
    """Calling each guarded function as a role outside its permission must raise before any work."""
    user = users[role]
    for module_name, name, fn in _public_service_functions():
        action = getattr(fn, "required_action", None)
        if action is None or role in PERMISSIONS[action]:
            continue
        with pytest.raises(PermissionDenied):
            fn(db, user)  # the guard runs before argument handling
    inactive = User(**{**user.__dict__, "active": False})
    with pytest.raises(PermissionDenied):
        audit.audit_actions(db, inactive)


def test_audit_log_filter_and_csv_export(db, users):
    admin, chair = users[Role.ADMINISTRATOR], users[Role.CHAIR]
    create_case(db, chair, CaseForm("Familie 21", summary="Søskende på Ærø"))
    entries, total = audit.search_audit(db, admin, pseudonym="familie 21")
    assert total == 1 and entries[0].action == "create" and entries[0].username == "chair"
    data = audit.export_audit_csv(db, admin, pseudonym="Familie 21", purpose="Indsigtsanmodning")
    text = data.decode("utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert text.splitlines()[0].startswith("id;logged_at;user_id;username;action")
    assert "Familie 21" in text
    last = db.fetchone("SELECT action, purpose FROM audit_log ORDER BY id DESC LIMIT 1")
    assert last == ("export", "Indsigtsanmodning")
    future = dt.date.today() + dt.timedelta(days=2)
    assert audit.search_audit(db, admin, date_from=future)[1] == 0


def test_no_code_changes_or_deletes_audit_rows():
    """The audit table is append-only: no UPDATE of it anywhere, and the one DELETE is the retention
    job's, which removes only rows older than the log's own retention period."""
    import pathlib
    import re

    root = pathlib.Path(reviews.services.__file__).parent.parent
    hits = {str(p.relative_to(root.parent)): re.findall(r"(?:UPDATE|DELETE\s+FROM)\s+audit_log[^\"]*",
                                                         p.read_text(encoding="utf-8"), re.I)
            for p in root.rglob("*.py")}
    hits = {path: found for path, found in hits.items() if found}
    assert hits == {"reviews/storage/retention.py": ["DELETE FROM audit_log WHERE logged_at < ?"]}
