"""Demo data of the citizen ombudsman: two years of fictional inquiries and complaints (about 300 in the
twelve months up to the reference date, about 240 in the twelve months before, so the yearly comparison
shows something), with causes, first contacts (mostly within 24 hours), outcomes, links to demo cases,
and three mediation cases with meetings, agreements and follow-ups in various states.

Everything is invented and goes through the services as the ombudsman would use them (the history as one
import from an earlier complaint system, the rest one by one), from a seeded random generator: the same
data every time. The register's history is relative to the fixed REFERENCE date;
only the few items that show the worklist and the next meeting are relative to the time of loading
(complaints received in the last hours, a meeting next week), since those states depend on "now".
"""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from reviews import clock
from reviews.analysis import contact_rule
from reviews.importing.reader import ROW_NUMBER
from reviews.models import Consent, Role, User
from reviews.models.ombudsman import (
    Attendance,
    Channel,
    InquiryStatus,
    InquiryType,
    MediationKind,
    MediationStatus,
    Outcome,
    PartyRole,
)
from reviews.services import auth, complaint_import, inquiries, mediation, ombudsman_categories
from reviews.services.inquiries import InquiryForm
from reviews.services.mediation import FollowUpForm, MediationForm, MeetingLog, MeetingPlan, PartyForm

SEED = 2026
REFERENCE = dt.date(2026, 10, 31)  # the register's history ends here (local date)
_LOADER = User(id=0, username="demodata", full_name="Demodata", role=Role.ADMINISTRATOR)

BOF, HOP, BESK, AOS, TOM, ANDET = ("Børn og Familie", "Handicap og Psykiatri", "Beskæftigelse", "Ældre og Sundhed",
                                   "Teknik og Miljø", "Andet")
LANG, INDDRAG, UKLAR, SKIFT, AFG, SVAR, TONE, OVERLEV, OTHER = (
    "Lang sagsbehandlingstid", "Manglende inddragelse", "Uklar kommunikation", "Skift af sagsbehandler",
    "Afgørelsens indhold", "Manglende svar", "Dårlig behandling/tone", "Manglende overlevering", "Andet")
PHONE_WAIT = "Ventetid i telefonen"  # used the year before, then retired by the administrator

TYPES = [(InquiryType.COMPLAINT, 55), (InquiryType.GUIDANCE, 24), (InquiryType.SIGNPOSTING, 11),
         (InquiryType.DIALOGUE_MEETING, 5), (InquiryType.MEDIATION, 2), (InquiryType.OWN_INITIATIVE, 3)]
CHANNELS = [(Channel.PHONE, 40), (Channel.EMAIL, 28), (Channel.DIGITAL_POST, 16), (Channel.LETTER, 5),
            (Channel.IN_PERSON, 8), (Channel.OTHER, 3)]
