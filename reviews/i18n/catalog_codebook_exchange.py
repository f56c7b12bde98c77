"""Codebooks exchanged as REFI-QDA files (.qdc) with QualCoder, NVivo, ATLAS.ti and MAXQDA."""

MESSAGES = {
    "field.codebook_name": {"da": "Kodebogens navn", "en": "Name of the codebook"},
    "codebooks.refi_header": {"da": "Udveksling med andre analyseprogrammer (REFI-QDA)",
                              "en": "Exchange with other analysis programs (REFI-QDA)"},
    "codebooks.refi_intro": {
        "da": "En kodebog kan deles med QualCoder, NVivo, ATLAS.ti og MAXQDA som en REFI-QDA-fil (.qdc). "
              "Udgåede koder kommer ikke med.",
        "en": "A codebook can be shared with QualCoder, NVivo, ATLAS.ti and MAXQDA as a REFI-QDA file (.qdc). "
              "Retired codes are left out.",
    },
    "codebooks.refi_prepare": {"da": "Forbered REFI-QDA-fil", "en": "Prepare the REFI-QDA file"},
    "codebooks.refi_download": {"da": "Eksportér som REFI-QDA (.qdc)", "en": "Export as REFI-QDA (.qdc)"},
    "codebooks.refi_upload": {"da": "Importér REFI-QDA-kodebog", "en": "Import a REFI-QDA codebook"},
    "codebooks.refi_upload_help": {
        "da": "En .qdc-fil fra QualCoder, NVivo, ATLAS.ti, MAXQDA eller herfra. Findes en kodebog med samme navn, "
              "tilføjes nye koder, og navne og beskrivelser opdateres; ingen kode fjernes. Ellers oprettes en ny "
              "kodebog.",
        "en": "A .qdc file from QualCoder, NVivo, ATLAS.ti, MAXQDA or from here. When a codebook of the same name "
              "exists, new codes are added and names and descriptions updated; no code is removed. Otherwise a new "
              "codebook is created.",
    },
    "codebooks.refi_name": {"da": "Kodebogens navn (tomt: navnet i filen)",
                            "en": "Name of the codebook (empty: the name in the file)"},
    "codebooks.refi_import": {"da": "Importér kodebogen", "en": "Import the codebook"},
    "codebooks.refi_created": {
        "da": "Kodebogen «{name}» er oprettet med {added:# kode|# koder}.",
        "en": "The codebook “{name}” was created with {added:# code|# codes}.",
    },
    "codebooks.refi_updated": {
        "da": "Kodebogen «{name}» er opdateret: {added:# ny kode|# nye koder}, {updated:# kode|# koder} ændret, "
              "{unchanged:# uændret|# uændrede}.",
        "en": "The codebook “{name}” was updated: {added:# new code|# new codes}, "
              "{updated:# code|# codes} changed, {unchanged:# unchanged|# unchanged}.",
    },
    "codebooks.refi_kept": {
        "da": "{count:# kode|# koder} findes ikke i filen og er bevaret uændret: {labels}.",
        "en": "{count:# code is|# codes are} not in the file and kept as they were: {labels}.",
    },
    "codebooks.refi_folders": {
        "da": "Filens mapper (ikke koder i sig selv) er læst som en flad liste: {labels}.",
        "en": "The file's folders (not codes themselves) were read as one flat list: {labels}.",
    },
    "codebooks.refi_masked": {
        "da": "{count:# CPR-nummer|# CPR-numre} i filen er maskeret.",
        "en": "{count:# CPR number|# CPR numbers} in the file were masked.",
    },
    "codebooks.refi_in_use": {"da": "{label} (i brug {count:# gang|# gange})",
                              "en": "{label} (used {count:# time|# times})"},
    # The command line.
    "codebooks.refi_cli_exported": {
        "da": "Kodebogen «{name}» med {count:# kode|# koder} er skrevet til {path}",
        "en": "The codebook “{name}” with {count:# code|# codes} was written to {path}",
    },
    # Refusals: each says that nothing was changed.
    "error.codebook_unknown": {"da": "Kodebogen «{name}» findes ikke.", "en": "There is no codebook “{name}”."},
    "error.refi_too_large": {
        "da": "Filen er for stor til en kodebog (højst {limit_mb} MB). Intet er ændret.",
        "en": "The file is too large for a codebook (at most {limit_mb} MB). Nothing was changed.",
    },
    "error.refi_not_xml": {
        "da": "Filen er ikke en REFI-QDA-kodebog (.qdc): den kan ikke læses som XML. Intet er ændret.",
        "en": "The file is not a REFI-QDA codebook (.qdc): it cannot be read as XML. Nothing was changed.",
    },
    "error.refi_dtd": {
        "da": "Filen er afvist: den indeholder en DOCTYPE med entiteter, som en kodebog ikke bruger, og som kan "
              "misbruges til at læse filer eller fylde hukommelsen. Intet er ændret.",
        "en": "The file was refused: it contains a DOCTYPE with entities, which a codebook does not use and which "
              "can be abused to read files or fill the memory. Nothing was changed.",
    },
    "error.refi_not_codebook": {
        "da": "Filen er ikke en REFI-QDA-kodebog (.qdc): roden skal være CodeBook i navnerummet {namespace}. "
              "Intet er ændret.",
        "en": "The file is not a REFI-QDA codebook (.qdc): its root must be CodeBook in the namespace {namespace}. "
              "Nothing was changed.",
    },
    "error.refi_no_codes": {
        "da": "Filen har ingen koder. Intet er ændret.",
        "en": "The file has no codes. Nothing was changed.",
    },
    "error.refi_too_deep": {
        "da": "Koderne i filen ligger i mere end {limit} niveauer. Intet er ændret.",
        "en": "The file's codes are nested more than {limit} levels deep. Nothing was changed.",
    },
    "error.refi_too_many": {
        "da": "Filen har mere end {limit} koder. Intet er ændret.",
        "en": "The file has more than {limit} codes. Nothing was changed.",
    },
    "error.refi_code_without_name": {
        "da": "En kode i filen har intet navn. Intet er ændret.",
        "en": "A code in the file has no name. Nothing was changed.",
    },
    "error.refi_bad_guid": {
        "da": "Koden «{name}» har ikke et gyldigt guid. Intet er ændret.",
        "en": "The code “{name}” has no valid guid. Nothing was changed.",
    },
    "error.refi_duplicate_guid": {
        "da": "Koden «{name}» har samme guid som en anden kode i filen. Intet er ændret.",
        "en": "The code “{name}” has the same guid as another code in the file. Nothing was changed.",
    },
    "error.refi_bad_codable": {
        "da": "Koden «{name}» har en ugyldig isCodable (den skal være true eller false). Intet er ændret.",
        "en": "The code “{name}” has an invalid isCodable (it must be true or false). Nothing was changed.",
    },
    "error.refi_duplicate_name": {
        "da": "Filen har koden «{label}» mere end én gang. Intet er ændret.",
        "en": "The file has the code “{label}” more than once. Nothing was changed.",
    },
    "error.refi_label_clash": {
        "da": "Efter importen ville kodebogen have to koder, der hedder «{label}». Intet er ændret.",
        "en": "After the import the codebook would have two codes called “{label}”. Nothing was changed.",
    },
    "error.refi_no_name": {
        "da": "Filen siger ikke, hvad kodebogen hedder: angiv et navn. Intet er ændret.",
        "en": "The file does not say what the codebook is called: give a name. Nothing was changed.",
    },
}
