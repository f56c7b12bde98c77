"""Full-text search in the case files («Søg i sagsakter», issue 12 item 5): Danish stemming, BM25 order,
filters, need-to-know with the audit, bad input, the index following import, OCR and deletion, the
reindex command. Real documents through the real import into a real (in-memory or file) DuckDB."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reviews import fulltext
from reviews.cli import main as cli_main
from reviews.errors import ValidationError
from reviews.models import Role
from reviews.models.casefiles import CasefileType
from reviews.privacy.cpr import CPR_MASK, contains_cpr
from reviews.services import casefile_search as search_service
from reviews.services import casefiles
from reviews.services import cases as case_service
from reviews.storage import casefile_search as index_repo
from reviews.storage import casefiles as casefile_repo
from reviews.storage import settings
from reviews.storage.database import Database
from tests import casefile_samples as s


def txt(name: str, text: str) -> tuple[str, bytes]:
    return name, text.encode()


def imported(db, actor, case_id, files) -> list[int]:
    report = casefiles.import_files(db, actor, case_id, files, ocr="none")
    assert report.ok, report
    return report.document_ids


def set_details(db, actor, document_id, doc_type, doc_date, title):
    document = casefile_repo.get_document(db.cursor(), document_id)
    casefiles.update_details(db, actor, document_id, document.version,
                             casefiles.DetailsForm(doc_type, doc_date, title))


def searches(db) -> list[dict]:
    return [json.loads(r[0]) for r in db.fetchall(
        "SELECT details FROM audit_log WHERE action = 'search' AND record_type = 'casefile' ORDER BY id")]


def hits(results) -> list[tuple[int, int]]:
    return [(h.document_id, h.page_no) for h in results.hits]


@pytest.fixture
def world(db, users):
    return s.two_case_world(db, users), users[Role.REVIEWER]


def test_what_the_danish_stemmer_brings_together():
    stems = {w: fulltext.stem(w) for w in ("undersøgelse", "undersøgelsen", "undersøgelser", "barnet", "barnets",
                                           "børn", "børnene", "anbringelse", "anbragt")}
    assert stems["undersøgelse"] == stems["undersøgelsen"] == stems["undersøgelser"] == "undersøg"
    assert stems["barnet"] == stems["barnets"] == "barn"
    assert stems["børn"] == stems["børnene"] == "børn"  # the plural is a word of its own: «børn» ≠ «barn»
    assert stems["anbringelse"] != stems["anbragt"]
    # Stop words and the CPR placeholder are no words; æøå are letters.
    assert fulltext.parse_query(f"og det at {CPR_MASK}").stems == ()
    assert [t.stem for t in fulltext.tokens("Sagsbehandlerens vurdering af forældrenes samvær")] == [
        "sagsbehandl", "vurdering", "forældr", "samvær"]


def test_inflected_forms_are_found_and_the_plural_of_barn_is_not(db, world):
    ids, reviewer = world
    docs = imported(db, reviewer, ids[0], [
        txt("a.txt", "Undersøgelsen af familien er afsluttet."),
        txt("b.txt", "Der er bestilt to undersøgelser hos psykologen."),
        txt("c.txt", "Barnet går i skole, og barnets mor deltager."),
        txt("d.txt", "Børnene bor hos deres far."),
    ])
    assert sorted(d for d, _ in hits(search_service.search(db, reviewer, "undersøgelse"))) == docs[:2]
    assert [d for d, _ in hits(search_service.search(db, reviewer, "barn"))] == [docs[2]]
    # The Snowball stemmer keeps «børn» apart from «barn»: searching «børn» finds «børnene» only.
    assert [d for d, _ in hits(search_service.search(db, reviewer, "børn"))] == [docs[3]]
    # Capitals and æøå: «FORÆLDRE» is no word here; «PSYKOLOG» finds «psykologen».
    assert [d for d, _ in hits(search_service.search(db, reviewer, "PSYKOLOG"))] == [docs[1]]


def test_ranking_puts_pages_with_all_words_first_then_by_bm25(db, world):
    ids, reviewer = world
    pdf = s.text_pdf([
        ["Anbringelse uden for hjemmet blev drøftet. Anbringelse er ikke nødvendig. Anbringelse af barnet."],
        ["Skolen beskriver barnets trivsel i klassen."],
        ["Anbringelse og skole: forvaltningen vurderer at skolen kan støtte, så en anbringelse undgås."],
        ["Et langt notat om mange ting, hvor anbringelse nævnes en gang blandt meget andet: økonomi, bolig, "
         "fritid, sundhed, tandpleje, venner, familie, netværk, transport og lektiehjælp."],
    ])
    (doc,) = imported(db, reviewer, ids[0], [("notat.pdf", pdf)])
    results = search_service.search(db, reviewer, "anbringelse skole")
    # Page 3 has both words; then the rarer word (skole: 2 of 4 pages) outweighs the commoner one (anbringelse:
    # 3 of 4), and three mentions on a short page outrank one on a long page.
    assert hits(results) == [(doc, 3), (doc, 2), (doc, 1), (doc, 4)]
    assert results.hits[0].matched == 2 and all(h.matched == 1 for h in results.hits[1:])
    one_word = [h for h in results.hits if h.matched == 1]
    assert [h.score for h in one_word] == sorted((h.score for h in one_word), reverse=True)
    assert results.total == 4 and results.words == ("anbring", "skol")
    # Paging: the same order, a limit at a time, and the total throughout.
    first, second = (search_service.search(db, reviewer, "anbringelse skole", limit=2, offset=o) for o in (0, 2))
    assert hits(first) + hits(second) == hits(results)
    assert first.has_more and not second.has_more and second.total == 4
    past = search_service.search(db, reviewer, "anbringelse skole", limit=2, offset=10)
    assert past.hits == () and past.total == 4


def test_filters_by_case_document_type_and_date(db, users, world):
    ids, reviewer = world
    chair = users[Role.CHAIR]
    decision, note, undated = imported(db, reviewer, ids[0], [
        txt("afg.txt", "Afgørelse om samvær med faren."), txt("notat.txt", "Journalnotat om samvær i weekenden."),
        txt("brev.txt", "Brev om samvær."),
    ])
    set_details(db, reviewer, decision, CasefileType.DECISION, dt.date(2021, 3, 1), "Afgørelse")
    set_details(db, reviewer, note, CasefileType.JOURNAL_NOTE, dt.date(2022, 6, 15), "Journalnotat")
    set_details(db, reviewer, undated, CasefileType.LETTER, None, "Brev")
    # A case of the chair's own (made by the chair, in no review) with the same word.
    own = case_service.create_case(db, chair, case_service.CaseForm("Familie 3")).record.id
    (elsewhere,) = imported(db, chair, own, [txt("x.txt", "Samvær hver anden weekend.")])

    def found(actor=chair, **filters):
        return sorted(d for d, _ in hits(search_service.search(db, actor, "samvær", **filters)))

    assert found() == sorted([decision, note, undated, elsewhere])
    assert found(reviewer) == sorted([decision, note, undated])
    assert found(case_id=own) == [elsewhere]
    assert found(doc_types=[CasefileType.DECISION, "journalnotat"]) == sorted([decision, note])
    assert found(date_from=dt.date(2021, 3, 1), date_to=dt.date(2021, 12, 31)) == [decision]  # ends included
    assert found(date_from=dt.date(2022, 1, 1)) == [note]  # a date filter leaves undated documents out
    assert found(date_to=dt.date(2022, 6, 15)) == sorted([decision, note])
    hit = search_service.search(db, chair, "samvær", case_id=ids[0], doc_types=[CasefileType.DECISION]).hits[0]
    assert (hit.pseudonym, hit.title, hit.doc_type, hit.doc_date, hit.page_no, hit.page_count) == (
        "Familie 1", "Afgørelse", CasefileType.DECISION, dt.date(2021, 3, 1), 1, 1)
    assert searches(db)[-1] == {"query": "samvær", "case_id": ids[0], "doc_types": ["afgørelse"], "hits": 1}


def test_a_case_outside_ones_work_is_never_found_not_even_counted_and_the_search_is_logged(db, users, world):
    ids, reviewer = world
    imported(db, reviewer, ids[0], [txt("a.txt", "Skolen har sendt en underretning.")])
    # Familie 2 is nobody's work (consent pending); the operator imports into it, as the command line does.
    imported(db, users[Role.ADMINISTRATOR], ids[1], [txt("hemmelig.txt", "Underretning om vold i hjemmet.")])
    results = search_service.search(db, reviewer, "vold")
    assert (results.hits, results.total) == ((), 0)
    both = search_service.search(db, reviewer, "underretning vold")
    assert both.total == 1 and both.hits[0].pseudonym == "Familie 1" and both.hits[0].matched == 1
    assert search_service.search(db, reviewer, "underretning", case_id=ids[1]).total == 0
    assert searches(db) == [{"query": "vold", "hits": 0}, {"query": "underretning vold", "hits": 1},
                            {"query": "underretning", "case_id": ids[1], "hits": 0}]
    row = db.fetchone("SELECT username, record_type FROM audit_log WHERE action = 'search' ORDER BY id DESC LIMIT 1")
    assert row == ("reviewer", "casefile")
    # The order of what may be read is not swayed by what may not: the same score with the hidden case gone.
    score = both.hits[0].score
    db.write(lambda cur: casefile_repo.delete_for_cases(cur, [ids[1]]))
    assert search_service.search(db, reviewer, "underretning vold").hits[0].score == pytest.approx(score)
    # Roles without case-file reading are refused outright.
    from reviews.errors import PermissionDenied
    for role in (Role.ADMINISTRATOR, Role.READER):
        with pytest.raises(PermissionDenied):
            search_service.search(db, users[role], "underretning")


def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_searched_or_logged(db, world):
    ids, reviewer = world
    imported(db, reviewer, ids[0], [txt("a.txt", "Mødet med familien.")])
    before = db.fetchone("SELECT count(*) FROM audit_log")[0]
    cases = [
        (dict(query="   "), "casefile_search.error.empty"),
        (dict(query="og det at som"), "casefile_search.error.common_words"),
        (dict(query=s.CPR_TEXT_PDF), "casefile_search.error.cpr_only"),
        (dict(query="møde " * 60), "casefile_search.error.too_long"),
        (dict(query=" ".join(f"ord{n}x" for n in range(11))), "casefile_search.error.too_many_words"),
        (dict(query="møde", date_from=dt.date(2024, 2, 1), date_to=dt.date(2024, 1, 1)),
         "casefile_search.error.dates_reversed"),
        (dict(query="møde", doc_types=["opslag"]), "casefile_search.error.doc_type"),
        (dict(query="møde", limit=0), "casefile_search.error.limit"),
        (dict(query="møde", offset=-1), "casefile_search.error.limit"),
    ]
    for kwargs, key in cases:
        query = kwargs.pop("query")
        with pytest.raises(ValidationError) as info:
            search_service.search(db, reviewer, query, **kwargs)
        assert info.value.key == key, (query, kwargs)
    assert db.fetchone("SELECT count(*) FROM audit_log")[0] == before
    from reviews.i18n import t
    assert t("casefile_search.error.common_words", "da").startswith("Søgningen har kun almindelige småord")
    assert "forskellige ord" in t("casefile_search.error.too_many_words", "da", maximum=10)


def test_the_snippet_marks_the_match_and_holds_no_cpr_number_nor_does_the_log(db, world):
    ids, reviewer = world
    imported(db, reviewer, ids[0], [("undersøgelse.pdf", s.investigation_pdf())])
    results = search_service.search(db, reviewer, f"Emma {s.CPR_TEXT_PDF}")
    (hit,) = results.hits
    assert hit.page_no == 1 and hit.title == "Børnefaglig undersøgelse"
    assert ("Emma", True) in hit.snippet.parts
    assert CPR_MASK in hit.snippet.text and not contains_cpr(hit.snippet.text)
    assert [p for p, marked in hit.snippet.parts if marked] == ["Emma"]
    logged = searches(db)[-1]
    assert logged["query"] == f"Emma {CPR_MASK}" and s.CPR_TEXT_PDF not in json.dumps(logged)
    # A long page: the snippet is the stretch with most of the searched words, cut at words.
    text = " ".join(["indledning"] * 80 + ["familiebehandling", "og", "skolen"] + ["afslutning"] * 80)
    snippet = fulltext.snippet(text, {fulltext.stem("familiebehandling"), fulltext.stem("skolen")}, width=100)
    assert [p for p, marked in snippet.parts if marked] == ["familiebehandling", "skolen"]
    assert snippet.leading_cut and snippet.trailing_cut and len(snippet.text) <= 100
    assert not snippet.text.startswith(" ") and "indledning" in snippet.text.split()


def test_scanned_pages_become_searchable_when_ocr_fills_them(db, world):
    ids, reviewer = world
    casefiles.import_files(db, reviewer, ids[0], [("scan.pdf", s.scanned_pdf())], ocr="none")
    assert search_service.search(db, reviewer, "sagsbehandler").total == 0  # waiting for OCR: no text yet
    report = casefiles.import_files(db, reviewer, ids[0], [("scan2.pdf", s.scanned_pdf())], ocr="inline")
    assert report.ok
    results = search_service.search(db, reviewer, "sagsbehandler følger")
    assert [d for d, _ in hits(results)] == report.document_ids
    assert not contains_cpr(results.hits[0].snippet.text)
    # Re-indexing a page replaces its postings: the index matches the page's text exactly, once.
    page = casefile_repo.get_page(db.cursor(), report.document_ids[0], 1)
    counts, length = fulltext.term_counts(page.text)
    stored = db.fetchall("SELECT t.term, p.tf FROM casefile_search_postings p JOIN casefile_search_terms t"
                         " USING (term_id) WHERE p.document_id = ?", [report.document_ids[0]])
    assert dict(stored) == dict(counts) and len(stored) == len(counts)
    assert db.fetchone("SELECT length FROM casefile_search_pages WHERE document_id = ?",
                       [report.document_ids[0]]) == (length,)


def test_deleting_a_case_removes_its_postings_pages_and_the_stems_only_it_used(db, users, world):
    ids, reviewer = world
    kept = imported(db, reviewer, ids[0], [txt("a.txt", "Fælles ord: handleplan.")])
    gone = imported(db, users[Role.ADMINISTRATOR], ids[1], [txt("b.txt", "Handleplan og kvikstensgrøft.")])
    term = fulltext.stem("kvikstensgrøft")
    assert db.fetchone("SELECT count(*) FROM casefile_search_terms WHERE term = ?", [term]) == (1,)
    db.write(lambda cur: casefile_repo.delete_for_cases(cur, [ids[1]]))
    for table in ("casefile_search_postings", "casefile_search_pages"):
        assert db.fetchone(f"SELECT count(*) FROM {table} WHERE document_id = ?", gone) == (0,), table
        assert db.fetchone(f"SELECT count(*) FROM {table} WHERE document_id = ?", kept) != (0,), table
    assert db.fetchone("SELECT count(*) FROM casefile_search_terms WHERE term = ?", [term]) == (0,)
    assert db.fetchone("SELECT count(*) FROM casefile_search_terms WHERE term = ?", ["handleplan"]) == (1,)
    # No stem without a page, no posting without a stem.
    assert db.fetchone("SELECT count(*) FROM casefile_search_terms t WHERE NOT EXISTS"
                       " (SELECT 1 FROM casefile_search_postings p WHERE p.term_id = t.term_id)") == (0,)
    assert search_service.search(db, reviewer, "handleplan").total == 1


def test_appended_postings_are_sorted_by_stem_once_enough_have_come(db, world, monkeypatch):
    ids, reviewer = world
    monkeypatch.setattr(search_service, "SORT_AFTER", 10)
    imported(db, reviewer, ids[0], [txt(f"{n}.txt", f"Notat {n}: zebra ananas mango kiwi banan æble øko") for n in
                                    range(3)])
    total = index_repo.postings_count(db.cursor())
    assert settings.get(db.cursor(), search_service.SORTED_KEY) == str(total)
    term_ids = [r[0] for r in db.fetchall("SELECT term_id FROM casefile_search_postings")]
    assert term_ids == sorted(term_ids)  # physical order after the rewrite
    assert not search_service.settle(db)  # nothing new since
    assert search_service.search(db, reviewer, "mango").total == 3


def test_reindex_command_rebuilds_the_same_index_for_an_existing_database(tmp_path, capsys):
    path = tmp_path / "search.duckdb"
    database = Database(str(path))
    try:
        from reviews.services import auth
        made = {role: auth.create_user_unchecked(database, None, username=role.value, full_name=role.value,
                                                 role=role, password="test-password-1") for role in Role}
        ids = s.two_case_world(database, made)
        reviewer = made[Role.REVIEWER]
        imported(database, reviewer, ids[0], [("undersøgelse.pdf", s.investigation_pdf()),
                                              ("afgørelse.docx", s.decision_docx())])
        before = search_service.search(database, reviewer, "barnet familiebehandling")
        counts = index_repo.counts(database.cursor())
        database.write(index_repo.clear)  # an existing database from before the index
        assert search_service.search(database, reviewer, "barnet").total == 0
    finally:
        database.close()
    assert cli_main(["--db", str(path), "reindex-casefiles"]) == 0
    assert "Søgeindekset er bygget forfra" in capsys.readouterr().out
    database = Database(str(path))
    try:
        assert index_repo.counts(database.cursor()) == counts
        after = search_service.search(database, reviewer, "barnet familiebehandling")
        assert hits(after) == hits(before)
        assert [h.score for h in after.hits] == pytest.approx([h.score for h in before.hits])
        assert database.fetchone("SELECT count(*) FROM audit_log WHERE action = 'reindex'") == (1,)
    finally:
        database.close()
