"""Single sign-on through the municipality's OpenID Connect provider."""

MESSAGES = {
    "account.sso_heading": {"da": "Adgangskode og totrinsbekræftelse", "en": "Password and two-step verification"},
    "account.sso_managed": {
        "da": "Du er logget ind med kommunens login. Din adgangskode og din totrinsbekræftelse styres dér, "
              "ikke i arbejdsbordet.",
        "en": "You are signed in with the municipality's login. Your password and two-step verification are "
              "managed there, not in the workbench.",
    },
    "login.sso": {"da": "Log ind med kommunens login", "en": "Sign in with the municipality's login"},
    "login.sso_or_local": {
        "da": "Eller log ind med brugernavn og adgangskode:",
        "en": "Or sign in with username and password:",
    },
    "sso.refused.callback": {
        "da": "Login via kommunens login blev afvist, fordi svaret fra login-tjenesten ikke kunne godkendes. "
              "Prøv igen. Sker det igen, så kontakt IT-supporten.",
        "en": "Signing in with the municipality's login was refused: the login service's answer could not be "
              "accepted. Please try again, and contact IT support if it happens again.",
    },
    "sso.refused.level": {
        "da": "Dit login har ikke det sikringsniveau, arbejdsbordet kræver (NSIS betydelig eller højere). "
              "Log ind igen med to-faktor-login (for eksempel MitID Erhverv).",
        "en": "Your login does not have the assurance level the workbench requires (NSIS substantial or higher). "
              "Sign in again with two-factor login (for example MitID Erhverv).",
    },
    "sso.refused.pending": {
        "da": "Du er logget ind hos kommunen, men har endnu ikke adgang til arbejdsbordet. En administrator skal "
              "give dig en rolle; log derefter ind igen.",
        "en": "You are signed in at the municipality but have no access to the workbench yet. An administrator "
              "must give you a role; then sign in again.",
    },
    "sso.refused.inactive": {
        "da": "Din konto i arbejdsbordet er lukket. Kontakt en administrator.",
        "en": "Your workbench account is closed. Contact an administrator.",
    },
    "sso.refused.claims": {
        "da": "Login-tjenesten sendte ikke de oplysninger, arbejdsbordet skal bruge (udsteder og bruger-id).",
        "en": "The login service did not send what the workbench needs (issuer and subject).",
    },
    "sso.error.role_or_account": {
        "da": "Vælg enten en rolle til en ny konto eller en eksisterende konto.",
        "en": "Choose either a role for a new account or an existing account.",
    },
    "sso.error.no_pending_identity": {
        "da": "Identiteten venter ikke længere på adgang (den er måske allerede tildelt).",
        "en": "The identity is no longer waiting for access (it may have been assigned already).",
    },
    "sso.error.no_such_account": {
        "da": "Kontoen findes ikke eller er lukket.",
        "en": "The account does not exist or is closed.",
    },
    "sso.pending.heading": {"da": "Venter på adgang (kommunens login)", "en": "Waiting for access (municipal login)"},
    "sso.pending.intro": {
        "da": "Personer, der har logget ind via kommunens login, men endnu ikke har en rolle i arbejdsbordet. "
              "De har ingen adgang, før du giver dem en rolle eller knytter dem til en eksisterende konto.",
        "en": "People who signed in with the municipal login but have no workbench role yet. They have no access "
              "until you give them a role or link them to an existing account.",
    },
    "sso.pending.none": {"da": "Ingen venter på adgang.", "en": "Nobody is waiting for access."},
    "sso.pending.identity": {"da": "Person", "en": "Person"},
    "sso.pending.first_seen": {"da": "Første login", "en": "First sign-in"},
    "sso.pending.groups": {"da": "Grupper", "en": "Groups"},
    "sso.pending.account": {"da": "Konto", "en": "Account"},
    "sso.pending.new_account": {"da": "Ny konto med rollen herunder", "en": "New account with the role below"},
    "sso.pending.assign": {"da": "Giv adgang", "en": "Give access"},
    "sso.pending.assigned": {
        "da": "{name} har nu adgang som {username}. Personen skal logge ind igen.",
        "en": "{name} now has access as {username}. They must sign in again.",
    },
}
