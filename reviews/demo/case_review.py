"""Demo data of the case review for "Task Force 4200": findings by four reviewers of different disciplines on
the five cases (with real disagreements), their readings (blind review; the psychologist has not finished
Familie 38), ten learning points over every status with evidence and a few edits, family responses, and
an action plan with done, running and overdue actions.

Everything is fictional and goes through the services, as a task force would enter it.
"""

from __future__ import annotations

import datetime as dt

from reviews import clock
from reviews.demo.core import DEMO_REVIEW_NAME
from reviews.models import Role, User
from reviews.models.case_review import ActionStatus, FamilyStance, LearningPointStatus, Polarity
from reviews.services import action_plan, auth, family_round, findings, learning_points
from reviews.services import cases as case_service
from reviews.services import codebooks as codebook_service
from reviews.services import reviews as review_service

_LOADER = User(id=0, username="demodata", full_name="Demodata", role=Role.ADMINISTRATOR)
C, W, N = Polarity.CONCERN, Polarity.WORKS_WELL, Polarity.NEEDS_TO_HAPPEN
S = LearningPointStatus

# case -> reviewer -> findings: (event index or None for the whole case, text, polarity, code keys, excerpt, judgement)
FINDINGS: dict[str, dict[str, list[tuple]]] = {
    "Familie 3": {
        "socialraadgiver": [
            (2, "Ingen overlevering til familien, da sagen skiftede sagsbehandler. Mor måtte fortælle historien forfra.",
             C, ["fo6_skift", "fo3_sammenhaeng"], "Ingen overlevering til familien.", None),
            (7, "Netværksmødet samlede skole, PPR og mor; mor oplevede for første gang at blive hørt.",
             W, ["smb_min_verden", "fo4_moeder"], "mor føler sig hørt for første gang", None),
            (5, "Mor vidste ikke på forhånd, hvad opfølgningsmøderne skulle handle om.",
             C, ["fo5_paa_forhaand"], "dagsordenen var uklar", None),
            (None, "Familien mangler en fast kontaktperson gennem hele forløbet.",
             N, ["fo6_skift", "smb_find_vej"], "", 3),
        ],
        "jurist": [
            (8, "Afgørelsen om kontaktperson mangler klagevejledning.", C, ["kv_lovgivning"], "Klagevejledning mangler.", None),
            (4, "Begrundelsen for afgørelsen om familiebehandling er for kortfattet til, at familien kan forstå den.",
             C, ["kv_lovgivning", "kv_udredning"], "Begrundelsen er kortfattet.", None),
            (6, "Tre sagsbehandlere på et år og intet overleveringsnotat i sagen.", C, ["fo6_skift"], "", None),
        ],
        "psykolog": [
            (1, "Drengens søvnproblemer blev nævnt ved første møde, men aldrig undersøgt nærmere.",
             C, ["kv_udredning", "kv_opfoelgning"], "søvnproblemer hos drengen", None),
            (7, "Netværksmødet var et vendepunkt: mor blev inddraget som ekspert i sin egen familie.",
             W, ["kv_inddragelse", "smb_moed_mig"], "", None),
            (6, "De mange skift af sagsbehandler har kostet familiens tillid til forvaltningen.",
             C, ["fo1_tillid", "fo6_skift"], "", 4),
        ],
        "leder": [
            (9, "Kontaktpersonen har haft en tydelig effekt på fraværet.", W, ["kv_indsats", "kv_opfoelgning"],
             "Fraværet er faldet markant", 8),
            (6, "Overlevering ved skift af sagsbehandler skal være en fast procedure med et møde med familien.",
             N, ["fo6_skift"], "", None),
            (5, "Klagen over manglende indkaldelser burde have ført til en fast mødeplan.",
             N, ["fo5_paa_forhaand", "fo4_moeder"], "", None),
        ],
    },
    "Familie 11": {
        "socialraadgiver": [
            (1, "Fire måneder uden svar på ansøgningen om aflastning.", C, ["kv_lovgivning", "fo3_sammenhaeng"],
             "Der er gået fire måneder.", None),
            (5, "Tidsplanen gav forældrene overblik over processen.", W, ["smb_find_vej", "fo2_formaal"],
             "forældrene får en tidsplan", None),
            (8, "Skriftligt overblik over næste skridt ved overgangen til voksenområdet.", W,
             ["smb_find_vej", "fo3_sammenhaeng"], "", None),
        ],
        "jurist": [
            (2, "Afslaget bygger på en vurdering, familien ikke er blevet partshørt om.", C,
             ["kv_lovgivning", "kv_inddragelse"], "en vurdering, familien ikke har set", None),
            (4, "Ankestyrelsens hjemvisning bekræfter den formelle fejl.", C, ["kv_lovgivning"], "", None),
            (1, "Sagsbehandlingstiden overstiger kommunens egne servicemål.", C, ["kv_lovgivning"], "", None),
        ],
        "psykolog": [
            (5, "En grundig forklaring af processen genoprettede forældrenes tillid.", W, ["fo1_tillid", "smb_moed_mig"],
             "", 7),
            (None, "Sønnens eget perspektiv fremgår ikke af sagen.", C, ["smb_min_verden", "kv_inddragelse"], "", 4),
        ],
        "leder": [
            (1, "Ventetiden skyldes manglende kapacitet og skal følges ledelsesmæssigt.", N,
             ["kv_lovgivning", "kv_opfoelgning"], "", None),
            (8, "Overgangen til voksenområdet er planlagt i god tid.", W, ["fo3_sammenhaeng"], "", None),
        ],
    },
    "Familie 17": {
        "socialraadgiver": [
            (4, "Sikkerhedsplanen blev lavet sammen med far og hans netværk.", W, ["kv_inddragelse", "smb_min_verden"],
             "der laves en sikkerhedsplan", 7),
            (2, "Det er ikke noteret, hvorfor hjemmebesøget var uanmeldt.", C, ["kv_lovgivning", "fo1_tillid"],
             "det fremgår ikke, hvorfor besøget var uanmeldt", None),
            (6, "Overdragelsesmøde med far og begge sagsbehandlere: god praksis ved skift.", W, ["fo6_skift"], "", None),
        ],
        "jurist": [
            (2, "Et uanmeldt besøg uden noteret begrundelse er et retssikkerhedsproblem.", C, ["kv_lovgivning"], "", None),
            (7, "Referatet gengav fars udsagn forkert; retten til at gøre indsigelse bør fremgå af referatet.", C,
             ["kv_lovgivning", "fo4_moeder"], "", None),
        ],
        "psykolog": [
            (3, "Barnets perspektiv er grundigt beskrevet i den børnefaglige undersøgelse.", W,
             ["kv_udredning", "smb_min_verden"], "Barnets perspektiv er beskrevet grundigt.", None),
            (2, "Det uanmeldte besøg skadede fars tillid.", C, ["fo1_tillid"], "Far oplever det som mistillid", 3),
            (5, "Far var med til at vælge aflastningsfamilien.", W, ["kv_inddragelse", "kv_indsats"], "", None),
        ],
        "leder": [
            (8, "Referater i udkast til familien bør være standard i alle sager.", N, ["fo4_moeder", "fo5_paa_forhaand"],
             "far får fremover referater i udkast", None),
            (6, "Overdragelsen ved skift af sagsbehandler var forbilledlig.", W, ["fo6_skift", "fo3_sammenhaeng"], "",
             None),
        ],
    },
    "Familie 26": {
        "socialraadgiver": [
            (1, "Hurtig og rolig reaktion inden for et døgn efter underretningen.", W, ["fo7_modtagelse", "fo1_tillid"],
             "Akut møde med mor inden for et døgn.", 8),
            (3, "Børnene var ikke forberedt på samtalerne.", C, ["kv_inddragelse", "fo5_paa_forhaand"], "", None),
        ],
        "jurist": [
            (2, "Afgørelsen om ophold på krisecenter er korrekt og rettidig.", W, ["kv_lovgivning"], "", None),
            (4, "Børnenes ønsker skal efter loven fremgå af handleplanen.", C, ["kv_lovgivning", "kv_inddragelse"], "",
             None),
        ],
        "psykolog": [
            (3, "Børnesamtaler kræver forberedelse; den mellemste lukkede helt af.", C, ["kv_inddragelse", "smb_moed_mig"],
             "den mellemste ville ikke tale", 3),
            (5, "Den reviderede handleplan er skrevet i børnenes eget sprog.", W, ["smb_min_verden", "fo2_formaal"], "",
             None),
        ],
        "leder": [
            (6, "Støtten til at finde vej i boligsystemet virkede.", W, ["smb_find_vej"], "", None),
            (None, "Børnesamtaler skal forberedes efter en fast model.", N, ["kv_inddragelse"], "", None),
        ],
    },
    "Familie 38": {
        "socialraadgiver": [
            (3, "Mor vidste ikke, hvem der var hendes sagsbehandler efter flytningen af sagen.", C,
             ["smb_find_vej", "fo6_skift"], "hun ved ikke, hvem der nu er hendes sagsbehandler", None),
            (7, "En koordinerende sagsbehandler skabte sammenhæng mellem aktørerne.", W, ["fo3_sammenhaeng", "smb_find_vej"],
             "", 8),
        ],
        "jurist": [
            (6, "Brevet var svært at forstå og fyldt med lovhenvisninger.", C, ["kv_lovgivning", "fo7_modtagelse"], "",
             None),
            (4, "Sønnens behov blev ikke vurderet før afgørelsen.", C, ["kv_udredning", "kv_lovgivning"],
             "Sønnens behov er ikke vurderet.", None),
        ],
        "psykolog": [
            (5, "Åben Dialog-mødet gav mor en stemme.", W, ["smb_moed_mig", "fo4_moeder"],
             "det første, hvor hun blev lyttet til", None),
            (4, "Sønnens behov burde have været udredt.", C, ["kv_udredning"], "", None),
        ],
        "leder": [
            (1, "Mange aktører uden en fælles plan.", C, ["fo3_sammenhaeng", "fo2_formaal"], "Ingen fælles plan.", None),
            (7, "En fast mødeplan bør gælde alle sager med flere aktører.", N, ["fo3_sammenhaeng", "fo4_moeder"], "",
             None),
        ],
    },
}

