"""Messages of accessible documents (issue 15, item 7): the alternative texts of the yearly report's charts,
which a screen reader reads in place of the picture."""

MESSAGES: dict[str, dict[str, str]] = {
    "doc.yr_alt_comparison": {"da": "Søjlediagram: {subject} i {years}, antal pr. år.",
                              "en": "Bar chart: {subject} in {years}, count per year."},
    "doc.yr_alt_in_year": {"da": "{n} i {year}", "en": "{n} in {year}"},
    "doc.yr_alt_no_figures": {"da": "Ingen tal.", "en": "No figures."},
    "doc.yr_alt_contact": {
        "da": "Stablet søjlediagram med kurve: {subject}, antal i hver tilstand og andelen overholdt som kurve.",
        "en": "Stacked bar chart with a line: {subject}, the count in each state and the share met as a line."},
    "doc.yr_alt_no_complaints": {"da": "ingen klager", "en": "no complaints"},
    "place.alt_text": {"da": "alternativ tekst", "en": "alternative text"},
}
