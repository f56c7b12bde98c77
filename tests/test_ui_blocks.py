"""The page building blocks of reviews/ui.py, each in a tiny script through AppTest: the stale-save handling and
panel, the export guard's result with its download, and the Copenhagen date-time input."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from reviews import i18n


def t(key: str, **params) -> str:
    return i18n.t(key, "da", **params)


# --- stale saves ----------------------------------------------------------------------------------------------

def _stale_save_script(message, failure) -> None:
    import types

    import streamlit as st

    from reviews import ui
    from reviews.errors import StaleVersion, ValidationError

    ui.begin_run()
    if st.button("Gem"):
        kwargs = {} if message is None else {"message": message}
        with ui.stale_handled(show_newer=lambda c: ui.plain(c.text), **kwargs):
            if failure == "stale":
                raise StaleVersion(types.SimpleNamespace(text="Den *nyere* tekst", version=4))
            if failure == "invalid":
                raise ValidationError("error.required", field="text")
            st.session_state["saved"] = True
        st.session_state["after"] = True  # the page goes on after a refused save


def _stale_save(message: str | None, failure: str) -> AppTest:
    at = AppTest.from_function(_stale_save_script, args=(message, failure), default_timeout=30).run()
    at.button[0].click().run()
    assert not at.exception
    return at


def test_stale_save_warns_and_shows_the_newer_version_as_typed():
    at = _stale_save(None, "stale")
    assert [w.value for w in at.warning] == [t("error.stale_version")]
    assert [m.value for m in at.markdown] == ["Den \\*nyere\\* tekst"]  # escaped: shown as typed
    assert not at.error
    assert "saved" not in at.session_state and at.session_state["after"]


def test_stale_save_says_the_page_own_message():
    at = _stale_save("codebooks.stale", "stale")
    assert [w.value for w in at.warning] == [t("codebooks.stale")]


def test_other_refusals_are_errors_and_a_good_save_goes_through():
    refused = _stale_save(None, "invalid")
    assert not refused.warning and len(refused.error) == 1
    assert "saved" not in refused.session_state
    done = _stale_save(None, "none")
    assert not done.warning and not done.error and done.session_state["saved"]


def _stale_panel_script() -> None:
    import types

    import streamlit as st

    from reviews import ui
    from reviews.errors import StaleVersion

    ui.begin_run()
    ui.show_flashes()
    if "version" not in st.session_state:
        st.session_state["version"] = 3
        st.session_state["text"] = "Gemt tekst"
    st.text_input("Tekst", key="text")
    if st.button("Gem", key="save"):
        with ui.stale_handled(keep_as="conflict"):
            if st.session_state["version"] < 4:  # someone else saved version 4 meanwhile
                raise StaleVersion(types.SimpleNamespace(version=4, title="Ny titel", body="Andens tekst", note=""))
            st.session_state["stored"] = st.session_state["text"]
            del st.session_state["version"]

    def reloaded() -> None:
        st.session_state["reloaded"] = st.session_state.get("reloaded", 0) + 1
        st.session_state.pop("text", None)

    ui.stale_panel("conflict", "version", key="thing", on_reload=reloaded,
                   describe=lambda c: [f"**{ui.plain(c.title)}**", ui.plain(c.body), c.note])


def _conflicted() -> AppTest:
    at = AppTest.from_function(_stale_panel_script, default_timeout=30).run()
    at.text_input(key="text").input("Min tekst").run()
    at.button(key="save").click().run()
    assert not at.exception
    return at


def test_stale_panel_shows_the_newer_version_and_keeps_the_users_text():
    at = _conflicted()
    assert [w.value for w in at.warning] == [t("error.stale_version")]
    assert [c.value for c in at.caption] == [t("case.newer_version", version=4)]
    assert [m.value for m in at.markdown] == ["**Ny titel**", "Andens tekst"]  # the empty line is left out
    assert at.text_input(key="text").value == "Min tekst"
    assert "stored" not in at.session_state
    assert at.button(key="thing_keep").label == t("common.keep_mine")
    assert at.button(key="thing_reload").label == t("common.load_newest")


def test_keep_mine_saves_over_the_newer_version_on_the_next_save():
    at = _conflicted()
    at.button(key="thing_keep").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [t("common.kept_mine")]
    assert not at.warning and at.session_state["version"] == 4
    at.button(key="save").click().run()
    assert at.session_state["stored"] == "Min tekst"


def test_load_newest_drops_the_users_text_and_the_conflict():
    at = _conflicted()
    at.button(key="thing_reload").click().run()
    assert not at.exception
    assert not at.warning and not at.button(key="save").disabled
    assert at.session_state["reloaded"] == 1
    assert "conflict" not in at.session_state
    assert at.text_input(key="text").value == "Gemt tekst"  # started again from the stored version
    assert len([b for b in at.button if b.key in ("thing_keep", "thing_reload")]) == 0


# --- the export guard's result with its download -----------------------------------------------------------

def _guard_script() -> None:
    import streamlit as st

    from reviews import ui
    from reviews.exports import guard
    from reviews.privacy.cpr import mask_cpr
    from reviews.services.documents import DocumentResult

    ui.begin_run()
    text = st.session_state.get("text", "Barnets CPR-nummer er 010203-1234.")
    email = "Skriv til sagsbehandler@kommune.dk."

    def export(mask: bool = False) -> DocumentResult:
        body = mask_cpr(text)[0] if mask else text
        report = guard.GuardReport(tuple(guard.scan_text(text, (("place.item", 2),))) +
                                   tuple(guard.scan_text(email, (("place.item", 3),))))
        blocked = report.blocked and not mask
        return DocumentResult(kind="minutes", filename="referat.docx", title="Referat", report=report,
                              data=None if blocked else body.encode("utf-8"), masked=1 if mask and report.cpr else 0)

    ui.guarded_download("Lav referatet", "doc", export, icon=":material/description:", making="Laver referatet")


def _made(text: str | None = None) -> AppTest:
    at = AppTest.from_function(_guard_script, default_timeout=30)
    if text is not None:
        at.session_state["text"] = text
    at.run()
    assert not at.download_button and not at.error and not at.warning  # nothing made yet
    at.button(key="make_doc").click().run()
    assert not at.exception
    return at


def test_guard_refusal_lists_the_cpr_numbers_and_offers_no_download():
    at = _made()
    assert [e.value for e in at.error] == [t("meetings.guard_blocked", n=1)]
    shown = "\n".join(m.value for m in at.markdown)
    assert "010203" not in shown  # each finding is named by its place, the number itself hidden
    assert "- Punkt 2: Barnets CPR\\-nummer er \\[CPR\\-nummer\\]\\." in shown.splitlines()
    assert "- Punkt 3: e\\-mailadresse · Skriv til \\[e\\-mail\\]\\." in shown.splitlines()
    assert [w.value for w in at.warning] == [t("meetings.guard_warnings", n=1)]
    assert len(at.download_button) == 0
    assert at.button(key="doc_mask").label == t("meetings.mask_and_export")


def test_mask_and_export_then_offers_the_masked_document():
    at = _made()
    at.button(key="doc_mask").click().run()
    assert not at.exception
    assert not at.error
    assert [i.value for i in at.info] == [t("guard.masked", n=1)]
    download = at.download_button(key="doc_download")
    assert download.proto.label == t("meetings.download", name="referat.docx")
    assert len(at.download_button) == 1


def test_a_clean_document_is_offered_at_once():
    at = _made("Ingen personnumre her.")
    assert not at.error and not at.info
    assert [w.value for w in at.warning] == [t("meetings.guard_warnings", n=1)]  # the e-mail address
    assert len(at.download_button) == 1
    assert not [b for b in at.button if b.key == "doc_mask"]


# --- the Copenhagen date-time input -------------------------------------------------------------------------

def _datetime_script(value, start_time) -> None:
    import datetime as dt

    import streamlit as st

    from reviews import ui

    ui.begin_run()
    st.session_state["moment"] = ui.local_datetime_input(
        "when", value, date_label="Dato", time_label="Klokkeslæt", day=dt.date(2026, 3, 28),
        time=start_time, blank_time=dt.time(9, 0), step=60)


def _moment(value: dt.datetime | None = None, day: dt.date | None = None, time: dt.time | None = None,
            clear_day: bool = False, start_time: dt.time | None = dt.time(10, 0)) -> tuple[AppTest, dt.datetime | None]:
    at = AppTest.from_function(_datetime_script, args=(value, start_time), default_timeout=30).run()
    if day is not None or clear_day:
        at.date_input(key="when_date").set_value(day)
    if time is not None:
        at.time_input(key="when_time").set_value(time)
    at.run()
    assert not at.exception
    return at, at.session_state["moment"]


def test_datetime_input_gives_naive_utc_across_the_spring_change():
    # 29 March 2026: Copenhagen goes from +01:00 to +02:00 at 02:00.
    at, before = _moment()
    assert before == dt.datetime(2026, 3, 28, 9, 0) and before.tzinfo is None  # 10:00 CET, the day before
    assert at.date_input(key="when_date").label == "Dato" and at.time_input(key="when_time").label == "Klokkeslæt"
    assert _moment(day=dt.date(2026, 3, 29), time=dt.time(1, 30))[1] == dt.datetime(2026, 3, 29, 0, 30)
    assert _moment(day=dt.date(2026, 3, 29), time=dt.time(3, 30))[1] == dt.datetime(2026, 3, 29, 1, 30)
    # 02:30 does not exist that night: read as if the clock had not been put forward yet (03:30 CEST).
    assert _moment(day=dt.date(2026, 3, 29), time=dt.time(2, 30))[1] == dt.datetime(2026, 3, 29, 1, 30)


def test_datetime_input_across_the_autumn_change():
    # 25 October 2026: back from +02:00 to +01:00 at 03:00; 02:30 is taken as its first (summer) occurrence.
    assert _moment(day=dt.date(2026, 10, 25), time=dt.time(1, 0))[1] == dt.datetime(2026, 10, 24, 23, 0)
    assert _moment(day=dt.date(2026, 10, 25), time=dt.time(2, 30))[1] == dt.datetime(2026, 10, 25, 0, 30)
    assert _moment(day=dt.date(2026, 10, 25), time=dt.time(12, 0))[1] == dt.datetime(2026, 10, 25, 11, 0)


def test_datetime_input_shows_a_stored_moment_in_copenhagen_time():
    at, moment = _moment(value=dt.datetime(2026, 3, 29, 1, 30))  # naive UTC, just after the spring change
    assert at.date_input(key="when_date").value == dt.date(2026, 3, 29)
    assert at.time_input(key="when_time").value == dt.time(3, 30)
    assert moment == dt.datetime(2026, 3, 29, 1, 30)  # unchanged, it comes back as it was stored


def test_datetime_input_without_a_date_is_none_and_an_empty_time_is_the_blank_time():
    assert _moment(clear_day=True)[1] is None
    at, moment = _moment(start_time=None)
    assert at.time_input(key="when_time").value is None
    assert moment == dt.datetime(2026, 3, 28, 8, 0)  # 09:00 CET


# --- finishing a reading --------------------------------------------------------------------------------------

def _finish_script(blind: bool, failure: bool) -> None:
    import streamlit as st

    from reviews import ui
    from reviews.errors import ValidationError

    ui.begin_run()
    ui.show_flashes()

    def mark_done():
        if failure:
            raise ValidationError("error.required", field="text")
        st.session_state["marked"] = st.session_state.get("marked", 0) + 1

    ui.finish_reading_form("7_3", blind=blind, pseudonym="Familie *3*", mark_done=mark_done)


def _finish(blind: bool = False, failure: bool = False, tick: bool = True) -> AppTest:
    at = AppTest.from_function(_finish_script, args=(blind, failure), default_timeout=30).run()
    if tick:
        at.checkbox(key="done_confirm_7_3").check()
    at.button[0].click().run()
    assert not at.exception
    return at


def test_finishing_a_reading_needs_the_tick_and_marks_it_once():
    untouched = _finish(tick=False)
    assert [w.value for w in untouched.warning] == [t("annotate.done_confirm_first")]
    assert "marked" not in untouched.session_state
    done = _finish()
    assert done.session_state["marked"] == 1
    assert [s.value for s in done.success] == [t("annotate.done_saved", pseudonym="Familie \\*3\\*")]


def test_finishing_a_reading_explains_the_blind_rule_and_shows_a_refusal():
    assert t("annotate.done_explain_blind") in [m.value for m in _finish(blind=True, tick=False).markdown]
    assert t("annotate.done_explain") in [m.value for m in _finish(blind=False, tick=False).markdown]
    refused = _finish(failure=True)
    assert len(refused.error) == 1 and "marked" not in refused.session_state and not refused.success
