"""Local accounts: second factor (TOTP, recovery codes, enrolment), lockout, slowed clients, password rules.

Real DuckDB (`db`, `users`); the clock is set by the test (reviews.clock.now patched), so lock periods and
TOTP time steps are exact and no test waits.
"""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest

from reviews import clock
from reviews.config import PROJECT_ROOT
from reviews.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS
from reviews.errors import AuthenticationFailed, LoginRestart, PermissionDenied, ValidationError
from reviews.models import Role, User
from reviews.models.auth import PendingLogin, SecondFactorStep
from reviews.services import auth, second_factor

PASSWORD = "test-password-1"  # the `users` fixture's
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
START = dt.datetime(2026, 3, 2, 9, 0, 5)  # 5 s into a 30-second time step


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.at = start

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture(autouse=True)
def now(monkeypatch) -> Clock:
    fake = Clock(START)
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture(autouse=True)
def delays(monkeypatch) -> list[float]:
    """The client slow-downs asked for, instead of sleeping; no client state leaks between tests."""
    asked: list[float] = []
    monkeypatch.setattr(auth, "_sleep", asked.append)
    auth._clients.clear()
    yield asked
    auth._clients.clear()


def code(secret: str, at: dt.datetime, steps: int = 0) -> str:
    """The app's code at a naive-UTC time (pyotp would read a naive time as local time)."""
    return pyotp.TOTP(secret).at(at.replace(tzinfo=dt.UTC), counter_offset=steps)


def actions(db, user_id: int | None = None) -> list[str]:
    if user_id is None:
        return [r[0] for r in db.fetchall("SELECT action FROM audit_log ORDER BY id")]
    return [r[0] for r in db.fetchall("SELECT action FROM audit_log WHERE record_id = ? ORDER BY id",
                                      [str(user_id)])]


def refused(db, username: str, password: str, **kwargs) -> AuthenticationFailed:
    with pytest.raises(AuthenticationFailed) as caught:
        auth.login(db, username, password, **kwargs)
    return caught.value


# --- lockout ---------------------------------------------------------------------------------------------

def test_five_failures_lock_the_account_for_fifteen_minutes(db, users, now):
    reader = users[Role.READER]  # no second factor: the password alone logs in
    for _ in range(4):
        refused(db, "reader", "wrong-password-123")
        now.advance(seconds=10)
    assert "account_locked" not in actions(db)
    refused(db, "reader", "wrong-password-123")
    assert actions(db, reader.id).count("account_locked") == 1
    locked_at = now.at

    # The right password is refused while the lock lasts, and more attempts do not prolong it.
    refused(db, "reader", PASSWORD)
    now.advance(minutes=14, seconds=59)
    refused(db, "reader", PASSWORD)
    details = db.fetchall("SELECT details FROM audit_log WHERE action = 'login_failed' ORDER BY id")
    assert [d[0].endswith('"reason": "locked", "username": "reader"}') for d in details][-2:] == [True, True]

    now.at = locked_at + dt.timedelta(minutes=15, seconds=1)
    assert auth.login(db, "reader", PASSWORD) == reader
    assert actions(db, reader.id)[-1] == "login"


def test_the_answer_never_tells_whether_the_username_exists(db, users, now):
    admin = users[Role.ADMINISTRATOR]
    auth.update_user(db, admin, users[Role.OMBUDSMAN].id, full_name="Closed", role=Role.OMBUDSMAN, active=False)
    for _ in range(5):
        refused(db, "chair", "wrong-password-123")
    answers = {
        "unknown user": refused(db, "nobody-here", PASSWORD),
        "wrong password": refused(db, "reader", "wrong-password-123"),
        "locked account, right password": refused(db, "chair", PASSWORD),
        "closed account, right password": refused(db, "ombudsman", PASSWORD),
    }
    assert {(type(e), e.key, tuple(e.params.items())) for e in answers.values()} == {
        (AuthenticationFailed, "error.login_failed", ())}
    reasons = [r[0] for r in db.fetchall("SELECT json_extract_string(details, '$.reason') FROM audit_log "
                                         "WHERE action = 'login_failed' ORDER BY id DESC LIMIT 4")]
    assert reasons == ["closed", "locked", "password", "unknown_user"]  # the log tells the administrator


def test_a_login_resets_the_count_and_old_failures_are_forgotten(db, users, now):
    for _ in range(4):
        refused(db, "reader", "wrong-password-123")
    auth.login(db, "reader", PASSWORD)
    for _ in range(4):
        refused(db, "reader", "wrong-password-123")
    now.advance(minutes=16)  # longer ago than the lock period: those four no longer count
    refused(db, "reader", "wrong-password-123")
    assert "account_locked" not in actions(db)
    assert auth.login(db, "reader", PASSWORD).username == "reader"


