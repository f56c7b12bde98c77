"""Server-side sessions: why a session ended, and the user's own sessions on Min konto."""

MESSAGES = {
    "session.ended.logout": {"da": "Du er logget ud.", "en": "You are logged out."},
    "session.ended.idle": {
        "da": "Du er logget ud, fordi du ikke har været aktiv i {minutes} minutter.",
        "en": "You were logged out after {minutes} minutes without activity.",
    },
    "session.ended.expired": {
        "da": "Dit login er udløbet. Log ind igen.",
        "en": "Your login has expired. Please log in again.",
    },
    "session.ended.ended_by_user": {
        "da": "Dette login blev afsluttet fra en anden af dine browsere. Log ind igen.",
        "en": "This login was ended from another of your browsers. Please log in again.",
    },
    "session.ended.account_changed": {
        "da": "Du er logget ud, fordi din konto er ændret (rolle, adgangskode eller lukning). Log ind igen.",
        "en": "You were logged out because your account changed (role, password or closure). Please log in again.",
    },
    "session.ended.forged": {
        "da": "Browserens login-oplysninger kunne ikke godkendes. Log ind igen.",
        "en": "The browser's login details could not be accepted. Please log in again.",
    },
    "session.ended.replayed": {
        "da": "Dette login er afsluttet. Log ind igen.",
        "en": "This login has ended. Please log in again.",
    },
    "session.ended.session_handoff": {
        "da": "Login blev ikke gjort færdigt i tide. Log ind igen.",
        "en": "The login was not completed in time. Please log in again.",
    },
    "session.refused.logout": {"da": "Login er afsluttet.", "en": "The login has ended."},
    "session.refused.idle": {"da": "Login er udløbet pga. inaktivitet.", "en": "The login expired from inactivity."},
    "session.refused.expired": {"da": "Login er udløbet.", "en": "The login has expired."},
    "session.refused.ended_by_user": {"da": "Login er afsluttet.", "en": "The login has ended."},
    "session.refused.account_changed": {"da": "Kontoen er ændret.", "en": "The account has changed."},
    "session.refused.forged": {"da": "Login kunne ikke godkendes.", "en": "The login could not be accepted."},
    "session.refused.replayed": {"da": "Login er afsluttet.", "en": "The login has ended."},
    "session.error.not_found": {"da": "Det login findes ikke.", "en": "That login does not exist."},
    "session.heading": {"da": "Dine logins", "en": "Your logins"},
    "session.intro": {
        "da": "Her er de browsere, du er logget ind i nu. Afslut et login, du ikke kender eller ikke bruger mere.",
        "en": "These are the browsers you are logged in on now. End a login you do not recognise or no longer use.",
    },
    "session.col.started": {"da": "Logget ind", "en": "Logged in"},
    "session.col.last_seen": {"da": "Senest brugt", "en": "Last used"},
    "session.col.client": {"da": "Adresse", "en": "Address"},
    "session.col.browser": {"da": "Browser", "en": "Browser"},
    "session.this_one": {"da": "Dette login", "en": "This login"},
    "session.end_one": {"da": "Afslut login fra {started}", "en": "End the login from {started}"},
    "session.end_others": {"da": "Afslut alle andre logins", "en": "End all other logins"},
    "session.ended_one": {"da": "Login afsluttet.", "en": "Login ended."},
    "session.ended_others": {"da": "{count} andre logins afsluttet.", "en": "{count} other logins ended."},
    "session.none_other": {"da": "Du er ikke logget ind andre steder.", "en": "You are not logged in anywhere else."},
    "nav.page_refused_title": {"da": "Ikke tilgængelig", "en": "Not available"},
    "nav.page_refused": {
        "da": "Den side, linket pegede på, findes ikke eller hører ikke til din rolle. Du er på din startside.",
        "en": "The page the link pointed to does not exist or is not part of your role. This is your start page.",
    },
}
