"""Drafts: unsaved text kept for its author and offered back after a reload."""

MESSAGES = {
    "draft.restored": {
        "da": "Din ikke-gemte tekst fra {time} er hentet tilbage som kladde. Den er endnu ikke gemt.",
        "en": "Your unsaved text from {time} has been restored as a draft. It is not saved yet.",
    },
    "draft.error.kind": {"da": "Ukendt slags kladde.", "en": "Unknown kind of draft."},
    "draft.error.key": {"da": "Kladden mangler en gyldig nøgle.", "en": "The draft lacks a valid key."},
    "field.draft": {"da": "Kladde", "en": "Draft"},
}