# Readings left unfinished, so the blind review is visible in the demo.
UNFINISHED = {("psykolog", "Familie 38")}

# (title, description, recommendation, code keys, evidence [(case, reviewer, index)], final status, creator,
#  family responses [(representative, days before the review deadline, stance, comment)], agreed wording)
LEARNING_POINTS = [
    ("Overlevering ved skift af sagsbehandler",
     "Når sagen skifter sagsbehandler, mister familien overblik og tillid. God praksis ses, hvor der holdes et "
     "overdragelsesmøde med familien.",
     "Indfør et fast overdragelsesmøde med familien og et skriftligt overleveringsnotat ved hvert skift.",
     ["fo6_skift", "fo3_sammenhaeng"],
     [("Familie 3", "socialraadgiver", 0), ("Familie 3", "jurist", 2), ("Familie 3", "leder", 1),
      ("Familie 38", "socialraadgiver", 0), ("Familie 17", "socialraadgiver", 2)],
     S.PRESENTED, "formand",
     [("Repræsentant A", 60, FamilyStance.AGREE, "Genkender det fra vores egen sag."),
      ("Repræsentant B", 58, FamilyStance.PARTLY, "Mødet skal holdes, før den gamle sagsbehandler stopper.")],
     "Ved hvert skift af sagsbehandler holdes et overdragelsesmøde med familien, før den hidtidige sagsbehandler "
     "stopper, og familien får et skriftligt overleveringsnotat."),
    ("Klagevejledning og begrundelse i afgørelser",
     "Flere afgørelser mangler klagevejledning eller har en begrundelse, familien ikke kan forstå.",
     "Tjekliste for afgørelser: begrundelse i klart sprog, partshøring og klagevejledning.",
     ["kv_lovgivning"],
     [("Familie 3", "jurist", 0), ("Familie 3", "jurist", 1), ("Familie 11", "jurist", 0),
      ("Familie 38", "jurist", 0)],
     S.APPROVED, "formand",
     [("Repræsentant C", 55, FamilyStance.AGREE, "")], ""),
    ("Forbered børn og unge på samtaler",
     "Børnesamtaler uden forberedelse giver ikke barnets perspektiv; børnene lukker af.",
     "Brug en fast model for forberedelse af børnesamtaler, og fortæl barnet på forhånd, hvad samtalen handler om.",
     ["kv_inddragelse", "fo5_paa_forhaand"],
     [("Familie 26", "socialraadgiver", 1), ("Familie 26", "psykolog", 0), ("Familie 26", "leder", 1)],
     S.APPROVED, "psykolog",
     [("Repræsentant A", 50, FamilyStance.AGREE, "Vores datter vidste ikke, hvorfor hun skulle tale med nogen."),
      ("Repræsentant D", 49, FamilyStance.AGREE, "")],
     "Børn og unge forberedes på samtaler efter en fast model og ved på forhånd, hvad samtalen handler om."),
    ("Netværksmøder giver familien en stemme",
     "God praksis: netværksmøder og Åben Dialog-møder, hvor familien inddrages som eksperter i eget liv.",
     "Tilbyd netværksmøde i alle sager med flere aktører.",
     ["smb_min_verden", "fo4_moeder"],
     [("Familie 3", "socialraadgiver", 1), ("Familie 3", "psykolog", 1), ("Familie 38", "psykolog", 0),
      ("Familie 17", "socialraadgiver", 0)],
     S.PRESENTED, "formand",
     [("Repræsentant B", 45, FamilyStance.AGREE, "Det var først dér, vi blev hørt.")], ""),
    ("Dagsorden og referat i udkast før møder",
     "Familier ved ikke altid, hvad møder skal handle om, og referater gengiver dem ikke altid korrekt.",
     "Send dagsorden med formål og deltagere før hvert møde og referatet i udkast bagefter.",
     ["fo5_paa_forhaand", "fo4_moeder"],
     [("Familie 3", "socialraadgiver", 2), ("Familie 3", "leder", 2), ("Familie 17", "leder", 0),
      ("Familie 17", "jurist", 1)],
     S.DISCUSSED, "formand",
     [("Repræsentant A", 30, FamilyStance.AGREE, ""),
      ("Repræsentant C", 29, FamilyStance.DISAGREE, "Referater i udkast forsinker sagen; send hellere et kort resumé.")],
     "Dagsorden med formål og deltagere sendes før hvert møde; et kort resumé sendes senest to dage efter."),
    ("Sagsbehandlingstid på handicapområdet",
     "Lange svartider uden besked skaber utryghed og klager.",
     "Giv besked om forventet sagsbehandlingstid ved modtagelsen og ved hver forsinkelse.",
     ["kv_lovgivning", "kv_opfoelgning"],
     [("Familie 11", "socialraadgiver", 0), ("Familie 11", "jurist", 2), ("Familie 11", "leder", 0)],
     S.DISCUSSED, "formand",
     [("Repræsentant D", 25, FamilyStance.PARTLY, "Besked er godt, men ventetiden skal også ned.")], ""),
    ("Ét samlet overblik til familien",
     "Familier finder vej, når de får en tidsplan og et skriftligt overblik over næste skridt.",
     "Giv familien et skriftligt overblik over forløbet og næste skridt, og opdatér det ved ændringer.",
     ["smb_find_vej", "fo3_sammenhaeng"],
     [("Familie 11", "socialraadgiver", 1), ("Familie 11", "socialraadgiver", 2), ("Familie 38", "socialraadgiver", 1)],
     S.IN_DISCUSSION, "socialraadgiver",
     [("Repræsentant B", 10, FamilyStance.AGREE, ""), ("Repræsentant C", 9, FamilyStance.PARTLY, "Gerne digitalt.")],
     ""),
    ("Barnets perspektiv i udredningen",
     "Barnets eget perspektiv mangler i flere sager; hvor det er beskrevet, styrker det afgørelsen.",
     "Beskriv altid barnets perspektiv i udredningen, også i sager om forældrenes behov.",
     ["kv_udredning", "smb_min_verden"],
     [("Familie 17", "psykolog", 0), ("Familie 11", "psykolog", 1), ("Familie 38", "jurist", 1)],
     S.IN_DISCUSSION, "formand",
     [("Repræsentant A", 8, FamilyStance.AGREE, "")], ""),
    ("Begrund uanmeldte hjemmebesøg",
     "Uanmeldte besøg uden noteret begrundelse skader tilliden og retssikkerheden.",
     "Notér altid begrundelsen for et uanmeldt besøg, og fortæl familien den bagefter.",
     ["fo1_tillid", "kv_lovgivning"],
     [("Familie 17", "jurist", 0), ("Familie 17", "socialraadgiver", 1), ("Familie 17", "psykolog", 1)],
     S.DRAFT, "jurist", [], ""),
    ("Letlæste breve",
     "Breve med mange lovhenvisninger er svære at forstå.",
     "Skriv breve i klart sprog med lovhenvisninger i en fodnote.",
     ["fo7_modtagelse"],
     [("Familie 38", "jurist", 0)],
     S.DRAFT, "formand", [], ""),
]

