"""Local accounts: the second factor (TOTP), recovery codes, lockout, password rules."""

MESSAGES: dict[str, dict[str, str]] = {
    # The second step of the login
    "login.code_heading": {"da": "Kode fra godkendelses-app", "en": "Code from authenticator app"},
    "login.code_intro": {
        "da": "Skriv den 6-cifrede kode, som din godkendelses-app viser nu. Har du mistet telefonen, kan du skrive en af dine gendannelseskoder i stedet.",
        "en": "Enter the 6-digit code your authenticator app shows now. If you have lost your phone, enter one of your recovery codes instead.",
    },
    "login.code": {"da": "Kode fra godkendelses-app", "en": "Code from authenticator app"},
    "login.code_help": {
        "da": "6 cifre, eller en gendannelseskode som ABCDE-FGHJK.",
        "en": "6 digits, or a recovery code such as ABCDE-FGHJK.",
    },
    "login.code_submit": {"da": "Bekræft", "en": "Confirm"},
    "login.cancel": {"da": "Annullér og log ind igen", "en": "Cancel and log in again"},
    "login.enrol_heading": {"da": "Opsæt totrinsbekræftelse", "en": "Set up two-step verification"},
    "login.enrol_intro": {
        "da": "Din rolle giver adgang til sagsmateriale. Derfor skal du bruge en godkendelses-app på din telefon (fx Microsoft Authenticator, Google Authenticator eller FreeOTP) ud over din adgangskode. Du kan først bruge arbejdsbordet, når den er sat op.",
        "en": "Your role gives access to case material, so you need an authenticator app on your phone (such as Microsoft Authenticator, Google Authenticator or FreeOTP) in addition to your password. You can use the workbench once it is set up.",
    },
    "login.demo_second_factor": {
        "da": "Demobrugerne har totrinsbekræftelse med én fælles hemmelighed. Tilføj den i en godkendelses-app (scan QR-koden eller skriv hemmeligheden), og brug appens kode efter adgangskoden.",
        "en": "The demo users have two-step verification with one shared secret. Add it to an authenticator app (scan the QR code or type the secret) and enter the app's code after the password.",
    },
    # Enrolment (login and Min konto)
    "second_factor.heading": {"da": "Totrinsbekræftelse", "en": "Two-step verification"},
    "second_factor.scan": {
        "da": "Åbn din godkendelses-app, og scan QR-koden, eller skriv hemmeligheden herunder.",
        "en": "Open your authenticator app and scan the QR code, or type the secret below.",
    },
    "second_factor.qr_alt": {
        "da": "QR-kode med hemmeligheden til godkendelses-appen",
        "en": "QR code with the secret for the authenticator app",
    },
    "second_factor.secret": {"da": "Hemmelighed til at skrive i appen:", "en": "Secret to type into the app:"},
    "second_factor.confirm_intro": {
        "da": "Skriv derefter den 6-cifrede kode, appen viser, for at bekræfte.",
        "en": "Then enter the 6-digit code the app shows, to confirm.",
    },
    "second_factor.confirm": {"da": "Bekræft og slå til", "en": "Confirm and turn on"},
    "second_factor.recovery_heading": {"da": "Dine gendannelseskoder", "en": "Your recovery codes"},
    "second_factor.recovery_intro": {
        "da": "Gem koderne et sikkert sted, fx udskrevet i en låst skuffe. Hver kode kan bruges én gang i stedet for appens kode, hvis du mister telefonen. Koderne vises kun nu.",
        "en": "Keep the codes somewhere safe, for example printed in a locked drawer. Each code can be used once instead of the app's code if you lose your phone. The codes are shown only now.",
    },
    "second_factor.download_codes": {"da": "Hent koderne som tekstfil", "en": "Download the codes as a text file"},
    "second_factor.recovery_done": {"da": "Jeg har gemt koderne", "en": "I have saved the codes"},
    "second_factor.status_on": {
        "da": "Slået til siden {date}. {count:# ubrugt gendannelseskode|# ubrugte gendannelseskoder} tilbage.",
        "en": "On since {date}. {count:# unused recovery code|# unused recovery codes} left.",
    },
    "second_factor.status_off": {"da": "Ikke slået til.", "en": "Not turned on."},
    "second_factor.status_required": {
        "da": "Din rolle kræver totrinsbekræftelse, når du logger ind.",
        "en": "Your role requires two-step verification when you log in.",
    },
    "second_factor.enrolled": {"da": "Totrinsbekræftelse er slået til.", "en": "Two-step verification is on."},
    "second_factor.renew_heading": {"da": "Ny godkendelses-app", "en": "New authenticator app"},
    "second_factor.renew_intro": {
        "da": "Fx på en ny telefon. Den gamle app og de gamle gendannelseskoder holder op med at virke.",
        "en": "For example on a new phone. The old app and the old recovery codes stop working.",
    },
    "second_factor.renew_start": {"da": "Opsæt ny app", "en": "Set up new app"},
    "second_factor.new_codes_heading": {"da": "Nye gendannelseskoder", "en": "New recovery codes"},
    "second_factor.new_codes_intro": {
        "da": "De gamle gendannelseskoder holder op med at virke.", "en": "The old recovery codes stop working.",
    },
    "second_factor.new_codes_submit": {"da": "Lav nye koder", "en": "Make new codes"},
    "second_factor.password": {"da": "Din adgangskode", "en": "Your password"},
    "second_factor.cancel": {"da": "Annullér", "en": "Cancel"},
    # Administrators
    "users.second_factor": {"da": "Totrinsbekræftelse", "en": "Two-step verification"},
    "users.reset_second_factor": {"da": "Nulstil totrinsbekræftelse", "en": "Reset two-step verification"},
    "users.reset_second_factor_help": {
        "da": "Når brugeren har mistet både telefon og gendannelseskoder. Brugeren opsætter en ny app ved næste log ind.",
        "en": "When the user has lost both phone and recovery codes. The user sets up a new app at the next login.",
    },
    "users.second_factor_reset": {
        "da": "Totrinsbekræftelsen for {username} er nulstillet.", "en": "Two-step verification for {username} was reset.",
    },
    # Errors
    "error.code_wrong": {
        "da": "Koden er forkert eller udløbet. Skriv den kode, appen viser nu.",
        "en": "The code is wrong or has expired. Enter the code the app shows now.",
    },
    "error.code_reused": {
        "da": "Koden er allerede brugt. Vent på den næste kode i appen (højst 30 sekunder), og prøv igen.",
        "en": "The code has already been used. Wait for the next code in the app (at most 30 seconds) and try again.",
    },
    "error.login_step_expired": {
        "da": "Der gik for lang tid. Log ind igen med brugernavn og adgangskode.",
        "en": "That took too long. Log in again with username and password.",
    },
    "error.enrol_code_wrong": {
        "da": "Koden passer ikke til QR-koden. Tjek, at telefonens ur går rigtigt, og skriv den kode, appen viser nu.",
        "en": "The code does not match the QR code. Check that the phone's clock is right and enter the code the app shows now.",
    },
    "error.second_factor_not_enrolled": {
        "da": "Totrinsbekræftelse er ikke slået til.", "en": "Two-step verification is not turned on.",
    },
    "error.password_common": {
        "da": "Adgangskoden er for almindelig og let at gætte. Vælg en anden, fx tre-fire tilfældige ord.",
        "en": "The password is too common and easy to guess. Choose another, for example three or four random words.",
    },
    # Audit log actions
    "audit.action.login_password": {"da": "Adgangskode godkendt", "en": "Password accepted"},
    "audit.action.second_factor_failed": {"da": "Forkert engangskode", "en": "Wrong one-time code"},
    "audit.action.totp_reused": {"da": "Engangskode genbrugt", "en": "One-time code reused"},
    "audit.action.account_locked": {"da": "Konto spærret", "en": "Account locked"},
    "audit.action.account_unlocked": {"da": "Konto låst op", "en": "Account unlocked"},
    "audit.action.totp_enrolled": {"da": "Totrinsbekræftelse slået til", "en": "Two-step verification turned on"},
    "audit.action.recovery_codes_created": {"da": "Nye gendannelseskoder", "en": "New recovery codes"},
    "audit.action.second_factor_reset": {"da": "Totrinsbekræftelse nulstillet", "en": "Two-step verification reset"},
}
