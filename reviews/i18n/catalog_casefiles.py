"""Texts of case files («Sagsakter»): import, pages, OCR jobs, and why a file was refused."""

MESSAGES = {
    # --- page and navigation ------------------------------------------------------------------------------
    "page.casefiles": {"da": "Sagsakter", "en": "Case files"},
    "casefile.undated": {"da": "Uden dato", "en": "Undated"},
    "casefile.delete_heading": {"da": "Slet sagsakten", "en": "Delete the case document"},
    "casefile.delete_help": {
        "da": "Sletningen fjerner dokumentet med dets vedhæftede filer, sider, billeder og søgeindeks. Den kan ikke "
              "fortrydes; dokumentet findes kun i sikkerhedskopier, til de udløber.",
        "en": "Deleting removes the document with its attachments, pages, images and search index. It cannot be "
              "undone; the document remains only in backups until they expire.",
    },
    "casefile.delete_confirm": {"da": "Ja, slet «{title}»", "en": "Yes, delete «{title}»"},
    "casefile.delete_button": {"da": "Slet", "en": "Delete"},
    "casefile.gone": {"da": "Sagsakten, du havde valgt, findes ikke længere: den er slettet i mellemtiden, måske i en"
                            " anden fane. Intet er ændret her; vælg en anden akt.",
                      "en": "The document you had chosen no longer exists: it was deleted meanwhile, perhaps in"
                            " another tab. Nothing was changed here; choose another document."},
    "casefile.deleted": {"da": "{count:# dokument|# dokumenter} er slettet.",
                         "en": "{count:# document|# documents} deleted."},
    "casefile.error.delete_cited": {
        "da": "Sagsakten kan ikke slettes: {count:# fund|# fund} citerer den. Fjern eller ret fundene først.",
        "en": "The case document cannot be deleted: {count:# finding cites|# findings cite} it. Remove or change "
              "the findings first.",
    },
    "casefile.error.delete_ocr_running": {
        "da": "Sagsakten kan ikke slettes, mens tekstgenkendelsen kører. Prøv igen, når den er færdig.",
        "en": "The case document cannot be deleted while text recognition is running. Try again when it is done.",
    },
    "casefile.pages_count": {"da": "{count:# side|# sider}", "en": "{count:# page|# pages}"},
    "casefile.intro": {
        "da": "Sagens akter: undersøgelser, afgørelser, planer, notater, breve og e-mails. CPR-numre fjernes fra "
              "teksten og sværtes i sidebillederne, før noget gemmes; den oprindelige fil gemmes ikke.",
        "en": "The case's documents: investigations, decisions, plans, notes, letters and e-mails. CPR numbers are "
              "removed from the text and blacked out in the page images before anything is stored; the original "
              "file is not kept."},
    "casefile.case": {"da": "Sag", "en": "Case"},
    "field.author_unit": {"da": "Forfatters enhed", "en": "Author's unit"},
    "casefile.purpose": {"da": "Læsning af sagsakter", "en": "Reading the case files"},
    "casefile.import_not_allowed": {"da": "Du kan læse akterne, men ikke importere.",
                                    "en": "You can read the documents but not import."},
    "casefile.no_cases": {"da": "Du har ingen sager, du må læse.", "en": "There are no cases you may read."},
    "casefile.import_heading": {"da": "Importér akter", "en": "Import documents"},
    "casefile.upload": {"da": "Filer (PDF, Word, tekst, e-mail, billeder eller en ZIP med en aktindsigt)",
                        "en": "Files (PDF, Word, text, e-mail, images or a ZIP with an access-to-files bundle)"},
    "casefile.upload_help": {
        "da": "Hver fil importeres for sig: er én fil i en samling ugyldig, importeres de andre, og rapporten "
              "nævner den ugyldige og hvorfor. Scannede sider læses med tekstgenkendelse bagefter.",
        "en": "Each file is imported on its own: if one file of a bundle is bad, the others are imported and the "
              "report names the bad one and why. Scanned pages are read by text recognition afterwards."},
    "casefile.import_button": {"da": "Importér", "en": "Import"},
    "casefile.progress_file": {"da": "{name}: side {done} af {total}", "en": "{name}: page {done} of {total}"},
    "casefile.progress_all": {"da": "Fil {done} af {total}", "en": "File {done} of {total}"},
    "casefile.imported": {"da": "{name}: importeret ({count:# dokument|# dokumenter}, {masked:# CPR-nummer|# CPR-numre} fjernet)",
                          "en": "{name}: imported ({count:# document|# documents}, {masked:# CPR number|# CPR numbers} removed)"},
    "casefile.refused": {"da": "{name}: ikke importeret. {reason}", "en": "{name}: not imported. {reason}"},
    "casefile.import_summary": {"da": "{ok:# fil|# filer} importeret, {bad:# fil|# filer} afvist.",
                                "en": "{ok:# file|# files} imported, {bad:# file|# files} refused."},
    "casefile.documents": {"da": "Akter i sagen", "en": "Documents of the case"},
    "casefile.none": {"da": "Sagen har ingen akter endnu.", "en": "The case has no documents yet."},
    "casefile.col.title": {"da": "Titel", "en": "Title"},
    "casefile.col.type": {"da": "Type", "en": "Type"},
    "casefile.col.date": {"da": "Dato", "en": "Date"},
    "casefile.col.unit": {"da": "Forfatters enhed", "en": "Author's unit"},
    "casefile.col.pages": {"da": "Sider", "en": "Pages"},
    "casefile.col.masked": {"da": "CPR fjernet", "en": "CPR removed"},
    "casefile.col.status": {"da": "Status", "en": "Status"},
    "casefile.col.source": {"da": "Fil", "en": "File"},
    "casefile.edit_heading": {"da": "Ret oplysninger", "en": "Edit details"},
    "casefile.save": {"da": "Gem", "en": "Save"},
    "casefile.saved": {"da": "Oplysningerne er gemt.", "en": "The details were saved."},
    "casefile.read_heading": {"da": "Læs", "en": "Read"},
    "casefile.document": {"da": "Dokument", "en": "Document"},
    "casefile.page": {"da": "Side", "en": "Page"},
    "casefile.page_of": {"da": "Side {page} af {total}", "en": "Page {page} of {total}"},
    "casefile.image_caption": {"da": "Side {page} (CPR-numre sværtet)", "en": "Page {page} (CPR numbers blacked out)"},
    "casefile.no_image": {"da": "Denne akt har ingen sidebilleder (tekstfil, Word eller e-mail).",
                          "en": "This document has no page images (text file, Word or e-mail)."},
    "casefile.ocr_waiting": {"da": "Siden venter på tekstgenkendelse.", "en": "The page is waiting for text recognition."},
    "casefile.empty_page": {"da": "(ingen tekst på siden)", "en": "(no text on the page)"},
    "casefile.jobs": {"da": "Tekstgenkendelse", "en": "Text recognition"},
    "casefile.job_progress": {"da": "{status}: {done} af {total} sider", "en": "{status}: {done} of {total} pages"},
    "casefile.refresh": {"da": "Opdatér", "en": "Refresh"},
    "casefile.attachment_of": {"da": "bilag til {title}", "en": "attachment of {title}"},

    # --- enum values --------------------------------------------------------------------------------------
    # ("brev", "e-mail", "afgørelse" and "andet" are named in the ombudsman and core catalogues)
    "value.børnefaglig undersøgelse": {"da": "Børnefaglig undersøgelse", "en": "Child welfare investigation"},
    "value.barnets plan": {"da": "Barnets plan", "en": "Child's plan"},
    "value.handleplan": {"da": "Handleplan", "en": "Action plan"},
    "value.underretning": {"da": "Underretning", "en": "Notification of concern"},
    "value.journalnotat": {"da": "Journalnotat", "en": "Case note"},
    "value.statusudtalelse": {"da": "Statusudtalelse", "en": "Status statement"},
    "value.mødereferat": {"da": "Mødereferat", "en": "Meeting minutes"},
    "value.klar": {"da": "Klar", "en": "Ready"},
    "value.afventer tekstgenkendelse": {"da": "Afventer tekstgenkendelse", "en": "Waiting for text recognition"},
    "value.tekstgenkendelse fejlede": {"da": "Tekstgenkendelse fejlede", "en": "Text recognition failed"},
    "value.i kø": {"da": "I kø", "en": "Queued"},
    "value.kører": {"da": "Kører", "en": "Running"},
    "value.færdig": {"da": "Færdig", "en": "Done"},
    "value.fejlet": {"da": "Fejlet", "en": "Failed"},
    "value.afbrudt": {"da": "Afbrudt", "en": "Interrupted"},

    # --- why a file was refused (bad input, item 9) -------------------------------------------------------
    "casefile.error.unsupported": {
        "da": "Filtypen {suffix} kan ikke importeres. Brug PDF, Word (.docx), tekst (.txt), e-mail (.eml), "
              "billeder (PNG, JPEG, TIFF) eller ZIP.",
        "en": "Files of type {suffix} cannot be imported. Use PDF, Word (.docx), text (.txt), e-mail (.eml), "
              "images (PNG, JPEG, TIFF) or ZIP."},
    "casefile.error.empty": {"da": "Filen er tom (0 byte) og importeres ikke.", "en": "The file is empty (0 bytes) and is not imported."},
    "casefile.error.too_large": {"da": "Filen er større end {megabytes} MB og importeres ikke.",
                                 "en": "The file is larger than {megabytes} MB and is not imported."},
    "casefile.error.mismatch": {
        "da": "Filens indhold passer ikke til filnavnet: den hedder {expected}, men er noget andet. Gem den "
              "igen i det rigtige format.",
        "en": "The file's content does not match its name: it is named {expected} but is something else. Save it "
              "again in the right format."},
    "casefile.error.encrypted": {
        "da": "Filen er krypteret eller beskyttet med adgangskode. Bed afsenderen om en udgave uden adgangskode.",
        "en": "The file is encrypted or password-protected. Ask the sender for a copy without a password."},
    "casefile.error.damaged": {"da": "Filen er beskadiget og kan ikke læses som {kind}.",
                               "en": "The file is damaged and cannot be read as {kind}."},
    "casefile.error.damaged_page": {"da": "Side {page} i PDF-filen er beskadiget; filen er ikke importeret.",
                                    "en": "Page {page} of the PDF is damaged; the file was not imported."},
    "casefile.error.too_many_pages": {
        "da": "PDF-filen siger, at den har {pages} sider; højst {limit} sider kan importeres. Del filen op.",
        "en": "The PDF says it has {pages} pages; at most {limit} pages can be imported. Split the file."},
    "casefile.error.page_size": {
        "da": "En side i PDF-filen har en urimelig størrelse; filen er ikke importeret.",
        "en": "A page of the PDF has an unreasonable size; the file was not imported."},
    "casefile.error.macros": {
        "da": "Word-filen indeholder makroer (.docm) og importeres ikke. Gem den som almindelig .docx uden makroer.",
        "en": "The Word file contains macros (.docm) and is not imported. Save it as a plain .docx without macros."},
    "casefile.error.external_links": {
        "da": "Word-filen henter indhold udefra (skabelon, billede eller objekt via et eksternt link) og importeres "
              "ikke. Gem den uden eksterne links.",
        "en": "The Word file fetches content from outside (a template, image or object through an external link) "
              "and is not imported. Save it without external links."},
    "casefile.error.unsafe_path": {
        "da": "Filen i ZIP-filen har en farlig sti (fx ../ eller en absolut sti) og er sprunget over.",
        "en": "The file in the ZIP has an unsafe path (such as ../ or an absolute path) and was skipped."},
    "casefile.error.zip_bomb": {
        "da": "Filen pakker sig ud til langt mere, end den fylder (en såkaldt ZIP-bombe), og importeres ikke.",
        "en": "The file unpacks to far more than its size (a so-called ZIP bomb) and is not imported."},
    "casefile.error.too_many_entries": {
        "da": "ZIP-filen indeholder {entries} filer; højst {limit} kan importeres ad gangen.",
        "en": "The ZIP contains {entries} files; at most {limit} can be imported at once."},
    "casefile.error.too_deep": {
        "da": "Filen ligger for dybt inde i pakkede filer (ZIP i ZIP i e-mail) og er sprunget over.",
        "en": "The file is nested too deeply in packed files (ZIP in ZIP in e-mail) and was skipped."},
    "casefile.error.image_bomb": {
        "da": "Billedet er urimeligt stort (over 60 millioner punkter) og åbnes ikke.",
        "en": "The image is unreasonably large (over 60 million pixels) and is not opened."},
    "casefile.error.encoding": {
        "da": "Teksten er skrevet med et tegnsæt, der ikke kendes, og kan ikke læses sikkert. Gem den som UTF-8.",
        "en": "The text uses a character set that is not known and cannot be read safely. Save it as UTF-8."},
    "casefile.error.ocr_unavailable": {
        "da": "Tekstgenkendelse (tesseract med dansk) er ikke installeret; scannede sider kan ikke læses.",
        "en": "Text recognition (tesseract with Danish) is not installed; scanned pages cannot be read."},
    "casefile.error.ocr_lost": {
        "da": "Tekstgenkendelsen blev afbrudt, da serveren genstartede. Importér filen igen.",
        "en": "Text recognition was interrupted when the server restarted. Import the file again."},
    "casefile.error.no_files": {"da": "Vælg mindst én fil.", "en": "Choose at least one file."},
    "casefile.error.not_found_file": {"da": "Filen eller mappen {path} findes ikke.",
                                      "en": "The file or folder {path} does not exist."},
    "casefile.error.no_such_case": {"da": "Der er ingen sag med pseudonymet {pseudonym}.",
                                    "en": "There is no case with the pseudonym {pseudonym}."},
    "casefile.error.unexpected": {"da": "Filen kunne ikke læses ({detail}).", "en": "The file could not be read ({detail})."},
    "casefile.cli.done": {"da": "{name}: importeret som {count:# dokument|# dokumenter} ({masked} CPR-numre fjernet)",
                          "en": "{name}: imported as {count:# document|# documents} ({masked} CPR numbers removed)"},
}