def test_lockout_is_configurable(db, users, monkeypatch, now):
    monkeypatch.setenv("REVIEWS_LOCKOUT_ATTEMPTS", "2")
    monkeypatch.setenv("REVIEWS_LOCKOUT_MINUTES", "1")
    refused(db, "reader", "wrong-password-123")
    refused(db, "reader", "wrong-password-123")
    refused(db, "reader", PASSWORD)
    now.advance(seconds=61)
    assert auth.login(db, "reader", PASSWORD).username == "reader"


def test_one_client_is_slowed_down_and_others_are_not(db, users, delays):
    for _ in range(6):
        refused(db, "nobody", "wrong-password-123", client="10.0.0.7")
    assert delays == [0.5, 1.0, 2.0, 4.0, 5.0]  # before attempts 2..6: doubling, capped at 5 s
    auth.login(db, "reader", PASSWORD, client="10.0.0.8")
    assert delays == [0.5, 1.0, 2.0, 4.0, 5.0]  # another address waits for nothing
    auth.login(db, "reader", PASSWORD, client="10.0.0.7")  # slowed once more, then forgiven
    refused(db, "reader", "wrong-password-123", client="10.0.0.7")
    assert delays == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]


# --- TOTP ------------------------------------------------------------------------------------------------

def test_totp_right_wrong_and_reused(db, users, now):
    chair = users[Role.CHAIR]
    second_factor.enrol_unchecked(db, None, chair.id, SECRET)
    pending = auth.login(db, "chair", PASSWORD)
    assert isinstance(pending, PendingLogin) and pending.step == SecondFactorStep.CODE
    assert actions(db, chair.id)[-1] == "login_password"

    with pytest.raises(AuthenticationFailed) as wrong:
        auth.complete_login(db, pending, code(SECRET, now.at, steps=5))
    assert wrong.value.key == "error.code_wrong" and not isinstance(wrong.value, LoginRestart)
    assert actions(db, chair.id)[-1] == "second_factor_failed"

    right = code(SECRET, now.at)
    assert auth.complete_login(db, pending, f"{right[:3]} {right[3:]}") == chair  # as the app shows it
    assert actions(db, chair.id)[-1] == "login"

    # The same code again, within its window: refused with its own message, and logged.
    now.advance(seconds=20)
    pending = auth.login(db, "chair", PASSWORD)
    with pytest.raises(AuthenticationFailed) as reused:
        auth.complete_login(db, pending, right)
    assert reused.value.key == "error.code_reused"
    assert actions(db, chair.id)[-1] == "totp_reused"
    # Nor is the previous step's code taken once a later one was used (a code observed earlier).
    assert auth.complete_login(db, pending, code(SECRET, now.at, steps=1)) == chair  # clock drift: next step
    with pytest.raises(AuthenticationFailed) as older:
        auth.complete_login(db, auth.login(db, "chair", PASSWORD), code(SECRET, now.at))
    assert older.value.key == "error.code_reused"
    now.advance(seconds=60)
    assert auth.complete_login(db, auth.login(db, "chair", PASSWORD), code(SECRET, now.at)) == chair


def test_a_code_from_two_steps_away_is_refused(db, users, now):
    second_factor.enrol_unchecked(db, None, users[Role.CHAIR].id, SECRET)
    for steps in (-2, 2):
        with pytest.raises(AuthenticationFailed) as caught:
            auth.complete_login(db, auth.login(db, "chair", PASSWORD), code(SECRET, now.at, steps=steps))
        assert caught.value.key == "error.code_wrong"


def test_failed_codes_count_towards_the_lock(db, users, now):
    chair = users[Role.CHAIR]
    second_factor.enrol_unchecked(db, None, chair.id, SECRET)
    refused(db, "chair", "wrong-password-123")
    pending = auth.login(db, "chair", PASSWORD)
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            auth.complete_login(db, pending, code(SECRET, now.at, steps=5))
    # The password again does not reset the count: the fifth failure locks.
    pending = auth.login(db, "chair", PASSWORD)
    with pytest.raises(LoginRestart) as restart:
        auth.complete_login(db, pending, "ABCDE-FGHJK")
    assert restart.value.key == "error.login_failed"
    assert actions(db, chair.id).count("account_locked") == 1
    refused(db, "chair", PASSWORD)
    # Even the right code is no use on a pending login once the account is locked.
    with pytest.raises(LoginRestart):
        auth.complete_login(db, pending, code(SECRET, now.at))


def test_a_pending_login_expires(db, users, now):
    second_factor.enrol_unchecked(db, None, users[Role.CHAIR].id, SECRET)
    pending = auth.login(db, "chair", PASSWORD)
    now.advance(minutes=10, seconds=1)
    with pytest.raises(LoginRestart) as caught:
        auth.complete_login(db, pending, code(SECRET, now.at))
    assert caught.value.key == "error.login_step_expired"
    forged = PendingLogin(user=users[Role.CHAIR], step=SecondFactorStep.ENROL, started_at=now.at)
    with pytest.raises(LoginRestart):
        auth.complete_login(db, forged, code(SECRET, now.at))  # the wrong step for this function