# learning point index -> actions (description, owner, deadline, status); a deadline given as an int is that many
# days from the day the demo is loaded, so there are always open actions ahead.
ACTIONS = {
    0: [("Skabelon til overleveringsnotat og fast overdragelsesmøde", "Afdelingsleder, Børn og Familie",
         dt.date(2021, 6, 30), ActionStatus.DONE),
        ("Opfølgning: stikprøve af 20 skift af sagsbehandler", "Faglig koordinator", dt.date(2022, 3, 31),
         ActionStatus.IN_PROGRESS)],
    1: [("Tjekliste for afgørelser indarbejdet i fagsystemet", "Juridisk konsulent", 60, ActionStatus.IN_PROGRESS),
        ("Kursus i klart sprog for sagsbehandlere", "HR og uddannelse", dt.date(2021, 11, 1), ActionStatus.PLANNED)],
    2: [("Model for forberedelse af børnesamtaler", "Psykologfaglig leder", 90, ActionStatus.PLANNED)],
    3: [("Netværksmøde tilbydes i alle sager med flere aktører", "Chef for Børn og Familie", dt.date(2021, 9, 1),
         ActionStatus.DONE),
        ("Uddannelse i Åben Dialog for to teams", "Chef for Handicap og Psykiatri", 120, ActionStatus.IN_PROGRESS)],
}


