"""Demo users, cases with timelines, and the review "Task Force 4200" (after seed 004).

Every name and event is invented. Pseudonyms only ("Familie 17"); no CPR numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from reviews.models import CaseStatus, Consent, Discipline, EventType, Nomination, Role
from reviews.services import auth, second_factor
from reviews.services import cases as case_service
from reviews.services import reviews as review_service

DEMO_PASSWORD = "demo-kode-2026"
# Every demo user is enrolled for two-step verification with this one secret (base32), so `make run` needs
# no enrolment: add it once to an authenticator app and use the app's code after the password. It is
# public (README), so a demo database must never hold real data.
DEMO_TOTP_SECRET = "DEMOKODEGENNEMGANGOGMAEGLINGTOTP"
DEMO_REVIEW_NAME = "Task Force 4200"
SEED = 4200


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    discipline: Discipline | None
    password: str = DEMO_PASSWORD


DEMO_USERS = [
    DemoUser("admin", "Ida Administrator", Role.ADMINISTRATOR, None),
    DemoUser("formand", "Frederik Formand", Role.CHAIR, Discipline.MANAGER),
    DemoUser("socialraadgiver", "Sofie Sørensen", Role.REVIEWER, Discipline.SOCIAL_WORKER),
    DemoUser("jurist", "Jens Juul", Role.REVIEWER, Discipline.LAWYER),
    DemoUser("psykolog", "Pia Østergaard", Role.REVIEWER, Discipline.PSYCHOLOGIST),
    DemoUser("leder", "Lone Lærkesen", Role.REVIEWER, Discipline.MANAGER),
    DemoUser("borgerraadgiver", "Bodil Ærø", Role.OMBUDSMAN, Discipline.OMBUDSMAN),
    DemoUser("laeser", "Lasse Læser", Role.READER, None),
]

# The five cases the families and the committee asked to have reviewed, with rich timelines.
SELECTED = {
    "Familie 3": (
        "Børn og Familie", dt.date(2019, 3, 4), CaseStatus.IN_REVIEW,
        "Mor med to børn (8 og 12 år). Bekymring for skolefravær; skiftende sagsbehandlere og uklare aftaler.",
        Nomination.FAMILIES, "Familien oplever, at ingen har overblik over forløbet.",
        [
            (dt.date(2019, 3, 4), EventType.INQUIRY, "Skolen underretter om højt fravær hos den ældste dreng."),
            (dt.date(2019, 3, 20), EventType.MEETING, "Første møde med mor. Mor fortæller om søvnproblemer hos drengen; aftale om opfølgning om en måned."),
            (dt.date(2019, 5, 2), EventType.CASEWORKER_CHANGE, "Sagen overgår til ny sagsbehandler. Ingen overlevering til familien."),
            (dt.date(2019, 6, 14), EventType.HOME_VISIT, "Hjemmebesøg. Hjemmet fremstår ryddeligt; mor er træt og savner en fast kontaktperson."),
            (dt.date(2019, 9, 1), EventType.DECISION, "Afgørelse om familiebehandling efter servicelovens § 52 (nu barnets lov). Begrundelsen er kortfattet."),
            (dt.date(2019, 11, 11), EventType.COMPLAINT, "Mor klager over, at hun ikke er blevet indkaldt til opfølgningsmøder, og at dagsordenen var uklar."),
            (dt.date(2020, 1, 8), EventType.CASEWORKER_CHANGE, "Tredje sagsbehandler på et år. Overleveringsnotat findes ikke i sagen."),
            (dt.date(2020, 2, 19), EventType.MEETING, "Netværksmøde med skole, PPR og mor. God stemning; mor føler sig hørt for første gang."),
            (dt.date(2020, 4, 30), EventType.DECISION, "Afgørelse om kontaktperson til den ældste. Klagevejledning mangler."),
            (dt.date(2020, 8, 17), EventType.MEETING, "Opfølgning. Fraværet er faldet markant; kontaktpersonen fungerer godt."),
        ],
    ),
    "Familie 11": (
        "Handicap og Psykiatri", dt.date(2018, 9, 12), CaseStatus.IN_REVIEW,
        "Far og mor med en søn (15 år) med autisme. Uenighed om merudgifter og aflastning; lange svartider.",
        Nomination.COMMITTEE, "Udvalget ønsker belyst sagsbehandlingstiden på handicapområdet.",
        [
            (dt.date(2018, 9, 12), EventType.INQUIRY, "Forældrene søger om aflastning og dækning af merudgifter."),
            (dt.date(2019, 1, 22), EventType.INQUIRY, "Forældrene rykker for svar. Der er gået fire måneder."),
            (dt.date(2019, 3, 5), EventType.DECISION, "Afslag på aflastning. Afgørelsen henviser til en vurdering, familien ikke har set."),
            (dt.date(2019, 3, 30), EventType.COMPLAINT, "Klage over afslaget og over ikke at være blevet partshørt."),
            (dt.date(2019, 6, 3), EventType.DECISION, "Ankestyrelsen hjemviser sagen: manglende partshøring."),
            (dt.date(2019, 8, 20), EventType.MEETING, "Møde med forældrene. Sagsbehandleren forklarer processen grundigt; forældrene får en tidsplan."),
            (dt.date(2019, 10, 1), EventType.DECISION, "Bevilling af aflastning to weekender om måneden."),
            (dt.date(2020, 5, 14), EventType.HOME_VISIT, "Hjemmebesøg med fokus på overgangen til voksenområdet ved 18 år."),
            (dt.date(2020, 11, 2), EventType.MEETING, "Overgangsmøde med voksenhandicap. Forældrene har fået skriftligt overblik over næste skridt."),
        ],
    ),
    "Familie 17": (
        "Børn og Familie", dt.date(2017, 5, 17), CaseStatus.IN_REVIEW,
        "Enlig far med datter (6 år). Underretninger fra børnehaven; anbringelse drøftet men ikke gennemført.",
        Nomination.FAMILIES, "Far ønsker belyst, hvordan han blev inddraget før afgørelserne.",
        [
            (dt.date(2017, 5, 17), EventType.INQUIRY, "Børnehaven underretter om en stille og indadvendt pige."),
            (dt.date(2017, 6, 9), EventType.MEETING, "Samtale med far. Far er bekymret for at miste sin datter og ønsker hjælp."),
            (dt.date(2017, 8, 28), EventType.HOME_VISIT, "Uanmeldt hjemmebesøg. Far oplever det som mistillid; det fremgår ikke, hvorfor besøget var uanmeldt."),
            (dt.date(2017, 10, 4), EventType.DECISION, "Børnefaglig undersøgelse iværksat. Barnets perspektiv er beskrevet grundigt."),
            (dt.date(2018, 2, 15), EventType.MEETING, "Signs of Safety-møde med far og netværk. Farmor og en nabo deltager; der laves en sikkerhedsplan."),
            (dt.date(2018, 6, 1), EventType.DECISION, "Afgørelse om aflastningsfamilie. Far har været med til at vælge familien."),
            (dt.date(2019, 1, 10), EventType.CASEWORKER_CHANGE, "Ny sagsbehandler. Overdragelsesmøde med far og den tidligere sagsbehandler."),
            (dt.date(2019, 4, 23), EventType.COMPLAINT, "Far klager over et referat, der gengiver hans udsagn forkert."),
            (dt.date(2019, 5, 2), EventType.MEETING, "Møde om referatet; referatet rettes, og far får fremover referater i udkast."),
        ],
    ),
    "Familie 26": (
        "Børn og Familie", dt.date(2020, 1, 6), CaseStatus.IN_REVIEW,
        "Mor og stedfar med tre børn. Vold i hjemmet beskrevet i underretning; hurtig handling, men svag inddragelse af børnene.",
        Nomination.OMBUDSMAN, "Borgerrådgiveren har taget sagen op af egen drift efter flere henvendelser.",
        [
            (dt.date(2020, 1, 6), EventType.INQUIRY, "Politiet underretter efter en episode i hjemmet."),
            (dt.date(2020, 1, 7), EventType.MEETING, "Akut møde med mor inden for et døgn. Klar og rolig kommunikation."),
            (dt.date(2020, 1, 20), EventType.DECISION, "Afgørelse om midlertidigt ophold på krisecenter for mor og børn."),
            (dt.date(2020, 3, 2), EventType.MEETING, "Børnesamtaler gennemført uden forberedelse af børnene; den mellemste ville ikke tale."),
            (dt.date(2020, 5, 11), EventType.COMPLAINT, "Mor klager over, at børnenes ønsker ikke fremgår af handleplanen."),
            (dt.date(2020, 6, 25), EventType.DECISION, "Revideret handleplan med børnenes egne mål, formuleret i børnenes sprog."),
            (dt.date(2020, 9, 14), EventType.HOME_VISIT, "Hjemmebesøg i ny bolig. Familien har fået støtte til at finde vej i boligsystemet."),
            (dt.date(2021, 1, 18), EventType.MEETING, "Opfølgning: børnene trives i skolen; mor ønsker at afslutte familiebehandlingen."),
        ],
    ),
    "Familie 38": (
        "Handicap og Psykiatri", dt.date(2018, 11, 19), CaseStatus.IN_REVIEW,
        "Mor med psykisk sygdom og søn (10 år). Mange aktører; familien har svært ved at finde vej mellem dem.",
        Nomination.TASK_FORCE, "Task forcen ønsker en sag med mange samarbejdspartnere og overgange.",
        [
            (dt.date(2018, 11, 19), EventType.INQUIRY, "Mor henvender sig selv og beder om hjælp til sin søn."),
            (dt.date(2019, 1, 14), EventType.MEETING, "Møde med mor, distriktspsykiatrien og skolen. Ingen fælles plan."),
            (dt.date(2019, 3, 8), EventType.CASEWORKER_CHANGE, "Sagen flyttes fra Børn og Familie til Handicap og Psykiatri."),
            (dt.date(2019, 4, 29), EventType.INQUIRY, "Mor ringer; hun ved ikke, hvem der nu er hendes sagsbehandler."),
            (dt.date(2019, 6, 17), EventType.DECISION, "Afgørelse om støttekontaktperson til mor. Sønnens behov er ikke vurderet."),
            (dt.date(2019, 10, 3), EventType.MEETING, "Åben Dialog-netværksmøde. Morbror og skolelærer deltager; mor beskriver mødet som det første, hvor hun blev lyttet til."),
            (dt.date(2020, 2, 12), EventType.COMPLAINT, "Klage over brev med svært sprog og mange lovhenvisninger."),
            (dt.date(2020, 4, 6), EventType.MEETING, "Koordinerende sagsbehandler udpeget. Fast mødeplan aftalt."),
            (dt.date(2020, 10, 22), EventType.MEETING, "Status: sønnen går i skole hver dag; mor har overblik over aftalerne."),
        ],
    ),
}

AREAS = ["Børn og Familie", "Handicap og Psykiatri", "Børn og Familie", "Beskæftigelse"]
FILLER_EVENTS = [
    (EventType.INQUIRY, "Familien henvender sig med spørgsmål om en bevilling."),
    (EventType.MEETING, "Opfølgningsmøde med familien og skolen."),
    (EventType.DECISION, "Afgørelse om forlængelse af indsatsen."),
    (EventType.HOME_VISIT, "Hjemmebesøg; familien fortæller om hverdagen."),
    (EventType.COMPLAINT, "Klage over manglende svar på en henvendelse."),
    (EventType.CASEWORKER_CHANGE, "Ny sagsbehandler overtager sagen."),
]




def load(db) -> None:
    rng = random.Random(SEED)
    users = {}
    for demo in DEMO_USERS:
        users[demo.username] = auth.create_user_unchecked(
            db, None, username=demo.username, full_name=demo.full_name, role=demo.role, password=demo.password)
        second_factor.enrol_unchecked(db, None, users[demo.username].id, DEMO_TOTP_SECRET)
    chair = users["formand"]

    case_ids = {}
    for number in range(1, 43):
        pseudonym = f"Familie {number}"
        if pseudonym in SELECTED:
            area, opened, status, summary, *_ = SELECTED[pseudonym]
            events = SELECTED[pseudonym][6]
        else:
            area = rng.choice(AREAS)
            opened = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, 5 * 365))
            status = rng.choice([CaseStatus.OPEN, CaseStatus.OPEN, CaseStatus.CLOSED])
            summary = f"Familie i kontakt med {area}. Del af gruppeklagen fra de 42 familier."
            events, day = [], opened
            for _ in range(rng.randint(2, 5)):
                kind, text = rng.choice(FILLER_EVENTS)
                events.append((day, kind, text))
                day += dt.timedelta(days=rng.randint(20, 200))
        closed = opened + dt.timedelta(days=rng.randint(400, 1200)) if status == CaseStatus.CLOSED else None
        form = case_service.CaseForm(pseudonym, area, opened, closed, status, summary)
        case = case_service.create_case(db, chair, form).record
        case_ids[pseudonym] = case.id
        for event_date, kind, text in events:
            case_service.add_event(db, chair, case.id, event_date=event_date, event_type=kind, text=text)

    review = review_service.create_review(db, chair, review_service.ReviewForm(
        DEMO_REVIEW_NAME,
        "Med afsæt i 4-5 af de sager, der ligger til grund for klagen fra de 42 familier, og sager udpeget af "
        "Børne- og Ungeudvalget, gennemgår en tværfaglig gruppe sammen med borgerrådgiveren sagerne for at "
        "fremdrage læringspunkter. Oplæg drøftes med familiernes repræsentanter; et samlet referat forelægges udvalget.",
        dt.date(2021, 3, 31), blind=True))
    for demo in DEMO_USERS:
        if demo.discipline is not None:
            review_service.set_member(db, chair, review.id, users[demo.username].id, demo.discipline)
    consents = [Consent.GIVEN, Consent.GIVEN, Consent.GIVEN, Consent.PENDING, Consent.GIVEN]
    for (pseudonym, spec), consent in zip(SELECTED.items(), consents, strict=True):
        review_service.select_case(db, chair, review.id, case_ids[pseudonym], review_service.SelectionForm(
            nominated_by=spec[4], rationale=spec[5], consent=consent,
            consent_date=dt.date(2020, 12, 1) if consent != Consent.PENDING else None,
            consent_scope="Hele sagen, herunder drøftelse i anonymiseret form med udvalget"
            if consent == Consent.GIVEN else ""))

    review_service.create_review(db, chair, review_service.ReviewForm(
        "Overgange barn-voksen 2021", "Gennemgang af overgangen fra børne- til voksenområdet.",
        dt.date(2021, 12, 15)))