# --- enrolment and recovery codes ------------------------------------------------------------------------

def test_enrolment_at_the_first_login(db, users, now):
    chair = users[Role.CHAIR]
    pending = auth.login(db, "chair", PASSWORD)
    assert pending.step == SecondFactorStep.ENROL  # the role reads case material; no app yet
    enrolment = second_factor.start_enrolment(db, pending.user)
    assert enrolment.uri.startswith("otpauth://totp/") and f"secret={enrolment.secret}" in enrolment.uri
    assert "chair" in enrolment.uri

    with pytest.raises(ValidationError) as wrong:
        auth.complete_enrolment(db, pending, enrolment.secret, code(SECRET, now.at))
    assert wrong.value.key == "error.enrol_code_wrong"
    assert db.fetchone("SELECT count(*) FROM user_totp")[0] == 0

    confirming = code(enrolment.secret, now.at)
    user, codes = auth.complete_enrolment(db, pending, enrolment.secret, confirming)
    assert user == chair and len(codes) == 10 and len(set(codes)) == 10
    assert all(len(c) == 11 and c[5] == "-" for c in codes)
    assert actions(db, chair.id)[-2:] == ["totp_enrolled", "login"]
    stored = db.fetchall("SELECT code_hash FROM recovery_codes WHERE user_id = ?", [chair.id])
    assert len(stored) == 10 and not any(c.replace("-", "") in h or c in h for c in codes for (h,) in stored)

    # From now on the password leads to a code; the confirming code itself cannot log in.
    pending = auth.login(db, "chair", PASSWORD)
    assert pending.step == SecondFactorStep.CODE
    with pytest.raises(AuthenticationFailed) as reused:
        auth.complete_login(db, pending, confirming)
    assert reused.value.key == "error.code_reused"
    # A second enrolment through the login is refused (the pending step is stale).
    with pytest.raises(LoginRestart):
        auth.complete_enrolment(db, PendingLogin(chair, SecondFactorStep.ENROL, now.at), enrolment.secret,
                                code(enrolment.secret, now.at, steps=1))


def test_a_recovery_code_works_once(db, users, now):
    chair = users[Role.CHAIR]
    enrolment = second_factor.start_enrolment(db, chair)
    codes = second_factor.enrol(db, chair, enrolment.secret, code(enrolment.secret, now.at))
    typed = codes[3].lower().replace("-", " ")  # as a person might type it
    assert auth.complete_login(db, auth.login(db, "chair", PASSWORD), typed) == chair
    last = db.fetchone("SELECT action, details FROM audit_log ORDER BY id DESC LIMIT 1")
    assert last == ("login", '{"recovery_codes_left": 9, "second_factor": "recovery_code"}')
    assert second_factor.status(db, chair).recovery_codes_left == 9
    with pytest.raises(AuthenticationFailed) as again:
        auth.complete_login(db, auth.login(db, "chair", PASSWORD), codes[3])
    assert again.value.key == "error.code_wrong"
    assert auth.complete_login(db, auth.login(db, "chair", PASSWORD), codes[4]) == chair


def test_enrolment_on_the_account_page(db, users, now):
    reader = users[Role.READER]
    assert second_factor.status(db, reader).required is False
    enrolment = second_factor.start_enrolment(db, reader)
    first = second_factor.enrol(db, reader, enrolment.secret, code(enrolment.secret, now.at))  # no password
    status = second_factor.status(db, reader)
    assert status.enrolled and status.enrolled_at == now.at and status.recovery_codes_left == 10
    assert auth.login(db, "reader", PASSWORD).step == SecondFactorStep.CODE  # enrolled by choice: asked too

    # Replacing the app, or the recovery codes, needs the password.
    renewal = second_factor.start_enrolment(db, reader)
    now.advance(seconds=30)
    with pytest.raises(AuthenticationFailed) as wrong:
        second_factor.enrol(db, reader, renewal.secret, code(renewal.secret, now.at), password="wrong-one-123")
    assert wrong.value.key == "error.wrong_current_password"
    second_factor.enrol(db, reader, renewal.secret, code(renewal.secret, now.at), password=PASSWORD)
    now.advance(seconds=30)
    with pytest.raises(AuthenticationFailed):  # the old app's code stopped working
        auth.complete_login(db, auth.login(db, "reader", PASSWORD), code(enrolment.secret, now.at))
    with pytest.raises(AuthenticationFailed):  # and so did the old recovery codes
        auth.complete_login(db, auth.login(db, "reader", PASSWORD), first[0])
    fresh = second_factor.new_recovery_codes(db, reader, PASSWORD)
    assert auth.complete_login(db, auth.login(db, "reader", PASSWORD), fresh[0]) == reader
    assert "recovery_codes_created" in actions(db, reader.id)


