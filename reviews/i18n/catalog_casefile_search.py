"""Texts of the case-file search («Søg i sagsakter»)."""

MESSAGES = {
    "page.casefile_search": {"da": "Søg i sagsakter", "en": "Search case files"},
    "casefile_search.intro": {
        "da": "Søg i teksten i akterne på de sager, du må læse. Ord findes i alle bøjninger (søger du på "
              "«undersøgelse», findes også «undersøgelsen» og «undersøgelser»); almindelige småord og CPR-numre "
              "søges der ikke på. Sider med flest af ordene står først.",
        "en": "Search the text of the documents of the cases you may read. Words are found in all their forms "
              "(searching for «undersøgelse» also finds «undersøgelsen» and «undersøgelser»); common little words "
              "and CPR numbers are not searched for. Pages with most of the words come first."},
    "casefile_search.query": {"da": "Søgeord", "en": "Search words"},
    "casefile_search.query_help": {"da": "Et eller flere ord, højst {maximum} tegn.",
                                   "en": "One or more words, at most {maximum} characters."},
    "casefile_search.button": {"da": "Søg", "en": "Search"},
    "casefile_search.filters": {"da": "Afgræns søgningen", "en": "Narrow the search"},
    "casefile_search.case": {"da": "Sag", "en": "Case"},
    "casefile_search.all_cases": {"da": "Alle sager, du må læse", "en": "All cases you may read"},
    "casefile_search.doc_types": {"da": "Dokumenttyper", "en": "Document types"},
    "casefile_search.date_from": {"da": "Dateret fra", "en": "Dated from"},
    "casefile_search.date_to": {"da": "Dateret til", "en": "Dated until"},
    "casefile_search.date_help": {"da": "Med en dato udelades akter uden dato.",
                                  "en": "With a date, undated documents are left out."},
    "casefile_search.no_cases": {"da": "Du har ingen sager, du må læse.", "en": "There are no cases you may read."},
    "casefile_search.found": {"da": "{count:# side fundet|# sider fundet}",
                              "en": "{count:# page found|# pages found}"},
    "casefile_search.showing": {"da": "Viser {first}–{last} af {total}.", "en": "Showing {first}–{last} of {total}."},
    "casefile_search.none": {"da": "Ingen sider matcher søgningen.", "en": "No page matches the search."},
    "casefile_search.hit_heading": {"da": "{title} · side {page} af {pages}",
                                    "en": "{title} · page {page} of {pages}"},
    "casefile_search.hit_meta": {"da": "{pseudonym} · {doc_type} · {date} · {matched} af {words} søgeord",
                                 "en": "{pseudonym} · {doc_type} · {date} · {matched} of {words} search words"},
    "casefile_search.undated": {"da": "uden dato", "en": "undated"},
    "casefile_search.open": {"da": "Åbn siden", "en": "Open the page"},
    "casefile_search.more": {"da": "Næste resultater", "en": "Next results"},
    "casefile_search.first": {"da": "Til de første", "en": "Back to the first"},
    # --- bad input -----------------------------------------------------------------------------------
    "casefile_search.error.empty": {"da": "Skriv mindst ét søgeord.", "en": "Enter at least one search word."},
    "casefile_search.error.too_long": {"da": "Søgningen er for lang: højst {maximum} tegn.",
                                       "en": "The search is too long: at most {maximum} characters."},
    "casefile_search.error.too_many_words": {"da": "Søg på højst {maximum} forskellige ord ad gangen.",
                                             "en": "Search for at most {maximum} different words at a time."},
    "casefile_search.error.common_words": {
        "da": "Søgningen har kun almindelige småord (som «og», «at», «det»), og dem søges der ikke på. "
              "Tilføj et ord, der siger noget om indholdet.",
        "en": "The search has only common little words (like «og», «at», «det»), which are not searched for. "
              "Add a word about the content."},
    "casefile_search.error.cpr_only": {
        "da": "CPR-numre kan ikke søges frem: de er fjernet fra akterne. Søg på et ord i stedet.",
        "en": "CPR numbers cannot be searched for: they are removed from the documents. Search for a word instead."},
    "casefile_search.error.dates_reversed": {"da": "Slutdatoen ligger før startdatoen.",
                                             "en": "The end date is before the start date."},
    "casefile_search.error.doc_type": {"da": "Ukendt dokumenttype.", "en": "Unknown document type."},
    "casefile_search.error.limit": {"da": "Vis mellem 1 og {maximum} resultater ad gangen.",
                                    "en": "Show between 1 and {maximum} results at a time."},
    # --- command line ----------------------------------------------------------------------------------
    "casefile_search.cli.done": {
        "da": "Søgeindekset er bygget forfra: {pages} sider, {terms} ordstammer, {postings} forekomster.",
        "en": "The search index was rebuilt: {pages} pages, {terms} stems, {postings} postings."},
}