AREAS = [(BOF, 40), (HOP, 25), (BESK, 15), (AOS, 12), (TOM, 5), (ANDET, 3)]
# Causes by area; the year before had more waiting time in Handicap og Psykiatri, this year more changes
# of caseworker in Børn og Familie (so the comparison shows a shift).
CAUSES = {
    BOF: {"before": [(INDDRAG, 5), (SKIFT, 3), (LANG, 3), (UKLAR, 3), (OVERLEV, 2), (SVAR, 2), (AFG, 2), (TONE, 1)],
          "last": [(SKIFT, 6), (INDDRAG, 5), (OVERLEV, 4), (LANG, 2), (UKLAR, 2), (SVAR, 2), (AFG, 2), (TONE, 1)]},
    HOP: {"before": [(LANG, 7), (AFG, 4), (SVAR, 3), (PHONE_WAIT, 3), (UKLAR, 2), (INDDRAG, 2)],
          "last": [(LANG, 4), (AFG, 4), (SVAR, 3), (UKLAR, 3), (INDDRAG, 2), (SKIFT, 2)]},
    BESK: {"before": [(UKLAR, 4), (TONE, 3), (AFG, 3), (SVAR, 2), (PHONE_WAIT, 2)],
           "last": [(UKLAR, 4), (TONE, 3), (AFG, 3), (SVAR, 2), (LANG, 1)]},
    AOS: {"before": [(SVAR, 3), (UKLAR, 3), (AFG, 2), (LANG, 2)], "last": [(SVAR, 3), (UKLAR, 3), (AFG, 2), (LANG, 2)]},
    TOM: {"before": [(LANG, 3), (SVAR, 2), (OTHER, 1)], "last": [(LANG, 3), (SVAR, 2), (OTHER, 1)]},
    ANDET: {"before": [(OTHER, 3), (UKLAR, 1)], "last": [(OTHER, 3), (UKLAR, 1)]},
}
OUTCOMES = {
    InquiryType.COMPLAINT: [(Outcome.RESOLVED, 38), (Outcome.REFERRED, 14), (Outcome.CRITICISM, 14),
                            (Outcome.NO_CRITICISM, 20), (Outcome.REJECTED, 8), (Outcome.WITHDRAWN, 6)],
    InquiryType.GUIDANCE: [(Outcome.RESOLVED, 50), (Outcome.REFERRED, 50)],
    InquiryType.SIGNPOSTING: [(Outcome.REFERRED, 90), (Outcome.RESOLVED, 10)],
    InquiryType.DIALOGUE_MEETING: [(Outcome.RESOLVED, 70), (Outcome.NO_CRITICISM, 20), (Outcome.WITHDRAWN, 10)],
    InquiryType.MEDIATION: [(Outcome.RESOLVED, 80), (Outcome.WITHDRAWN, 20)],
    InquiryType.OWN_INITIATIVE: [(Outcome.CRITICISM, 60), (Outcome.NO_CRITICISM, 40)],
}
ACCOUNTS = {
    LANG: "Har ventet i flere måneder på en afgørelse og har ikke fået en tidsplan.",
    INDDRAG: "Oplever ikke at være blevet hørt, før der blev truffet beslutninger om barnet.",
    UKLAR: "Har fået et brev med mange lovhenvisninger og forstår ikke, hvad der er besluttet.",
    SKIFT: "Har haft tre sagsbehandlere på et år og skal fortælle historien forfra hver gang.",
    AFG: "Er uenig i afgørelsen og ønsker at vide, hvordan den kan påklages.",
    SVAR: "Har skrevet flere gange uden at få svar.",
    TONE: "Oplevede en afvisende tone på et møde og følte sig ikke respekteret.",
    OVERLEV: "Den nye sagsbehandler kendte ikke de aftaler, der var lavet med den forrige.",
    OTHER: "Henvender sig om en sag, der går på tværs af flere forvaltninger.",
    PHONE_WAIT: "Har ventet over en halv time i telefonkøen flere dage i træk.",
}
GUIDANCE = {
    InquiryType.GUIDANCE: "Spørger, hvordan man klager over en afgørelse, og hvad fristen er.",
    InquiryType.SIGNPOSTING: "Ved ikke, hvem i kommunen der har sagen; er vist videre til rette afdeling.",
    InquiryType.DIALOGUE_MEETING: "Ønsker et dialogmøde med forvaltningen med borgerrådgiveren som mødeleder.",
    InquiryType.MEDIATION: "Samarbejdet med forvaltningen er gået i stå; ønsker mægling.",
    InquiryType.OWN_INITIATIVE: "Borgerrådgiveren undersøger af egen drift et mønster i flere henvendelser.",
}


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _received(rng: random.Random, day: dt.date, channel: Channel) -> dt.datetime:
    """A local receipt time: office hours for phone and in person, any time for written channels."""
    if channel in (Channel.PHONE, Channel.IN_PERSON) or rng.random() < 0.6:
        moment = dt.time(rng.randint(8, 15), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]))
    else:
        moment = dt.time(rng.randint(0, 23), rng.randint(0, 59))
    return contact_rule.combine_local(day, moment)


