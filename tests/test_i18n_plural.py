"""Counts in messages: singular and plural by Babel's (CLDR) rules, in Danish and English."""

from __future__ import annotations

import re
import string

import numpy as np
import pytest

from reviews import i18n

_PLURAL_SPEC = re.compile(r"\{(\w+):([^{}]*\|[^{}]*)\}")


def test_plural_picks_one_for_one_and_other_for_everything_else():
    forms = ["# sag", "# sager"]
    assert [i18n.plural(n, forms, "da") for n in (0, 1, 2, 21, 1000)] == [
        "0 sager", "1 sag", "2 sager", "21 sager", "1.000 sager"]
    assert [i18n.plural(n, ["# case", "# cases"], "en") for n in (0, 1, 2, 1000)] == [
        "0 cases", "1 case", "2 cases", "1,000 cases"]
    assert i18n.plural_category(1, "da") == "one" and i18n.plural_category(2, "da") == "other"
    assert i18n.plural(1, ["række", "rækker"], "da") == "række"  # without '#': the word only
    assert i18n.plural(3, ["# fejl"], "da") == "3 fejl"  # one form for both


def test_messages_choose_the_form_from_an_integer_count():
    assert i18n.t("import.refused_has_errors", "da", count=1).startswith("Intet er importeret: 1 række har fejl.")
    assert i18n.t("import.refused_has_errors", "da", count=2).startswith("Intet er importeret: 2 rækker har fejl.")
    assert i18n.t("import.refused_has_errors", "en", count=1).startswith("Nothing was imported: 1 row has errors.")
    summary = i18n.t("import.summary", "da", rows=1, cases=1, events=1, bad=1)
    assert summary == "1 række · 1 sag · 1 hændelse · 1 række med fejl"
    assert i18n.t("import.summary", "da", rows=2, cases=2, events=0, bad=0) == (
        "2 rækker · 2 sager · 0 hændelser · 0 rækker med fejl")
    assert i18n.t("import.summary", "en", rows=1, cases=2, events=1, bad=3) == (
        "1 row · 2 cases · 1 event · 3 rows with errors")
    # numpy integers (len() of pandas objects, counts from frames) count too
    assert i18n.t("import.summary", "da", rows=np.int64(1), cases=np.int64(1), events=np.int64(1),
                  bad=np.int64(1)).startswith("1 række · 1 sag")
    assert i18n.t("plan.overdue_banner", "da", count=1) == "1 handling har overskredet fristen."
    assert i18n.t("plan.overdue_banner", "da", count=3) == "3 handlinger har overskredet fristen."
    assert i18n.t("complaints_import.done", "da", imported=1, duplicates=0, skipped=1, masked=1) == (
        "Importen er gennemført: 1 henvendelse importeret, 0 fandtes allerede, 1 række med fejl sprunget over, "
        "1 CPR-nummer fjernet.")


def test_integers_without_a_plural_spec_format_as_before():
    # Years and row numbers are integers too: no thousands separator unless the message asks for a form.
    assert i18n.t("cimport.unknown_value", "da", column="Kanal", value="fax", rows=1, row=2024) == (
        "Kanal: «fax» (1 række, første i række 2024)")
    assert i18n.t("plan.count", "da", total=1, page=1, pages=1) == "1 handling · side 1 af 1"


def plural_messages() -> list[tuple[str, str]]:
    return [(key, lang) for key, entry in i18n.messages().items() for lang in ("da", "en")
            if _PLURAL_SPEC.search(entry[lang])]


@pytest.mark.parametrize(("key", "lang"), plural_messages(), ids=lambda v: str(v))
def test_every_plural_message_renders_for_one_and_many(key, lang):
    text = i18n.messages()[key][lang]
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    one = i18n.t(key, lang, **dict.fromkeys(fields, 1))
    many = i18n.t(key, lang, **dict.fromkeys(fields, 2))
    for rendered in (one, many):
        assert "{" not in rendered and "|" not in rendered and "#" not in rendered, rendered
    assert one != many


def test_the_plural_messages_cover_the_import_pages():
    keys = {key for key, _ in plural_messages()}
    assert {"import.summary", "import.cpr_masked", "import.done", "import.refused_has_errors", "cimport.summary",
            "cimport.unknown_value", "complaints_import.done", "plan.overdue_banner", "plan.count"} <= keys