def load(db) -> None:
    users = {u.username: u for u in auth.list_users(db, _LOADER)}
    chair = users["formand"]
    review = review_service.find_review(db, chair, DEMO_REVIEW_NAME)
    selected = {c.pseudonym: c.case_id for c in review_service.get_review(db, chair, review.id).cases}
    codes = {c.key: c.id for c in codebook_service.list_codes(db, _LOADER)}

    finding_ids: dict[tuple[str, str, int], int] = {}
    for pseudonym, by_reviewer in FINDINGS.items():
        case_id = selected[pseudonym]
        events = case_service.get_case(db, chair, case_id, purpose="Demodata").events
        for username, entries in by_reviewer.items():
            reviewer = users[username]
            for index, (event_index, text, polarity, code_keys, excerpt, judgement) in enumerate(entries):
                saved = findings.add_finding(db, reviewer, review.id, case_id, findings.FindingForm(
                    text=text, code_ids=tuple(codes[k] for k in code_keys), polarity=polarity,
                    event_id=events[event_index].id if event_index is not None else None, excerpt=excerpt,
                    judgement=judgement))
                finding_ids[(pseudonym, username, index)] = saved.record.id
            if (username, pseudonym) not in UNFINISHED:
                findings.mark_reading_done(db, reviewer, review.id, case_id)

    path = {S.DRAFT: [], S.IN_DISCUSSION: [S.IN_DISCUSSION], S.DISCUSSED: [S.IN_DISCUSSION, S.DISCUSSED],
            S.APPROVED: [S.IN_DISCUSSION, S.DISCUSSED, S.APPROVED],
            S.PRESENTED: [S.IN_DISCUSSION, S.DISCUSSED, S.APPROVED, S.PRESENTED]}
    deadline = review.deadline or dt.date(2021, 3, 31)
    lp_ids = []
    for number, (title, description, recommendation, code_keys, evidence, status, creator, responses,
                 wording) in enumerate(LEARNING_POINTS):
        author = users[creator]
        # A first, shorter draft, then the full text: the history shows a real edit.
        lp = learning_points.create_learning_point(db, author, review.id, learning_points.LearningPointForm(
            title, description.split(";")[0].split(".")[0] + ".", "", tuple(codes[k] for k in code_keys[:1]),
            tuple(finding_ids[e] for e in evidence[:2]))).record
        lp = learning_points.update_learning_point(db, chair, lp.id, lp.version, learning_points.LearningPointForm(
            title, description, recommendation, tuple(codes[k] for k in code_keys),
            tuple(finding_ids[e] for e in evidence))).record
        for step in path[status]:
            if step == S.DISCUSSED:
                for representative, days_before, stance, comment in responses:
                    family_round.add_response(db, chair, lp.id, representative=representative,
                                              response_date=deadline - dt.timedelta(days=days_before),
                                              stance=stance, comment=comment)
                if wording:
                    lp = family_round.set_agreed_wording(db, chair, lp.id, lp.version, wording).record
            lp = learning_points.move_learning_point(db, chair, lp.id, lp.version, step)
        if status == S.IN_DISCUSSION:
            for representative, days_before, stance, comment in responses:
                family_round.add_response(db, chair, lp.id, representative=representative,
                                          response_date=deadline - dt.timedelta(days=days_before),
                                          stance=stance, comment=comment)
        lp_ids.append(lp.id)

    today = clock.today()
    for number, actions in ACTIONS.items():
        for description, owner, when, status in actions:
            when = today + dt.timedelta(days=when) if isinstance(when, int) else when
            action_plan.add_action(db, chair, lp_ids[number], action_plan.ActionForm(description, owner, when, status))
