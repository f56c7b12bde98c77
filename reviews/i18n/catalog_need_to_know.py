"""Texts of access by need: break the glass, and cases outside the user's work."""

MESSAGES: dict[str, dict[str, str]] = {
    "field.break_glass_reason": {"da": "Begrundelse", "en": "Reason"},
    "access.error.reason_short": {
        "da": "Skriv en begrundelse på mindst {minimum} tegn, som en senere læser af loggen kan vurdere.",
        "en": "Write a reason of at least {minimum} characters that a later reader of the log can judge."},
    "access.error.no_such_case": {
        "da": "Der findes ingen sag med pseudonymet «{pseudonym}».", "en": "There is no case with the pseudonym “{pseudonym}”."},
    "access.error.already_readable": {
        "da": "Du har allerede adgang til {pseudonym} gennem dit arbejde; åbn sagen i sagsregistret.",
        "en": "You already have access to {pseudonym} through your work; open it in the case register."},
    "access.break_glass": {"da": "Åbn en sag uden for dit arbejde", "en": "Open a case outside your work"},
    "access.break_glass_help": {
        "da": "Kun når arbejdet kræver det, fx en klage over sagen eller en henvendelse fra familien. Adgangen "
              "gælder {minutes} minutter, begrundelsen logges og vises for administratoren, og familien kan se "
              "den i sit indsigtsudtræk.",
        "en": "Only when your work requires it, e.g. a complaint about the case or a request from the family. "
              "Access lasts {minutes} minutes; the reason is logged, shown to the administrator, and the family "
              "can see it in their insight extract."},
    "access.break_glass_submit": {"da": "Åbn sagen", "en": "Open the case"},
    "access.granted": {
        "da": "Du har adgang til {pseudonym} til kl. {until}.", "en": "You have access to {pseudonym} until {until}."},
    "access.my_grants": {"da": "Sager du har åbnet uden for dit arbejde", "en": "Cases you opened outside your work"},
    "access.grants_title": {"da": "Adgang uden for arbejdet («break the glass»)", "en": "Access outside work (“break the glass”)"},
    "access.grants_none": {"da": "Ingen har åbnet en sag uden for deres arbejde.", "en": "Nobody has opened a case outside their work."},
    "access.col.user": {"da": "Bruger", "en": "User"},
    "access.col.case": {"da": "Sag", "en": "Case"},
    "access.col.reason": {"da": "Begrundelse", "en": "Reason"},
    "access.col.granted": {"da": "Åbnet", "en": "Opened"},
    "access.col.expires": {"da": "Udløber", "en": "Expires"},
    "audit.action.break_glass": {"da": "Åbnede sag uden for arbejdet", "en": "Opened a case outside work"},
    "error.not_chair": {
        "da": "Kun gennemgangens formand kan ændre «{review}».", "en": "Only the review's chair can change “{review}”."},
    "error.chair_role": {
        "da": "Formanden skal være en aktiv bruger med rollen formand eller borgerrådgiver.",
        "en": "The chair must be an active user with the chair or ombudsman role."},
    "reviews.chair": {"da": "Formand", "en": "Chair"},
    "reviews.no_chair": {"da": "Ingen formand", "en": "No chair"},
    "reviews.not_your_review": {
        "da": "Du er ikke formand for denne gennemgang; dens formand styrer medlemmer og udvalgte sager.",
        "en": "You do not chair this review; its chair manages members and selected cases."},
    "reviews.hand_over": {"da": "Overdrag formandskabet", "en": "Hand over the chair"},
    "reviews.find_pseudonym": {"da": "Sagens pseudonym", "en": "The case's pseudonym"},
    "reviews.find_pseudonym_help": {
        "da": "Skriv pseudonymet, som familien eller udvalget har oplyst (fx «Familie 17»). Sagens indhold vises "
              "først, når sagen er udvalgt og har et grundlag.",
        "en": "Type the pseudonym the family or the committee gave (e.g. “Familie 17”). The case's content is "
              "shown only once it is selected and has a basis."},
}