def _history(rng: random.Random) -> pd.DataFrame:
    """Two years of registrations as the old complaint system would export them (template columns, local
    times as text)."""
    last_start = REFERENCE - dt.timedelta(days=364)
    periods = [("before", last_start - dt.timedelta(days=365), 240), ("last", last_start, 300)]
    rows = []
    citizen_no = 1000
    stamp = "%d-%m-%Y %H:%M"
    for period, start, count in periods:
        days = sorted(start + dt.timedelta(days=rng.randrange(365)) for _ in range(count))
        for day in days:
            citizen_no += 1
            kind = _pick(rng, TYPES)
            channel = _pick(rng, CHANNELS)
            area = _pick(rng, AREAS)
            received = _received(rng, day, channel)
            causes: list[str] = []
            case_pseudonym = ""
            if kind == InquiryType.COMPLAINT:
                causes.append(_pick(rng, CAUSES[area][period]))
                if rng.random() < 0.35:
                    second = _pick(rng, CAUSES[area][period])
                    if second not in causes:
                        causes.append(second)
                account = " ".join(ACCOUNTS[c] for c in causes)
                if area in (BOF, HOP) and rng.random() < 0.15:
                    case_pseudonym = f"Familie {rng.randint(1, 42)}"
            else:
                account = GUIDANCE[kind]
                if kind in (InquiryType.DIALOGUE_MEETING, InquiryType.MEDIATION) and rng.random() < 0.5:
                    causes.append(_pick(rng, CAUSES[area][period]))
            contact = None
            roll = rng.random()
            if kind == InquiryType.COMPLAINT:
                if roll < 0.84:
                    contact = received + dt.timedelta(minutes=rng.randint(20, 23 * 60))
                elif roll < 0.96:
                    contact = received + dt.timedelta(hours=rng.randint(25, 80))
            elif roll < 0.5:
                contact = received + dt.timedelta(hours=rng.randint(1, 48))
            age = (REFERENCE - day).days
            if age > 45 or (age > 10 and rng.random() < 0.6):
                status, outcome = InquiryStatus.CLOSED.value, _pick(rng, OUTCOMES[kind]).value
                closed = min(day + dt.timedelta(days=rng.randint(1, 60)), REFERENCE).strftime("%d-%m-%Y")
            else:
                status, outcome, closed = rng.choice([InquiryStatus.OPEN, InquiryStatus.IN_PROGRESS]).value, "", ""
            rows.append({
                "Modtaget": contact_rule.utc_to_local(received).strftime(stamp), "Kanal": channel.value,
                "Område": area, "Type": kind.value, "Borger": f"Borger {citizen_no}", "Beskrivelse": account,
                "Årsager": "; ".join(causes), "Udfald": outcome, "Status": status, "Lukket": closed,
                "Første kontakt": contact_rule.utc_to_local(contact).strftime(stamp) if contact else "",
                "Sag": case_pseudonym,
            })
    frame = pd.DataFrame(rows, dtype="str").replace("", pd.NA)
    frame.index = pd.Index(range(2, len(frame) + 2), name=ROW_NUMBER)
    return frame


def _import_history(db, actor: User, rng: random.Random) -> None:
    """The history comes in as the ombudsman would bring it over from an earlier system: one import."""
    table = _history(rng)
    result = complaint_import.validate(db, actor, table, complaint_import.suggest_mapping(list(table.columns)))
    if result.problems:
        raise RuntimeError(f"demo history does not validate: {result.problems[:3]}")
    complaint_import.import_complaints(db, actor, result, filename="klagesystem-eksport.csv")


