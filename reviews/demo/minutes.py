"""Demo meetings of "Task Force 4200": the family round (the meeting with the families' representatives) with
minutes approved by the chair and linked to the learning points discussed, ready to export for Børne- og
Ungeudvalget; and a task-force meeting still in draft, ready for an invitation.

Fictional; entered through the services, as the chair would. Runs after the case-review demo loader.
"""

from __future__ import annotations

import datetime as dt

from reviews import clock
from reviews.demo.core import DEMO_REVIEW_NAME
from reviews.models import Role, User
from reviews.models.minutes import AttendeeStatus, MeetingKind
from reviews.services import auth, meetings
from reviews.services import reviews as review_service

_LOADER = User(id=0, username="demodata", full_name="Demodata", role=Role.ADMINISTRATOR)
LOCAL = clock.LOCAL_TZ
FAMILY_ROUND_TITLE = "Familierunde om læringspunkterne"
TASK_FORCE_TITLE = "Task force-møde: læringspunkter og handleplan"
COMMITTEE = "Børne- og Ungeudvalget"

P, A = AttendeeStatus.PRESENT, AttendeeStatus.APOLOGIES
ATTENDEES = [
    ("Frederik Formand", "formand for task forcen", P),
    ("Bodil Ærø", "borgerrådgiver", P),
    ("Sofie Sørensen", "socialrådgiver", P),
    ("Jens Juul", "jurist", P),
    ("Pia Østergaard", "psykolog", A),
    ("Repræsentant A", "familierepræsentant", P),
    ("Repræsentant B", "familierepræsentant", P),
    ("Repræsentant C", "familierepræsentant", P),
    ("Repræsentant D", "familierepræsentant", A),
]

# (title, resumé, indstilling, sagsfremstilling, referat, beslutning, learning point titles)
ITEMS = [
    ("Velkomst og formål med mødet",
     "Formanden byder velkommen. Mødet er familiernes mulighed for at sige, om læringspunkterne rammer det, de "
     "har oplevet.",
     "", "",
     "Formanden forklarede, at referatet bliver samlet og sendt til Børne- og Ungeudvalget. Ingen navne på "
     "familier eller børn kommer med i referatet.",
     "", []),
    ("Overgange og overblik i forløbet",
     "Læringspunkter om skift af sagsbehandler og om at vide på forhånd, hvad et møde skal handle om.",
     "Det indstilles, at familierepræsentanterne kommenterer læringspunkterne, og at ordlyden aftales.",
     "Task forcen har set de samme mønstre i flere af de gennemgåede sager: familien mister overblik, når "
     "sagen skifter hænder, og møder holdes uden klar dagsorden.",
     "Repræsentanterne genkendte billedet. Der var enighed om overdragelsesmøder; om referater i udkast var "
     "der delte meninger, og et kort resumé blev foreslået i stedet.",
     "Ordlyden af begge læringspunkter blev aftalt som gengivet ovenfor.",
     ["Overlevering ved skift af sagsbehandler", "Dagsorden og referat i udkast før møder"]),
    ("Afgørelser, sagsbehandlingstid og børnenes stemme",
     "Læringspunkter om klagevejledning og begrundelse, om svartider og om at forberede børn på samtaler.",
     "Det indstilles, at læringspunkterne tages med i handleplanen.",
     "Gennemgangen viste afgørelser uden klagevejledning og med begrundelser, familierne ikke kunne forstå. "
     "Børnesamtaler blev holdt uden forberedelse.",
     "Repræsentanterne lagde vægt på, at børn skal vide, hvorfor de skal tale med en rådgiver. Besked om "
     "svartid er godt, men ventetiden skal også ned.",
     "Læringspunkterne blev godkendt til forelæggelse.",
     ["Klagevejledning og begrundelse i afgørelser", "Sagsbehandlingstid på handicapområdet",
      "Forbered børn og unge på samtaler"]),
    ("Det, der virker",
     "Netværksmøder og Åben Dialog-møder, hvor familien bliver hørt.",
     "", "",
     "Repræsentanterne fortalte, at netværksmødet var første gang, de følte sig hørt. "
     "Det skal bruges i flere sager.",
     "God praksis fremhæves over for udvalget.",
     ["Netværksmøder giver familien en stemme"]),
    ("Næste skridt",
     "Forelæggelse for Børne- og Ungeudvalget og opfølgning på handleplanen.",
     "Det indstilles, at det samlede referat forelægges udvalget.",
     "",
     "Formanden sender det samlede referat til udvalget. Familierepræsentanterne får referatet samtidig.",
     "Det samlede referat forelægges Børne- og Ungeudvalget.",
     []),
]


