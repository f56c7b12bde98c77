"""Texts of an approved version of the minutes whose stored content cannot be read back whole: the export is
refused rather than send the committee a text that lost or changed something on the way."""

MESSAGES: dict[str, dict[str, str]] = {
    "minutes.error.stored_unreadable": {
        "da": "Den godkendte version af referatet er ikke gemt i en form, arbejdsbordet kan læse. Intet er "
              "eksporteret eller ændret; kontakt den systemansvarlige.",
        "en": "The approved version of the minutes is not stored in a form the workbench can read. Nothing was "
              "exported or changed; contact the system administrator.",
    },
    "minutes.error.stored_schema": {
        "da": "Den godkendte version af referatet er gemt i format {schema}, og denne udgave af arbejdsbordet "
              "læser format {known}. Intet er eksporteret eller ændret; kontakt den systemansvarlige.",
        "en": "The approved version of the minutes is stored in format {schema}, and this release of the workbench "
              "reads format {known}. Nothing was exported or changed; contact the system administrator.",
    },
    "minutes.error.stored_unknown_field": {
        "da": "Den godkendte version af referatet har feltet «{name}» ({where}), som arbejdsbordet ikke kender. "
              "Den vises ikke uden feltet; intet er eksporteret eller ændret. Kontakt den systemansvarlige.",
        "en": "The approved version of the minutes has the field «{name}» ({where}), which the workbench does not "
              "know. It is not shown without that field; nothing was exported or changed. Contact the system "
              "administrator.",
    },
    "minutes.error.stored_missing_field": {
        "da": "Den godkendte version af referatet mangler feltet «{name}» ({where}). Intet er eksporteret eller "
              "ændret; kontakt den systemansvarlige.",
        "en": "The approved version of the minutes lacks the field «{name}» ({where}). Nothing was exported or "
              "changed; contact the system administrator.",
    },
    "minutes.error.stored_bad_value": {
        "da": "Den godkendte version af referatet har en ugyldig værdi i feltet «{name}» ({where}). Intet er "
              "eksporteret eller ændret; kontakt den systemansvarlige.",
        "en": "The approved version of the minutes has an invalid value in the field «{name}» ({where}). Nothing "
              "was exported or changed; contact the system administrator.",
    },
}
