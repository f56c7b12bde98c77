"""Messages of the case import."""

MESSAGES: dict[str, dict[str, str]] = {
    "import.template": {"da": "Skabelon og kolonner", "en": "Template and columns"},
    "import.download_template": {"da": "Hent skabelon (CSV)", "en": "Download template (CSV)"},
    "import.choose_file": {"da": "Vælg fil (CSV eller Excel)", "en": "Choose file (CSV or Excel)"},
    "import.file_help": {
        "da": "CSV med semikolon, komma eller tabulator (UTF-8 eller Windows-1252), eller .xlsx. Højst 50 MB.",
        "en": "CSV with semicolon, comma or tab (UTF-8 or Windows-1252), or .xlsx. At most 50 MB.",
    },
    "import.mapping": {"da": "Kolonner", "en": "Columns"},
    "import.mapping_help": {
        "da": "Vælg, hvilken kolonne i filen der svarer til hver kolonne i skabelonen.",
        "en": "Choose which column of the file matches each template column.",
    },
    "import.not_in_file": {"da": "(findes ikke i filen)", "en": "(not in the file)"},
    "import.preview": {"da": "Forhåndsvisning", "en": "Preview"},
    "import.preview_help": {
        "da": "{shown:Rækken, som den|De første # rækker, som de} bliver gemt. Tomme felter mangler i filen eller "
              "kunne ikke læses (se valideringsrapporten).",
        "en": "{shown:The row as it|The first # rows as they} will be stored. Empty cells are missing in the file or "
              "could not be read (see the validation report).",
    },
    "import.summary": {
        "da": "{rows:# række|# rækker} · {cases:# sag|# sager} · {events:# hændelse|# hændelser} · "
              "{bad:# række med fejl|# rækker med fejl}",
        "en": "{rows:# row|# rows} · {cases:# case|# cases} · {events:# event|# events} · "
              "{bad:# row with errors|# rows with errors}",
    },
    "import.cpr_masked": {
        "da": "{count:# CPR-nummer|# CPR-numre} i filen fjernes, før noget gemmes.",
        "en": "{count:# CPR number|# CPR numbers} in the file will be removed before anything is stored.",
    },
    # Progress while a file is read, checked and imported
    "import.status.checking": {"da": "Kontrollerer filen …", "en": "Checking the file …"},
    "import.status.reading": {"da": "Læser filen …", "en": "Reading the file …"},
    "import.status.read": {"da": "Filen er læst: {rows:# række|# rækker}.", "en": "The file was read: {rows:# row|# rows}."},
    "import.status.validating": {"da": "Kontrollerer rækkerne …", "en": "Checking the rows …"},
    "import.status.checked": {
        "da": "Filen er kontrolleret: {rows:# række|# rækker}, {bad} med fejl",
        "en": "The file was checked: {rows:# row|# rows}, {bad} with errors",
    },
    "import.status.unreadable": {"da": "Filen kan ikke læses", "en": "The file cannot be read"},
    "import.status.importing": {"da": "Importerer …", "en": "Importing …"},
    "import.status.storing_cases": {
        "da": "Gemmer sagerne og hændelserne i én transaktion …",
        "en": "Storing the cases and events in one transaction …",
    },
    "import.status.storing_inquiries": {
        "da": "Gemmer henvendelserne i én transaktion …", "en": "Storing the inquiries in one transaction …"},
    "import.status.done": {"da": "Importen er gennemført", "en": "The import is done"},
    "import.status.failed": {"da": "Intet er importeret", "en": "Nothing was imported"},
    # Preview column headers (the template's column names; English when English is chosen)
    "import.col.pseudonym": {"da": "Pseudonym", "en": "Pseudonym"},
    "import.col.area": {"da": "Område", "en": "Area"},
    "import.col.opened": {"da": "Oprettet", "en": "Opened"},
    "import.col.closed": {"da": "Lukket", "en": "Closed"},
    "import.col.status": {"da": "Status", "en": "Status"},
    "import.col.summary": {"da": "Resumé", "en": "Summary"},
    "import.col.event_date": {"da": "Hændelsesdato", "en": "Event date"},
    "import.col.event_type": {"da": "Hændelsestype", "en": "Event type"},
    "import.col.event_text": {"da": "Hændelsestekst", "en": "Event text"},
    "import.col.received": {"da": "Modtaget", "en": "Received"},
    "import.col.channel": {"da": "Kanal", "en": "Channel"},
    "import.col.inquiry_type": {"da": "Type", "en": "Type"},
    "import.col.citizen": {"da": "Borger", "en": "Citizen"},
    "import.col.account": {"da": "Beskrivelse", "en": "Description"},
    "import.col.causes": {"da": "Årsager", "en": "Causes"},
    "import.col.outcome": {"da": "Udfald", "en": "Outcome"},
    "import.col.first_contact": {"da": "Første kontakt", "en": "First contact"},
    "import.col.case": {"da": "Sag", "en": "Case"},
    "import.problems": {"da": "Valideringsrapport", "en": "Validation report"},
    "import.row": {"da": "Række", "en": "Row"},
    "import.column": {"da": "Kolonne", "en": "Column"},
    "import.reason": {"da": "Årsag", "en": "Reason"},
    "import.all_valid": {"da": "Alle rækker er gyldige.", "en": "All rows are valid."},
    "import.into_review": {"da": "Tilføj sagerne til gennemgang", "en": "Add the cases to review"},
    "import.no_review": {"da": "(ingen)", "en": "(none)"},
    "import.valid_only": {"da": "Importér kun de gyldige rækker", "en": "Import only the valid rows"},
    "import.valid_only_help": {
        "da": "Ellers importeres intet, så længe filen har fejl.",
        "en": "Otherwise nothing is imported while the file has errors.",
    },
    "import.run": {"da": "Importér", "en": "Import"},
    "import.done": {
        "da": "Importen er gennemført: {created:# ny sag|# nye sager}, {existing} eksisterende, "
              "{events:# hændelse|# hændelser} tilføjet ({duplicates:# dublet|# dubletter} sprunget over), "
              "{skipped:# række med fejl|# rækker med fejl} sprunget over, {masked:# CPR-nummer|# CPR-numre} fjernet.",
        "en": "Import done: {created:# new case|# new cases}, {existing} existing, {events:# event|# events} added "
              "({duplicates:# duplicate|# duplicates} skipped), {skipped:# row with errors|# rows with errors} "
              "skipped, {masked:# CPR number|# CPR numbers} removed.",
    },
    "import.refused_has_errors": {
        "da": "Intet er importeret: {count:# række har|# rækker har} fejl. Ret filen, eller vælg at importere kun "
              "de gyldige rækker.",
        "en": "Nothing was imported: {count:# row has|# rows have} errors. Fix the file, or choose to import only "
              "the valid rows.",
    },
    "import.nothing_to_import": {"da": "Der er ingen gyldige rækker at importere.", "en": "There are no valid rows to import."},
    # Whole-file errors
    "import.error.empty": {"da": "Filen er tom.", "en": "The file is empty."},
    "import.error.too_large": {"da": "Filen er for stor (højst {max_mb} MB).", "en": "The file is too large (at most {max_mb} MB)."},
    "import.error.unreadable": {"da": "Filen kan ikke læses: {detail}", "en": "The file cannot be read: {detail}"},
    "import.error.type_mismatch": {
        "da": "Filens indhold passer ikke til filtypen. Gem filen som CSV eller .xlsx og prøv igen.",
        "en": "The file's content does not match its type. Save it as CSV or .xlsx and try again.",
    },
    "import.error.unsupported_type": {
        "da": "Filtypen «{extension}» kan ikke importeres. Brug CSV eller .xlsx.",
        "en": "The file type “{extension}” cannot be imported. Use CSV or .xlsx.",
    },
    "import.error.no_rows": {"da": "Filen har ingen overskriftsrække eller ingen datarækker.", "en": "The file has no header row or no data rows."},
    # Row problems
    "import.row.missing_pseudonym": {"da": "Pseudonym mangler.", "en": "Pseudonym is missing."},
    "import.row.bad_date": {"da": "«{value}» i {column} er ikke en gyldig dato.", "en": "“{value}” in {column} is not a valid date."},
    "import.row.unknown_event_type": {"da": "Ukendt hændelsestype «{value}».", "en": "Unknown event type “{value}”."},
    "import.row.unknown_status": {"da": "Ukendt status «{value}».", "en": "Unknown status “{value}”."},
    "import.row.closed_before_opened": {"da": "Lukket ligger før Oprettet.", "en": "Closed is before Opened."},
    "import.row.event_without_date": {"da": "Hændelsen har ingen dato.", "en": "The event has no date."},
    "import.row.conflicting_case_fields": {
        "da": "{column} er «{value}» her, men «{first_value}» i en tidligere række for samme sag.",
        "en": "{column} is “{value}” here but “{first_value}” on an earlier row of the same case.",
    },
    "import.row.cpr_in_pseudonym": {
        "da": "Pseudonymet ligner et CPR-nummer. Brug et pseudonym som «Familie 43».",
        "en": "The pseudonym looks like a CPR number. Use a pseudonym such as “Familie 43”.",
    },
    "import.row.text_too_long": {"da": "Teksten er for lang.", "en": "The text is too long."},
    "import.missing_required_column": {"da": "Kolonnen {column} mangler.", "en": "The column {column} is missing."},
}
