"""Texts of the access review: who has access, last logins, unused accounts."""

MESSAGES: dict[str, dict[str, str]] = {
    "page.access_review": {"da": "Adgangsgennemgang", "en": "Access review"},
    "field.access_review_note": {"da": "Note (valgfri)", "en": "Note (optional)"},
    "audit.action.access_review": {"da": "Adgang gennemgået", "en": "Access reviewed"},
    "access_review.intro": {
        "da": "Alle brugere med rolle, gennemgange og seneste login. Gennemgå listen jævnligt, luk konti der "
              "ikke bruges, og registrér at adgangen er gennemgået.",
        "en": "Every user with role, reviews and last login. Go through the list regularly, close accounts that "
              "are not used, and record that access has been reviewed."},
    "access_review.last": {
        "da": "Adgang sidst gennemgået {when} af {name}.", "en": "Access last reviewed on {when} by {name}."},
    "access_review.never": {
        "da": "Adgangen er endnu ikke gennemgået.", "en": "Access has not been reviewed yet."},
    "access_review.reminder_overdue": {
        "da": "Adgangsgennemgangen er forfalden: den seneste er mere end {months:# måned|# måneder} gammel. "
              "Gennemgå listen og registrér «Adgang gennemgået».",
        "en": "The access review is overdue: the last one is more than {months:# month|# months} old. "
              "Go through the list and record “Access reviewed”."},
    "access_review.reminder_never": {
        "da": "Der er aldrig registreret en adgangsgennemgang. Gennemgå listen og registrér «Adgang gennemgået» "
              "(derefter mindst hver {months:# måned|# måneder}).",
        "en": "No access review has ever been recorded. Go through the list and record “Access reviewed” "
              "(then at least every {months:# month|# months})."},
    "access_review.col.username": {"da": "Brugernavn", "en": "Username"},
    "access_review.col.full_name": {"da": "Navn", "en": "Name"},
    "access_review.col.role": {"da": "Rolle", "en": "Role"},
    "access_review.col.active": {"da": "Aktiv", "en": "Active"},
    "access_review.col.reviews": {"da": "Gennemgange (medlem eller formand)", "en": "Reviews (member or chair)"},
    "access_review.col.last_login": {"da": "Seneste login", "en": "Last login"},
    "access_review.col.days": {"da": "Dage siden login", "en": "Days since login"},
    "access_review.col.created": {"da": "Oprettet", "en": "Created"},
    "access_review.col.sessions": {"da": "Sessioner", "en": "Sessions"},
    "access_review.col.flag": {"da": "Markering", "en": "Flag"},
    "access_review.never_logged_in": {"da": "Aldrig", "en": "Never"},
    "access_review.flag_unused": {
        "da": "Ubrugt i {days:# dag|# dage} – luk kontoen", "en": "Unused for {days:# day|# days} – close the account"},
    "access_review.flag_never": {
        "da": "Aldrig brugt, oprettet for {days:# dag|# dage} siden – luk kontoen",
        "en": "Never used, created {days:# day|# days} ago – close the account"},
    "access_review.flag_count": {
        "da": "{count:# konto er markeret|# konti er markeret} som ubrugt i mindst {days} dage.",
        "en": "{count:# account is flagged|# accounts are flagged} as unused for at least {days} days."},
    "access_review.record_title": {"da": "Registrér gennemgangen", "en": "Record the review"},
    "access_review.note_help": {
        "da": "Fx hvad der blev rettet. Skriv ikke personnumre.", "en": "E.g. what was corrected. Do not write CPR numbers."},
    "access_review.record_submit": {"da": "Adgang gennemgået", "en": "Access reviewed"},
    "access_review.recorded": {"da": "Gennemgangen af adgang er registreret.", "en": "The access review has been recorded."},
    "access_review.deactivate_title": {"da": "Luk ubrugte konti", "en": "Close unused accounts"},
    "access_review.deactivate_none": {
        "da": "Ingen aktive konti er ubrugt i {days} dage.", "en": "No active account has been unused for {days} days."},
    "access_review.deactivate_list": {
        "da": "Disse konti lukkes (de kan åbnes igen under Brugere):",
        "en": "These accounts will be closed (they can be reopened under Users):"},
    "access_review.deactivate_self": {
        "da": "Din egen konto er markeret, men lukkes ikke herfra.",
        "en": "Your own account is flagged but is not closed from here."},
    "access_review.deactivate_confirm": {
        "da": "Jeg har kontrolleret listen og vil lukke {count:# konto|# konti}",
        "en": "I have checked the list and want to close {count:# account|# accounts}"},
    "access_review.deactivate_submit": {
        "da": "Luk {count:# markeret konto|# markerede konti}", "en": "Close {count:# flagged account|# flagged accounts}"},
    "access_review.deactivated": {
        "da": "{count:# konto er lukket|# konti er lukket}.", "en": "{count:# account closed|# accounts closed}."},
    "access_review.history": {"da": "Tidligere gennemgange", "en": "Earlier reviews"},
    "access_review.col.reviewed_at": {"da": "Gennemgået", "en": "Reviewed"},
    "access_review.col.reviewed_by": {"da": "Af", "en": "By"},
    "access_review.col.note": {"da": "Note", "en": "Note"},
}
