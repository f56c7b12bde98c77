"""Drafts: unsaved text kept for its author and offered back after a reload."""

MESSAGES = {
    "draft.restored": {
        "da": "Din ikke-gemte tekst fra {time} er hentet tilbage som kladde. Den er endnu ikke gemt.",
        "en": "Your unsaved text from {time} has been restored as a draft. It is not saved yet.",
    },
    "draft.older_base": {
        "da": "Kladden blev skrevet til version {base}, men en nyere version {current} er gemt siden."
              " Når du gemmer, får du først den nyere version at se, så intet overskrives uset.",
        "en": "The draft was written against version {base}, but a newer version {current} has been saved"
              " since. When you save, you are shown the newer version first, so nothing is overwritten unseen.",
    },
    "draft.error.version": {"da": "Kladden har et ugyldigt versionsnummer.",
                            "en": "The draft has an invalid version number."},
    "draft.error.kind": {"da": "Ukendt slags kladde.", "en": "Unknown kind of draft."},
    "draft.error.key": {"da": "Kladden mangler en gyldig nøgle.", "en": "The draft lacks a valid key."},
    "field.draft": {"da": "Kladde", "en": "Draft"},
}
