"""Texts of data safety: backups, retention and deletion, insight extracts, and storage faults."""

MESSAGES = {
    # --- page and navigation ------------------------------------------------------------------------------
    "page.data_safety": {"da": "Datasikkerhed", "en": "Data safety"},
    "ds.intro": {
        "da": "Sikkerhedskopier, opbevaringsfrister og sletning, og udtræk af loggen til indsigtsanmodninger. "
              "Alt, der sker her, logges.",
        "en": "Backups, retention periods and deletion, and audit extracts for insight requests. "
              "Everything done here is logged."},

    # --- backups -------------------------------------------------------------------------------------------
    "ds.backups": {"da": "Sikkerhedskopier", "en": "Backups"},
    "ds.backups_help": {
        "da": "En sikkerhedskopi er en fuld, sammenhængende kopi af databasen, taget mens appen kører. "
              "Appen tager selv en kopi hver dag og gemmer de seneste {keep}. Kopierne ligger i {folder}.",
        "en": "A backup is a full, consistent copy of the database, taken while the app runs. The app takes "
              "one itself every day and keeps the latest {keep}. The copies are in {folder}."},
    "ds.backup_now": {"da": "Tag sikkerhedskopi nu", "en": "Take a backup now"},
    "ds.backup_done": {"da": "Sikkerhedskopien {name} er gemt ({size}).",
                       "en": "The backup {name} was saved ({size})."},
    "ds.backup_none": {"da": "Der er ingen sikkerhedskopier endnu.", "en": "There are no backups yet."},
    "ds.backup_name": {"da": "Fil", "en": "File"},
    "ds.backup_created": {"da": "Taget", "en": "Taken"},
    "ds.backup_size": {"da": "Størrelse", "en": "Size"},
    "ds.backup_kind": {"da": "Slags", "en": "Kind"},
    "ds.backup_auto": {"da": "Automatisk", "en": "Automatic"},
    "ds.backup_manual": {"da": "Manuel", "en": "Manual"},
    "ds.backup_choose": {"da": "Hent en sikkerhedskopi", "en": "Download a backup"},
    "ds.backup_prepare": {"da": "Gør klar til download", "en": "Prepare download"},
    "ds.backup_download": {"da": "Hent {name}", "en": "Download {name}"},
    "ds.backup_download_warning": {
        "da": "Kopien indeholder alle personoplysninger i systemet. Opbevar den krypteret og slet den, når den "
              "ikke længere skal bruges.",
        "en": "The copy holds all personal data in the system. Keep it encrypted and delete it when no longer "
              "needed."},
    "ds.restore_help": {
        "da": "Gendannelse sker med appen stoppet: `python -m reviews restore FIL`. Den nuværende database "
              "gemmes først som en sikkerhedskopi.",
        "en": "Restore with the app stopped: `python -m reviews restore FILE`. The current database is first "
              "saved as a backup."},

    # --- retention -----------------------------------------------------------------------------------------
    "ds.retention": {"da": "Opbevaringsfrister og sletning", "en": "Retention periods and deletion"},
    "ds.retention_help": {
        "da": "Oplysninger slettes, når fristen er udløbet. Åbne sager og gennemgange slettes aldrig. Referater og "
              "læringspunkter er gennemgangens resultat og bevares.",
        "en": "Data is deleted when its period has run out. Open cases and reviews are never deleted. Minutes "
              "and learning points are the review's result and are kept."},
    "ds.years_after": {"da": "{years} år efter: {start}", "en": "{years} years after: {start}"},
    "ds.save_policy": {"da": "Gem frister", "en": "Save periods"},
    "ds.policy_saved": {"da": "Fristerne er gemt.", "en": "The periods were saved."},
    "ds.plan": {"da": "Klar til sletning i dag", "en": "Due for deletion today"},
    "ds.col_kind": {"da": "Slags", "en": "Kind"},
    "ds.col_count": {"da": "Antal", "en": "Count"},
    "ds.col_cutoff": {"da": "Afsluttet senest", "en": "Closed on or before"},
    "ds.plan_shown": {"da": "Listen viser de første {shown} af {total} poster; antallet pr. slags ovenfor gælder dem alle.",
                      "en": "The list shows the first {shown} of {total} records; the counts per kind above cover them all."},
    "ds.plan_empty": {"da": "Intet skal slettes i dag.", "en": "Nothing is due for deletion today."},
    "ds.confirm_delete": {
        "da": "Jeg har kontrolleret listen. Slet disse oplysninger endeligt.",
        "en": "I have checked the list. Delete this data permanently."},
    "ds.run_delete": {"da": "Slet nu", "en": "Delete now"},
    "ds.deleted": {
        "da": "{rows:# række|# rækker} er slettet, og databasefilen er genopbygget ({before} → {after}), så den slettede "
              "tekst ikke længere findes i filen.",
        "en": "{rows:# row was|# rows were} deleted and the database file rebuilt ({before} → {after}), so the deleted text "
              "is no longer in the file."},
    "ds.backups_still_hold": {
        "da": "Ældre sikkerhedskopier indeholder stadig de slettede oplysninger, indtil de udskiftes (højst {keep} "
              "dage).",
        "en": "Older backups still hold the deleted data until they are replaced (at most {keep} days)."},
    "retention.start.case_material": {
        "da": "gennemgangen er afsluttet (sager uden gennemgang: sagen er lukket)",
        "en": "the review closed (cases outside any review: the case closed)"},
    "retention.start.inquiry": {"da": "henvendelsen er lukket", "en": "the inquiry closed"},
    "retention.start.mediation": {"da": "mæglingssagen er lukket", "en": "the mediation case closed"},
    "retention.start.audit_log": {"da": "logposten er skrevet", "en": "the log entry was written"},
    "value.sagsmateriale": {"da": "Sagsmateriale", "en": "Case material"},
    "value.mæglingssag": {"da": "Mæglingssag", "en": "Mediation case"},
    "value.logpost": {"da": "Logposter", "en": "Log entries"},
    "field.case_material_years": {"da": "Sagsmateriale (år)", "en": "Case material (years)"},
    "field.inquiry_years": {"da": "Henvendelser (år)", "en": "Inquiries (years)"},
    "field.mediation_years": {"da": "Mæglingssager (år)", "en": "Mediation cases (years)"},
    "field.audit_log_years": {"da": "Log (år)", "en": "Audit log (years)"},
    "field.backups_kept": {"da": "Antal sikkerhedskopier, der gemmes", "en": "Number of backups kept"},
    "reviews.closed_on_help": {
        "da": "Sæt datoen, når gennemgangen er afsluttet. Opbevaringsfristen for sagsmaterialet regnes herfra.",
        "en": "Set the date when the review has ended. The retention period of its case material runs from it."},
    "reviews.closed_caption": {"da": "Afsluttet {date}.", "en": "Closed {date}."},

    # --- insight requests ----------------------------------------------------------------------------------
    "ds.insight": {"da": "Indsigtsanmodning: brug af en persons oplysninger",
                   "en": "Insight request: use of one person's data"},
    "ds.insight_help": {
        "da": "Udtræk af loggen for ét pseudonym: hver læsning, søgning, ændring, eksport og sletning med dato, "
              "handling og formål. Medarbejdernes brugernavne medtages kun til Datatilsynet eller intern "
              "undersøgelse.",
        "en": "An extract of the audit log for one pseudonym: every read, search, change, export and deletion "
              "with date, action and purpose. Employees' user names are only included for the data protection "
              "authority or an internal inquiry."},
    "ds.insight_users": {"da": "Medtag brugernavne", "en": "Include user names"},
    "ds.insight_make": {"da": "Lav udtræk", "en": "Make extract"},
    "ds.insight_done": {"da": "{rows:# logpost|# logposter} om {name}.", "en": "{rows:# log entry|# log entries} about {name}."},
    "ds.insight_download": {"da": "Hent CSV", "en": "Download CSV"},
    "insight.col.date": {"da": "Dato", "en": "Date"},
    "insight.col.time": {"da": "Klokkeslæt", "en": "Time"},
    "insight.col.action": {"da": "Handling", "en": "Action"},
    "insight.col.purpose": {"da": "Formål", "en": "Purpose"},
    "insight.col.record_type": {"da": "Oplysning", "en": "Record"},
    "insight.col.record_id": {"da": "Nummer", "en": "Number"},
    "insight.col.user": {"da": "Bruger", "en": "User"},
    "audit.action.backup": {"da": "Sikkerhedskopi", "en": "Backup"},
    "audit.action.restore": {"da": "Gendannelse", "en": "Restore"},
    "audit.action.retention_run": {"da": "Sletning efter frist", "en": "Retention deletion"},

    # --- faults --------------------------------------------------------------------------------------------
    "error.storage_full": {
        "da": "Disken er fuld, så intet blev gemt, og der er ikke skrevet en halv fil. Det, du har skrevet, står "
              "stadig på siden. Kontakt IT, og prøv igen, når der er plads.",
        "en": "The disk is full, so nothing was saved and no half-written file was left. What you wrote is still "
              "on the page. Contact IT and try again when there is space."},
    "error.storage_full_reconnected": {
        "da": "Disken blev fuld, mens databasen skrev. Forbindelsen er genoprettet, og alt, der var gemt før, er "
              "intakt. Det sidste blev ikke gemt; prøv igen, når der er plads.",
        "en": "The disk filled up while the database was writing. The connection was restored and everything "
              "saved before is intact. The last change was not saved; try again when there is space."},
    "error.app_holds_lock": {
        "da": "Appen kører og holder databasen {path} låst. Stop appen først, eller tag sikkerhedskopien fra siden "
              "Datasikkerhed i appen.",
        "en": "The app is running and holds the database {path} locked. Stop the app first, or take the backup "
              "from the Data safety page in the app."},
    "error.backup_missing": {"da": "Filen {path} findes ikke.", "en": "The file {path} does not exist."},
    "error.backup_not_database": {
        "da": "{path} er ikke en database fra dette system. Intet er ændret.",
        "en": "{path} is not a database of this system. Nothing was changed."},
    "error.backup_exists": {
        "da": "{path} findes allerede. Vælg et andet navn; intet er overskrevet.",
        "en": "{path} already exists. Choose another name; nothing was overwritten."},
    "error.restore_same_file": {"da": "Kopien og databasen er den samme fil.",
                                "en": "The backup and the database are the same file."},
    "error.backup_too_new": {
        "da": "Kopien er fra en nyere version af systemet (skema {version}; dette system kender op til {newest}). "
              "Opdater systemet først.",
        "en": "The backup is from a newer version of the system (schema {version}; this system knows up to "
              "{newest}). Update the system first."},
    "error.retention_range": {"da": "«{field}» skal være et helt tal fra {low} til {high}.",
                              "en": "“{field}” must be a whole number from {low} to {high}."},
    "error.pseudonym_too_short": {"da": "Skriv hele pseudonymet, fx «Familie 17».",
                                  "en": "Write the whole pseudonym, e.g. “Familie 17”."},

    # --- command line --------------------------------------------------------------------------------------
    "cli.backup_done": {"da": "Sikkerhedskopi skrevet: {path} ({size} bytes)",
                        "en": "Backup written: {path} ({size} bytes)"},
    "cli.restore_done": {"da": "Databasen {target} er gendannet fra {src}.",
                         "en": "The database {target} was restored from {src}."},
    "cli.restore_safety_copy": {"da": "Den tidligere database er gemt som {path}.",
                                "en": "The previous database was saved as {path}."},
    "cli.retention_cutoff": {"da": "afsluttet senest {date}", "en": "closed on or before {date}"},
    "cli.retention_dry_run": {"da": "Intet er slettet. Kør med --run for at slette.",
                              "en": "Nothing was deleted. Run with --run to delete."},
    "cli.retention_done": {
        "da": "{rows:# række|# rækker} slettet; databasefilen genopbygget ({before} → {after} bytes).",
        "en": "{rows:# row|# rows} deleted; the database file rebuilt ({before} → {after} bytes)."},
    "cli.rebuild_done": {"da": "Databasefilen er genopbygget ({before} → {after} bytes).",
                         "en": "The database file was rebuilt ({before} → {after} bytes)."},
    "cli.audit_extract_done": {"da": "{rows:# logpost|# logposter} skrevet til {path}.",
                               "en": "{rows:# log entry|# log entries} written to {path}."},
}
