"""Texts of the basis for reviewing a case (the family's consent or the ombudsman's own-initiative
investigation), and of the minutes' dates: approval only from the meeting date, progress while the combined
minutes are made."""

MESSAGES: dict[str, dict[str, str]] = {
    # Refusals: a case without a basis is neither read nor coded in the review
    "error.consent_pending": {
        "da": "{pseudonym} kan ikke læses eller kodes i gennemgangen, fordi familiens samtykke afventer. Sagen kan "
              "indgå, når familien har givet samtykke, eller hvis borgerrådgiveren undersøger den af egen drift.",
        "en": "{pseudonym} cannot be read or coded in the review, because the family's consent is pending. The case "
              "can be included once the family has given consent, or if the citizen ombudsman investigates it on "
              "own initiative.",
    },
    "error.consent_refused": {
        "da": "{pseudonym} kan ikke læses eller kodes i gennemgangen, fordi familien har afvist at give samtykke. "
              "Sagen kan kun indgå, hvis borgerrådgiveren undersøger den af egen drift.",
        "en": "{pseudonym} cannot be read or coded in the review, because the family refused consent. The case can "
              "only be included if the citizen ombudsman investigates it on own initiative.",
    },
    "error.evidence_no_basis": {
        "da": "Fund {ids} er fra en sag, som gennemgangen ikke må læse (familiens samtykke afventer eller er "
              "afvist).",
        "en": "Finding {ids} is from a case the review may not read (the family's consent is pending or refused).",
    },
    "audit.action.refused": {"da": "Afvist adgang", "en": "Refused access"},
    "value.familiens samtykke": {"da": "Familiens samtykke", "en": "The family's consent"},
    "value.borgerrådgiverens egen drift-undersøgelse": {
        "da": "Borgerrådgiverens undersøgelse af egen drift",
        "en": "The citizen ombudsman's own-initiative investigation",
    },
    # Læs og kod: cases that cannot be read yet
    "annotate.state_no_basis": {"da": "afventer samtykke", "en": "awaiting consent"},
    "annotate.no_basis_count": {
        "da": "{count:# sag|# sager} kan ikke læses endnu: familiens samtykke afventer eller er afvist.",
        "en": "{count:# case|# cases} cannot be read yet: the family's consent is pending or refused.",
    },
    # Samlet referat: the basis of each reviewed case, and the cases left out
    "doc.col_basis": {"da": "Grundlag", "en": "Basis"},
    "place.basis": {"da": "grundlag", "en": "basis"},
    "doc.basis_consent": {"da": "Familiens samtykke, givet {date}", "en": "The family's consent, given on {date}"},
    "doc.basis_consent_undated": {"da": "Familiens samtykke", "en": "The family's consent"},
    "doc.basis_own_initiative": {
        "da": "Borgerrådgiverens undersøgelse af egen drift",
        "en": "The citizen ombudsman's own-initiative investigation",
    },
    "doc.cases_basis_count": {
        "da": "{n:# sag indgår|# sager indgår} i gennemgangen: {consent} med familiens samtykke og {own} som "
              "borgerrådgiverens undersøgelse af egen drift.",
        "en": "{n:# case is|# cases are} part of the review: {consent} with the family's consent and {own} as the "
              "citizen ombudsman's own-initiative investigation.",
    },
    "doc.cases_left_out": {
        "da": "{n:# udvalgt sag indgår|# udvalgte sager indgår} ikke, fordi familiens samtykke afventer eller er "
              "afvist.",
        "en": "{n:# selected case is|# selected cases are} not part of the review, because the family's consent is "
              "pending or refused.",
    },
    "doc.no_reviewed_cases": {
        "da": "Ingen af de udvalgte sager har samtykke eller er taget op af borgerrådgiveren af egen drift.",
        "en": "None of the selected cases has consent or was taken up by the citizen ombudsman on own initiative.",
    },
    # Minutes: approval and locking only from the meeting date
    "minutes.error.before_meeting": {
        "da": "Referatet kan først godkendes og låses fra mødedagen, {date:%d.%m.%Y}.",
        "en": "The minutes can only be approved and locked from the day of the meeting, {date:%d/%m/%Y}.",
    },
    "meetings.approve_from": {
        "da": "Mødet holdes {date}. Referatet kan godkendes og låses fra den dag.",
        "en": "The meeting is held on {date}. The minutes can be approved and locked from that day.",
    },
    "meetings.making_committee": {"da": "Det samlede referat laves …", "en": "Making the combined minutes …"},
}