def _fresh_complaints(db, actor: User, cause_ids: dict[str, int]) -> None:
    """Three complaints received in the hours before loading: the 24-hour worklist has something to show."""
    now = clock.now().replace(second=0, microsecond=0)
    for hours, area, cause, channel in ((2, BOF, INDDRAG, Channel.PHONE), (19, HOP, LANG, Channel.EMAIL),
                                        (30, BESK, TONE, Channel.DIGITAL_POST)):
        inquiries.create_inquiry(db, actor, InquiryForm(
            received_at=now - dt.timedelta(hours=hours), channel=channel, area=area,
            inquiry_type=InquiryType.COMPLAINT, citizen=f"Borger {2000 + hours}", account=ACCOUNTS[cause],
            cause_ids=(cause_ids[cause],)))


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return contact_rule.combine_local(day, dt.time(hour, minute))


def _mediation(db, actor: User, cause_ids: dict[str, int]) -> None:
    ref = REFERENCE
    now = clock.now()
    next_week = contact_rule.local_date(now) + dt.timedelta(days=6)

    # 1. Mediation arising from a complaint: two meetings held, trust up, one follow-up overdue, next planned.
    complaint = inquiries.create_inquiry(db, actor, InquiryForm(
        received_at=_local(ref - dt.timedelta(days=92), 9, 40), channel=Channel.PHONE, area=HOP,
        inquiry_type=InquiryType.COMPLAINT, citizen="Familie 11",
        account="Forældrene klager over afslag på aflastning og over ikke at være blevet hørt. Samarbejdet med "
                "forvaltningen er gået i stå.", cause_ids=(cause_ids[AFG], cause_ids[INDDRAG]),
        case_pseudonym="Familie 11", status=InquiryStatus.IN_PROGRESS,
        first_contact_at=_local(ref - dt.timedelta(days=92), 14, 15),
        first_contact_note="Ringede far op samme dag; aftalt at tilbyde mægling.")).record
    case = mediation.create_mediation(db, actor, MediationForm(
        MediationKind.MEDIATION, "Mægling om aflastning – Familie 11", "Familie 11", area=HOP,
        inquiry_id=complaint.id, case_pseudonym="Familie 11", opened_on=ref - dt.timedelta(days=88),
        background="Forældrene og Handicap og Psykiatri er uenige om aflastningen til sønnen (15 år, autisme). "
                   "Begge parter ønsker en uvildig mødeleder."))
    ombud = mediation.get_mediation(db, actor, case.id).parties[0]
    consent_day = ref - dt.timedelta(days=85)
    mor = mediation.add_party(db, actor, case.id, PartyForm("Mor", PartyRole.CITIZEN, Consent.GIVEN, consent_day, 2))
    far = mediation.add_party(db, actor, case.id, PartyForm("Far", PartyRole.CITIZEN, Consent.GIVEN, consent_day, 3))
    sb = mediation.add_party(db, actor, case.id, PartyForm("Sagsbehandler, Handicap og Psykiatri",
                                                         PartyRole.CASEWORKER, Consent.GIVEN, consent_day, 4))
    leder = mediation.add_party(db, actor, case.id, PartyForm("Afdelingsleder, Handicap og Psykiatri",
                                                            PartyRole.MANAGER, Consent.GIVEN, consent_day, 5))
    everyone = (ombud.id, mor.id, far.id, sb.id, leder.id)
    first_day = ref - dt.timedelta(days=70)
    first = mediation.plan_meeting(db, actor, case.id, MeetingPlan(
        _local(first_day, 13), place="Rådhuset, mødelokale 2",
        purpose="At genoprette et tillidsfuldt samarbejde om aflastningen.",
        agenda=("Velkomst og rammer for mæglingen", "Forældrenes oplevelse", "Forvaltningens vurdering",
                "Fælles aftaler"), party_ids=everyone))
    mediation.log_meeting(db, actor, first.id, first.version, MeetingLog(
        attendance={ombud.id: Attendance.ATTENDED, mor.id: Attendance.ATTENDED, far.id: Attendance.ATTENDED,
                    sb.id: Attendance.ATTENDED, leder.id: Attendance.APOLOGIES},
        trust_after={mor.id: 4, far.id: 4, sb.id: 6},
        agenda=(("Velkomst og rammer for mæglingen", "Borgerrådgiveren forklarede sin rolle som uvildig part. "
                 "Møderne træffer ikke afgørelser."),
                ("Forældrenes oplevelse", "Forældrene beskrev udmattelse og mange skift i kontakten."),
                ("Forvaltningens vurdering", "Sagsbehandleren gennemgik vurderingen; forældrene havde ikke set den."),
                ("Fælles aftaler", "")),
        agreements=("Forvaltningen laver en ny vurdering af aflastningsbehovet med forældrenes input.",
                    "Familien får én fast kontaktperson."),
        followups=(FollowUpForm(sb.id, "Ny vurdering af aflastningsbehovet", first_day + dt.timedelta(days=21)),
                   FollowUpForm(leder.id, "Udpege fast kontaktperson", first_day + dt.timedelta(days=14)))))
    for item in mediation.get_mediation(db, actor, case.id).followups:
        mediation.complete_followup(db, actor, item.id, item.version, done_on=item.due_on - dt.timedelta(days=2))
    second_day = ref - dt.timedelta(days=35)
    second = mediation.plan_meeting(db, actor, case.id, MeetingPlan(
        _local(second_day, 13), place="", video_link="https://video.eksempel-kommune.dk/rum/borgerraadgiver",
        purpose="Opfølgning på den nye vurdering.",
        agenda=("Den nye vurdering", "Aflastning i praksis", "Næste skridt"),
        party_ids=everyone))
    mediation.log_meeting(db, actor, second.id, second.version, MeetingLog(
        attendance={p: Attendance.ATTENDED for p in everyone},
        trust_after={mor.id: 6, far.id: 7, sb.id: 7, leder.id: 7},
        agenda=(("Den nye vurdering", "Vurderingen giver to weekender om måneden; forældrene er enige."),
                ("Aflastning i praksis", "Aflastningsfamilien er fundet; opstart aftales."),
                ("Næste skridt", "")),
        agreements=("Aflastning to weekender om måneden fra næste måned.",),
        followups=(FollowUpForm(sb.id, "Sende skriftlig tidsplan for opstarten", second_day + dt.timedelta(days=10)),
                   FollowUpForm(mor.id, "Give besked om ønsker til weekenderne", ref + dt.timedelta(days=30)))))
    mediation.plan_meeting(db, actor, case.id, MeetingPlan(
        _local(next_week, 13), place="Rådhuset, mødelokale 2", purpose="Status efter opstart af aflastningen.",
        agenda=("Hvordan er det gået?", "Afslutning af mæglingen?"), party_ids=everyone))

    # 2. Open Dialogue network meetings: held, agreements kept, case closed.
    net = mediation.create_mediation(db, actor, MediationForm(
        MediationKind.NETWORK_MEETING, "Netværksmøder – Familie 38", "Familie 38", area=HOP,
        case_pseudonym="Familie 38", opened_on=ref - dt.timedelta(days=60),
        background="Mor med psykisk sygdom og søn (10 år). Mange aktører; netværksmøder i Åben Dialog-form. "
                   "Møderne træffer ikke afgørelser."))
    ombud2 = mediation.get_mediation(db, actor, net.id).parties[0]
    day = ref - dt.timedelta(days=58)
    mor2 = mediation.add_party(db, actor, net.id, PartyForm("Mor", PartyRole.CITIZEN, Consent.GIVEN, day, 3))
    morbror = mediation.add_party(db, actor, net.id, PartyForm("Morbror", PartyRole.NETWORK, Consent.GIVEN, day, 5))
    laerer = mediation.add_party(db, actor, net.id, PartyForm("Klasselærer", PartyRole.NETWORK, Consent.GIVEN, day, 6))
    sb2 = mediation.add_party(db, actor, net.id, PartyForm("Koordinerende sagsbehandler", PartyRole.CASEWORKER,
                                                         Consent.GIVEN, day, 5))
    people = (ombud2.id, mor2.id, morbror.id, laerer.id, sb2.id)
    for offset, scores, notes in ((45, {mor2.id: 5, morbror.id: 6, laerer.id: 6, sb2.id: 6},
                                   "Mor fortalte om hverdagen; morbror tilbød at hente i skole om torsdagen."),
                                  (20, {mor2.id: 7, morbror.id: 7, laerer.id: 8, sb2.id: 7},
                                   "Torsdagsaftalen fungerer; sønnen kommer i skole hver dag.")):
        meeting = mediation.plan_meeting(db, actor, net.id, MeetingPlan(
            _local(ref - dt.timedelta(days=offset), 10), place="Familiens hjem",
            purpose="Netværksmøde: at høre alle stemmer og finde fælles veje.",
            agenda=("Hvordan går det?", "Hvem gør hvad?"), party_ids=people))
        mediation.log_meeting(db, actor, meeting.id, meeting.version, MeetingLog(
            attendance={p: Attendance.ATTENDED for p in people}, trust_after=scores,
            agenda=(("Hvordan går det?", notes), ("Hvem gør hvad?", "Aftaler skrevet ned i fællesskab.")),
            agreements=("Morbror henter i skole om torsdagen.",),
            followups=(FollowUpForm(sb2.id, "Sende aftalerne skriftligt til alle",
                                    ref - dt.timedelta(days=offset - 5)),)))
    for item in mediation.get_mediation(db, actor, net.id).followups:
        mediation.complete_followup(db, actor, item.id, item.version, done_on=item.due_on)
    net = mediation.get_mediation(db, actor, net.id).case
    mediation.update_mediation(db, actor, net.id, net.version, MediationForm(
        net.kind, net.title, net.citizen, net.area, None, net.case_pseudonym, net.opened_on, net.background,
        MediationStatus.CLOSED, ref - dt.timedelta(days=10)))

    # 3. A dialogue meeting just opened: consent pending, the first meeting planned.
    dialog = mediation.create_mediation(db, actor, MediationForm(
        MediationKind.DIALOGUE_MEETING, "Dialogmøde – Borger 1577", "Borger 1577", area=BOF,
        opened_on=ref - dt.timedelta(days=5),
        background="Borgeren ønsker et dialogmøde om samarbejdet om datterens skolegang."))
    ombud3 = mediation.get_mediation(db, actor, dialog.id).parties[0]
    borger = mediation.add_party(db, actor, dialog.id, PartyForm("Borgeren", PartyRole.CITIZEN, trust_before=3))
    sb3 = mediation.add_party(db, actor, dialog.id, PartyForm("Sagsbehandler, Børn og Familie", PartyRole.CASEWORKER,
                                                            Consent.GIVEN, ref - dt.timedelta(days=4), 5))
    mediation.plan_meeting(db, actor, dialog.id, MeetingPlan(
        _local(next_week - dt.timedelta(days=3), 9, 30), place="Borgerrådgiverens kontor",
        purpose="At afklare forventningerne til samarbejdet om skolegangen.",
        agenda=("Borgerens oplevelse", "Forvaltningens rammer", "Aftaler"), party_ids=(ombud3.id, borger.id, sb3.id)))


def load(db) -> None:
    users = {u.username: u for u in auth.list_users(db, _LOADER)}
    ombudsman, admin = users["borgerraadgiver"], users["admin"]
    retired = ombudsman_categories.add_cause(db, admin, PHONE_WAIT)
    cause_ids = {c.name: c.id for c in inquiries.list_causes(db, ombudsman, include_retired=True)}
    rng = random.Random(SEED)
    _import_history(db, ombudsman, rng)
    ombudsman_categories.set_cause_active(db, admin, retired.id, False)
    _fresh_complaints(db, ombudsman, cause_ids)
    _mediation(db, ombudsman, cause_ids)