def _local(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def load(db) -> None:
    users = {u.username: u for u in auth.list_users(db, _LOADER)}
    chair = users["formand"]
    review = review_service.find_review(db, chair, DEMO_REVIEW_NAME)
    by_title = {title: lp_id for lp_id, title, _status in meetings.learning_point_choices(db, chair, review.id)}

    family = meetings.create_meeting(db, chair, review.id, meetings.MeetingForm(
        kind=MeetingKind.FAMILY, title=FAMILY_ROUND_TITLE, starts_at=_local(2021, 2, 24, 16, 0),
        duration_minutes=120, place="Rådhuset, mødelokale 2", video_link="",
        purpose="Vi drøfter læringspunkterne fra gennemgangen med familiernes repræsentanter, så det samlede "
                "referat til udvalget bygger på familiernes egne erfaringer.",
        committee=COMMITTEE, committee_item="Punkt 5: Task Force 4200, samlet referat af familierunden")).record
    for name, function, status in ATTENDEES:
        meetings.add_attendee(db, chair, family.id, meetings.AttendeeForm(name, function, status))
    items = []
    for title, resume, recommendation, account, minutes_text, decision, lp_titles in ITEMS:
        item = meetings.add_item(db, chair, family.id, meetings.ItemForm(
            title, resume, recommendation, account, minutes_text, decision)).record
        linked = [by_title[t] for t in lp_titles if t in by_title]
        if linked:
            item = meetings.link_learning_points(db, chair, item.id, item.version, linked)
        items.append(item)
    meetings.add_agreement(db, chair, family.id, meetings.AgreementForm(
        "Det samlede referat sendes til familierepræsentanterne samtidig med udvalget.", "Frederik Formand",
        dt.date(2021, 3, 10), items[-1].id))
    meetings.add_agreement(db, chair, family.id, meetings.AgreementForm(
        "Repræsentanterne inviteres til et opfølgningsmøde om handleplanen efter et halvt år.", "Bodil Ærø",
        dt.date(2021, 9, 30), None))
    current = meetings.get_meeting(db, chair, family.id).meeting
    meetings.approve_minutes(db, chair, family.id, current.version)

    task_force = meetings.create_meeting(db, chair, review.id, meetings.MeetingForm(
        kind=MeetingKind.TASK_FORCE, title=TASK_FORCE_TITLE, starts_at=_local(2021, 3, 15, 9, 0),
        duration_minutes=90, place="", video_link="https://video.eksempel-kommune.dk/taskforce-4200",
        purpose="Vi gør handleplanen klar og fordeler opgaverne efter familierunden.")).record
    for name, function, _status in ATTENDEES[:5]:
        meetings.add_attendee(db, chair, task_force.id, meetings.AttendeeForm(name, function, AttendeeStatus.INVITED))
    for title, resume in [
        ("Opsamling på familierunden", "Kort gennemgang af det, repræsentanterne sagde."),
        ("Handleplan", "Vi fordeler handlinger, ansvarlige og frister for de godkendte læringspunkter."),
        ("Eventuelt", ""),
    ]:
        meetings.add_item(db, chair, task_force.id, meetings.ItemForm(title, resume))