def test_an_administrator_resets_a_lost_second_factor(db, users, now):
    admin, chair = users[Role.ADMINISTRATOR], users[Role.CHAIR]
    second_factor.enrol_unchecked(db, None, chair.id, SECRET)
    assert second_factor.enrolled_user_ids(db, admin) == {chair.id}
    with pytest.raises(PermissionDenied):
        second_factor.reset(db, chair, chair.id)
    second_factor.reset(db, admin, chair.id)
    assert actions(db, chair.id)[-1] == "second_factor_reset"
    assert auth.login(db, "chair", PASSWORD).step == SecondFactorStep.ENROL


def test_which_roles_need_a_second_factor(db, users, monkeypatch):
    # Default: every role with a case-reading permission (case, break the glass, findings, inquiries, mediation).
    assert second_factor.required_roles() == {Role.ADMINISTRATOR, Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN}
    assert isinstance(auth.login(db, "reader", PASSWORD), User)
    monkeypatch.setenv("REVIEWS_SECOND_FACTOR_ROLES", "reader, ombudsman")
    assert second_factor.required_roles() == {Role.READER, Role.OMBUDSMAN}
    assert auth.login(db, "reader", PASSWORD).step == SecondFactorStep.ENROL
    assert isinstance(auth.login(db, "chair", PASSWORD), User)
    monkeypatch.setenv("REVIEWS_SECOND_FACTOR_ROLES", "none")
    assert second_factor.required_roles() == frozenset()


# --- passwords -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["sommer2024", "kort-kode", "elleve-tegn"])
def test_a_short_password_is_refused(db, users, password):
    with pytest.raises(ValidationError) as caught:
        auth.create_user(db, users[Role.ADMINISTRATOR], username="ny", full_name="Ny", role=Role.READER,
                         password=password)
    assert (caught.value.key, caught.value.params) == ("error.password_too_short", {"min": 12})


@pytest.mark.parametrize("password", ["password123456", "Password1234", "qwerty123456", "sommer2024!!",
                                      "Sommer-2026!!", "Velkommen2026", "123456789012", "aaaaaaaaaaaa",
                                      "abababababab", "iloveyou1234", "København2024"])
def test_a_common_password_is_refused(db, users, password):
    admin, reader = users[Role.ADMINISTRATOR], users[Role.READER]
    for attempt in (
        lambda: auth.create_user(db, admin, username="ny", full_name="Ny", role=Role.READER, password=password),
        lambda: auth.reset_password(db, admin, reader.id, password),
        lambda: auth.change_own_password(db, reader, PASSWORD, password),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.key == "error.password_common"


def test_good_passwords_and_the_demo_password_are_allowed():
    for password in (DEMO_PASSWORD, "hest-batteri-hæfteklamme", "Korrekt Hest Batteri", "test-password-1"):
        assert not auth.is_common_password(password), password
    assert len(auth._common_passwords()) > 10_000  # the list of 10,000 and the Danish one are loaded


# --- demo ------------------------------------------------------------------------------------------------

def test_the_demo_users_are_enrolled_with_the_documented_secret(demo_db, now):
    for demo in DEMO_USERS:
        pending = auth.login(demo_db, demo.username, DEMO_PASSWORD)
        assert pending.step == SecondFactorStep.CODE, demo.username
        assert auth.complete_login(demo_db, pending, code(DEMO_TOTP_SECRET, now.at)).username == demo.username
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert DEMO_TOTP_SECRET in readme


def test_the_command_line_unlocks_and_resets(demo_db_path, now, capsys):
    from reviews.cli import main
    from reviews.storage.database import Database

    database = Database(str(demo_db_path))
    for _ in range(5):
        refused(database, "formand", "wrong-password-123")
    refused(database, "formand", DEMO_PASSWORD)
    database.close()
    assert main(["--db", str(demo_db_path), "users", "unlock", "formand"]) == 0
    assert main(["--db", str(demo_db_path), "users", "reset-second-factor", "formand"]) == 0
    assert main(["--db", str(demo_db_path), "users", "unlock", "nobody"]) == 1
    assert capsys.readouterr().out.splitlines() == ["unlocked formand", "two-step verification reset for formand"]
    database = Database(str(demo_db_path))
    assert auth.login(database, "formand", DEMO_PASSWORD).step == SecondFactorStep.ENROL
    assert [r[0] for r in database.fetchall("SELECT action FROM audit_log WHERE username = 'kommandolinje'")] == [
        "account_unlocked", "second_factor_reset"]
    database.close()
