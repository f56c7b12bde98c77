"""The municipality's Word template: the administrator's page and the reasons a template is refused."""

MESSAGES = {
    "page.word_template": {"da": "Kommunens Word-skabelon", "en": "Municipal Word template"},
    "wt.intro": {
        "da": "Upload kommunens Word-skabelon (.dotx) eller et Word-dokument i kommunens design (.docx). Alle "
              "Word-dokumenter fra arbejdsbordet – samlet referat, indkaldelse, referat af dialogmøde og "
              "årsberetning – får så skabelonens typografier, sideopsætning, sidehoved og sidefod med logo. "
              "Uden skabelon ser dokumenterne ud som hidtil.",
        "en": "Upload the municipality's Word template (.dotx) or a Word document in the municipality's design "
              "(.docx). Every Word document from the workbench – combined minutes, invitation, minutes of a "
              "dialogue meeting and yearly report – then takes the template's styles, page setup, header and "
              "footer with logo. Without a template the documents look as before.",
    },
    "wt.current": {"da": "Nuværende skabelon", "en": "Current template"},
    "wt.none": {"da": "Der er ingen skabelon. Dokumenterne bruger arbejdsbordets eget layout.",
                "en": "There is no template. The documents use the workbench's own layout."},
    "wt.file": {"da": "Fil", "en": "File"},
    "wt.kind": {"da": "Type", "en": "Type"},
    "wt.kind.dotx": {"da": "Word-skabelon (.dotx)", "en": "Word template (.dotx)"},
    "wt.kind.docx": {"da": "Word-dokument (.docx)", "en": "Word document (.docx)"},
    "wt.uploaded": {"da": "Uploadet", "en": "Uploaded"},
    "wt.uploaded_by": {"da": "Uploadet af", "en": "Uploaded by"},
    "wt.version": {"da": "Version", "en": "Version"},
    "wt.font": {"da": "Brødtekstens skrift", "en": "Body font"},
    "wt.font_theme": {"da": "(fra skabelonens tema)", "en": "(from the template's theme)"},
    "wt.header": {"da": "Sidehovedets tekst", "en": "Header text"},
    "wt.upload": {"da": "Vælg en skabelon (.dotx eller .docx)", "en": "Choose a template (.dotx or .docx)"},
    "wt.upload_help": {
        "da": "Skabelonen tjekkes, før den gemmes: ingen makroer, intet der hentes udefra, billeder af rimelig "
              "størrelse og intet CPR-nummer. Skabelonens eget brødtekstindhold bruges ikke.",
        "en": "The template is checked before it is stored: no macros, nothing fetched from outside, pictures of "
              "a reasonable size and no CPR number. The template's own body text is not used.",
    },
    "wt.save": {"da": "Gem skabelonen", "en": "Save the template"},
    "wt.saved": {"da": "Skabelonen «{name}» er gemt (version {version}). Alle nye Word-dokumenter bruger den.",
                 "en": "The template «{name}» is saved (version {version}). Every new Word document uses it."},
    "wt.sample": {"da": "Lav et eksempeldokument", "en": "Make a sample document"},
    "wt.sample_help": {"da": "Et kort dokument med overskrifter, tekst, lister og en tabel i skabelonens design.",
                       "en": "A short document with headings, text, lists and a table in the template's design."},
    "wt.sample_download": {"da": "Hent eksempeldokumentet", "en": "Download the sample document"},
    "wt.remove": {"da": "Fjern skabelonen", "en": "Remove the template"},
    "wt.remove_confirm": {"da": "Ja, fjern skabelonen", "en": "Yes, remove the template"},
    "wt.removed": {"da": "Skabelonen «{name}» er fjernet. Dokumenterne bruger igen arbejdsbordets eget layout.",
                   "en": "The template «{name}» is removed. The documents use the workbench's own layout again."},
    # --- the sample document ---
    "wt.sample_title": {"da": "Eksempel på kommunens design", "en": "Sample of the municipality's design"},
    "wt.sample_heading1": {"da": "Sådan ser en overskrift ud", "en": "This is what a heading looks like"},
    "wt.sample_text": {
        "da": "Dette er brødtekst i skabelonens typografi. Referater, indkaldelser og årsberetninger skrives med "
              "den samme skrift, de samme marginer og det samme sidehoved og den samme sidefod.",
        "en": "This is body text in the template's style. Minutes, invitations and yearly reports are written in "
              "the same font, with the same margins and the same header and footer.",
    },
    "wt.sample_bullet1": {"da": "Et punkt på en liste", "en": "An item in a list"},
    "wt.sample_bullet2": {"da": "Et punkt mere", "en": "One more item"},
    "wt.sample_heading2": {"da": "En underoverskrift", "en": "A sub-heading"},
    "wt.sample_step1": {"da": "Første skridt", "en": "First step"},
    "wt.sample_step2": {"da": "Andet skridt", "en": "Second step"},
    "wt.sample_col_what": {"da": "Hvad", "en": "What"},
    "wt.sample_col_who": {"da": "Hvem", "en": "Who"},
    "wt.sample_col_when": {"da": "Hvornår", "en": "When"},
    "wt.sample_row_what": {"da": "Handleplanen følges op", "en": "The action plan is followed up"},
    "wt.sample_row_who": {"da": "Formanden", "en": "The chair"},
    # --- why a template is refused (nothing is stored; the earlier template stays) ---
    "wt.error.none": {"da": "Der er ingen skabelon at fjerne.", "en": "There is no template to remove."},
    "wt.error.empty": {"da": "Filen er tom.", "en": "The file is empty."},
    "wt.error.file_type": {
        "da": "Vælg en Word-skabelon (.dotx) eller et Word-dokument (.docx).",
        "en": "Choose a Word template (.dotx) or a Word document (.docx).",
    },
    "wt.error.too_big": {"da": "Filen fylder {size}; en skabelon må højst fylde {limit}.",
                         "en": "The file is {size}; a template may be at most {limit}."},
    "wt.error.not_word": {
        "da": "Filen er ikke en Word-skabelon eller et Word-dokument (.dotx/.docx). Gem den i Word som "
              "«Word-skabelon (*.dotx)» og prøv igen.",
        "en": "The file is not a Word template or Word document (.dotx/.docx). Save it in Word as "
              "«Word Template (*.dotx)» and try again.",
    },
    "wt.error.encrypted": {"da": "Filen er krypteret eller beskyttet med adgangskode. Gem den uden og prøv igen.",
                           "en": "The file is encrypted or password-protected. Save it without and try again."},
    "wt.error.broken_part": {"da": "Filen er beskadiget (delen {part} kan ikke læses).",
                             "en": "The file is damaged (the part {part} cannot be read)."},
    "wt.error.too_many_parts": {"da": "Filen består af {count} dele; en skabelon må højst have {limit}.",
                                "en": "The file has {count} parts; a template may have at most {limit}."},
    "wt.error.zip_bomb": {
        "da": "Filen pakker ud til langt mere, end den fylder (over {limit} eller usædvanligt stærkt "
              "komprimeret). Den afvises som en mulig zip-bombe.",
        "en": "The file unpacks to far more than its size (over {limit} or unusually highly compressed). It is "
              "refused as a possible zip bomb.",
    },
    "wt.error.macros": {
        "da": "Skabelonen indeholder makroer (VBA, .dotm/.docm). Makroer kan køre programmer på modtagerens "
              "computer. Gem den i Word som «Word-skabelon (*.dotx)» uden makroer og prøv igen.",
        "en": "The template contains macros (VBA, .dotm/.docm). Macros can run programs on the reader's "
              "computer. Save it in Word as «Word Template (*.dotx)» without macros and try again.",
    },
    "wt.error.attached_template": {
        "da": "Skabelonen er knyttet til en anden skabelon uden for filen ({target}), som Word ville hente, når "
              "et dokument åbnes. Fjern tilknytningen (Udvikler › Dokumentskabelon) og prøv igen.",
        "en": "The template is attached to another template outside the file ({target}), which Word would fetch "
              "when a document is opened. Remove the attachment (Developer › Document Template) and try again.",
    },
    "wt.error.external": {
        "da": "Skabelonen henviser til noget uden for filen ({target}) – et sammenkædet billede, objekt eller "
              "dokument, som ville blive hentet, når et dokument åbnes. Indsæt det i selve filen og prøv igen.",
        "en": "The template refers to something outside the file ({target}) – a linked picture, object or "
              "document that would be fetched when a document is opened. Embed it in the file and try again.",
    },
    "wt.error.active_content": {
        "da": "Skabelonen indeholder et indlejret objekt eller en kontrol (OLE/ActiveX, {part}). Det kan køre "
              "programmer og hører ikke til i en skabelon. Fjern det og prøv igen.",
        "en": "The template contains an embedded object or control (OLE/ActiveX, {part}). It can run programs "
              "and does not belong in a template. Remove it and try again.",
    },
    "wt.error.remote_field": {
        "da": "Skabelonen indeholder et felt ({field}), der henter indhold uden for filen. Fjern feltet og prøv "
              "igen.",
        "en": "The template contains a field ({field}) that fetches content from outside the file. Remove the "
              "field and try again.",
    },
    "wt.error.dtd": {"da": "Skabelonen indeholder en DTD-erklæring ({part}), som Word-filer ikke bruger. "
                           "Den afvises.",
                     "en": "The template contains a DTD declaration ({part}), which Word files do not use. "
                           "It is refused."},
    "wt.error.image_bytes": {
        "da": "Billedet {name} i skabelonen fylder {size}; et billede må højst fylde {limit}. Gem logoet mindre "
              "og prøv igen.",
        "en": "The picture {name} in the template is {size}; a picture may be at most {limit}. Save the logo "
              "smaller and try again.",
    },
    "wt.error.image_pixels": {
        "da": "Billedet {name} i skabelonen er for stort (over {limit} millioner billedpunkter). Gem logoet "
              "mindre og prøv igen.",
        "en": "The picture {name} in the template is too large (over {limit} million pixels). Save the logo "
              "smaller and try again.",
    },
    "wt.error.image_unreadable": {"da": "Billedet {name} i skabelonen kan ikke læses.",
                                  "en": "The picture {name} in the template cannot be read."},
    "wt.error.cpr": {
        "da": "Skabelonen indeholder et CPR-nummer ({part}). Et CPR-nummer må aldrig komme med i et dokument. "
              "Fjern det i Word og prøv igen.",
        "en": "The template contains a CPR number ({part}). A CPR number must never go into a document. Remove "
              "it in Word and try again.",
    },
    "wt.error.unusable": {
        "da": "Skabelonen kan ikke bruges: arbejdsbordet kan ikke lave et dokument ud fra den. Gem den igen i Word "
              "som «Word-skabelon (*.dotx)» og prøv igen.",
        "en": "The template cannot be used: the workbench cannot make a document from it. Save it again in Word "
              "as «Word Template (*.dotx)» and try again.",
    },
}
