"""The case import template: column names, allowed values and a downloadable example."""

from __future__ import annotations

from reviews.importing.columns import template_csv

TEMPLATE_COLUMNS: list[str] = [
    "Pseudonym",
    "Område",
    "Oprettet",
    "Lukket",
    "Status",
    "Resumé",
    "Hændelsesdato",
    "Hændelsestype",
    "Hændelsestekst",
]
REQUIRED_COLUMNS: tuple[str, ...] = ("Pseudonym",)
# Columns that describe the case (may repeat on every row) vs. the timeline event.
CASE_COLUMNS: tuple[str, ...] = ("Pseudonym", "Område", "Oprettet", "Lukket", "Status", "Resumé")
EVENT_COLUMNS: tuple[str, ...] = ("Hændelsesdato", "Hændelsestype", "Hændelsestekst")

EVENT_TYPES: tuple[str, ...] = (
    "henvendelse",
    "klage",
    "afgørelse",
    "møde",
    "hjemmebesøg",
    "skift af sagsbehandler",
    "andet",
)
CASE_STATUSES: tuple[str, ...] = ("åben", "lukket", "i gennemgang")
DEFAULT_STATUS = "åben"

_EXAMPLE_ROWS: tuple[tuple[str, ...], ...] = (
    (
        "Familie 17",
        "Børn og Familie",
        "03-01-2023",
        "",
        "i gennemgang",
        "Familien klager over manglende inddragelse.",
        "10-01-2023",
        "klage",
        "Mor ringede og fortalte, at hun ikke føler sig hørt.\nHun ønsker et møde.",
    ),
    ("Familie 17", "", "", "", "", "", "24-01-2023", "møde", "Dialogmøde på rådhuset med sagsbehandleren."),
    (
        "Familie 4",
        "Handicap og Psykiatri",
        "15-08-2022",
        "30-06-2023",
        "lukket",
        "Skift af rådgiver uden overlevering.",
        "2022-09-01",
        "skift af sagsbehandler",
        "Ny rådgiver overtog sagen; familien blev først orienteret bagefter.",
    ),
)

TEMPLATE_DOC = """\
Skabelonen har én række pr. hændelse i sagens tidslinje. Sagens kolonner kan gentages på hver \
række eller kun udfyldes på sagens første række. En række uden hændelseskolonner opretter kun sagen.

- Pseudonym (skal udfyldes): sagens pseudonym, fx "Familie 17". Brug aldrig navn eller CPR-nummer.
- Område: forvaltningens område, fx "Børn og Familie".
- Oprettet: dato for sagens oprettelse (dd-mm-åååå eller åååå-mm-dd).
- Lukket: dato for sagens afslutning (valgfri).
- Status: åben, lukket eller i gennemgang. Tom betyder åben.
- Resumé: kort beskrivelse af sagen.
- Hændelsesdato: dato for hændelsen (skal udfyldes, hvis rækken har en hændelse).
- Hændelsestype: henvendelse, klage, afgørelse, møde, hjemmebesøg, skift af sagsbehandler eller andet.
- Hændelsestekst: beskrivelse af hændelsen. CPR-numre fjernes automatisk ved import.

Filen kan være CSV (semikolon, komma eller tabulator; UTF-8 eller Windows-1252) eller Excel (.xlsx).
"""


def template_csv_bytes() -> bytes:
    """The template as a ``;``-separated UTF-8 CSV with BOM (so Excel shows æøå correctly)."""
    return template_csv(TEMPLATE_COLUMNS, _EXAMPLE_ROWS)
