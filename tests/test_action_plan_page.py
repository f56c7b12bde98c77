"""The action plan page: overdue actions have their own column with a text value (not colour alone), every
column has its own header, and the columns have set widths so Status is not cut off."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from reviews import clock, i18n
from reviews.demo.core import DEMO_REVIEW_NAME
from reviews.models import Role
from reviews.services import action_plan
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests.conftest import ROOT, demo_user

APP = str(ROOT / "app.py")


def open_plan(monkeypatch, db_path) -> tuple[AppTest, object]:
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    database = Database(str(db_path))
    try:
        chair = demo_user(database, Role.CHAIR)
        review = review_service.find_review(database, chair, DEMO_REVIEW_NAME)
        plan = action_plan.plan(database, chair, review.id, page_size=100)
    finally:
        database.close()
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = chair
    at.session_state["lang"] = "da"
    at.session_state["review_id"] = review.id
    at.run()
    at.switch_page("pages/action_plan.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at, plan


def test_overdue_has_its_own_column_with_text_and_days(monkeypatch, demo_db_path):
    at, plan = open_plan(monkeypatch, demo_db_path)
    table = at.dataframe[0].value
    headers = list(table.columns)
    assert headers == ["Frist", "Overskredet", "Status", "Handling", "Ansvarlig", "Læringspunkt"]
    assert len(set(headers)) == len(headers)
    today = clock.today()
    overdue = [a for a in plan.page.items if a.overdue(today)]
    assert overdue and len(overdue) < len(plan.page.items)  # the demo has both kinds
    by_description = dict(zip(table["Handling"], table["Overskredet"], strict=True))
    for action in plan.page.items:
        shown = by_description[action.description]
        if action.overdue(today):
            days = (today - action.deadline).days
            assert shown == ("⚠ Ja, 1 dag" if days == 1 else f"⚠ Ja, {i18n.format_number(days)} dage"), shown
        else:
            assert shown == "Nej"
    # the deadline column still holds the deadline (it was overwritten by the overdue column before)
    assert all(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", d) for d in table["Frist"])
    assert at.error[0].value == ("1 handling har overskredet fristen." if len(overdue) == 1
                                 else f"{len(overdue)} handlinger har overskredet fristen.")


def test_every_column_has_a_width_so_status_shows_fully(monkeypatch, demo_db_path):
    at, _ = open_plan(monkeypatch, demo_db_path)
    config = json.loads(at.dataframe[0].proto.columns)
    widths = {name: column.get("width") for name, column in config.items() if name != "_index"}
    assert set(widths) == {"Læringspunkt", "Handling", "Ansvarlig", "Frist", "Overskredet", "Status"}
    assert all(w is not None for w in widths.values()), widths
    assert isinstance(widths["Status"], int) and widths["Status"] >= 120
    # deadline, overdue and status come first and fit in the narrowest main column (1280 px window)
    assert sum(widths[h] for h in ("Frist", "Overskredet", "Status")) <= 400
    assert config["Overskredet"].get("help")


def test_english_headers_are_distinct_too():
    headers = [i18n.t(k, "en") for k in ("plan.learning_point", "field.action_description", "field.action_owner",
                                          "field.deadline", "plan.overdue", "field.status")]
    assert len(set(headers)) == len(headers)
    assert i18n.t("plan.overdue_mark", "en", days=1) == "⚠ Yes, 1 day"
    assert i18n.t("plan.overdue_mark", "da", days=2) == "⚠ Ja, 2 dage"
