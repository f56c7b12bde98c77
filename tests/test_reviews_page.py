"""The reviews page as the chair works it: a new review is the one shown, and only its chair manages it."""

from __future__ import annotations

from reviews.models import Role

from tests.test_pages_smoke import app_for


def demo_user(demo_db_path, username):
    from reviews.storage.database import Database
    from reviews.storage import users as users_repo
    db = Database(str(demo_db_path))
    try:
        return next(u for u in users_repo.all_users(db.cursor()) if u.username == username)
    finally:
        db.close()


def test_a_new_review_is_shown_and_its_creator_manages_it(monkeypatch, demo_db_path):
    chair = demo_user(demo_db_path, "formand")
    at = app_for(monkeypatch, demo_db_path, chair).run()
    at.switch_page("pages/reviews.py").run()
    assert not at.exception, at.exception
    at.text_input(key=None) if False else None
    name_input = next(t for t in at.text_input if t.label == "Navn")
    name_input.input("Gennemgang Ø")
    next(b for b in at.button if b.label == "Opret").click().run()
    assert not at.exception, at.exception
    assert [m.value for m in at.success if "er oprettet" in m.value], [e.value for e in at.error]
    assert "Gennemgang Ø" in [h.value for h in at.header]
    assert chair.role == Role.CHAIR
