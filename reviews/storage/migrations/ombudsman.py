"""Ombudsman schema (versions 20-29): the register of inquiries and complaints with their causes, and the
confidential mediation records (cases, parties, meetings, agenda, participants, agreements, follow-ups).

Timestamps are naive UTC. `inquiries.received_on` is the local (Copenhagen) date of receipt, kept so the
yearly and monthly statistics count by the local calendar without time-zone arithmetic in every query.
No foreign keys (see CONVENTIONS); references are checked in the services.
"""

from reviews.storage.migrations import Migration

SEED_CAUSES = (
    "Lang sagsbehandlingstid",
    "Manglende inddragelse",
    "Uklar kommunikation",
    "Skift af sagsbehandler",
    "Afgørelsens indhold",
    "Manglende svar",
    "Dårlig behandling/tone",
    "Manglende overlevering",
    "Andet",
)

MIGRATIONS = [
    Migration(
        20,
        "ombudsman register",
        (
            "CREATE SEQUENCE inquiry_cause_id_seq",
            """CREATE TABLE inquiry_causes (
                id INTEGER PRIMARY KEY DEFAULT nextval('inquiry_cause_id_seq'),
                name VARCHAR NOT NULL,
                sort_order INTEGER NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE)""",
            "INSERT INTO inquiry_causes (name, sort_order) VALUES "
            + ", ".join(f"('{name}', {i})" for i, name in enumerate(SEED_CAUSES, start=1)),
            "CREATE SEQUENCE inquiry_id_seq",
            """CREATE TABLE inquiries (
                id INTEGER PRIMARY KEY DEFAULT nextval('inquiry_id_seq'),
                received_at TIMESTAMP NOT NULL,
                received_on DATE NOT NULL,
                channel VARCHAR NOT NULL,
                area VARCHAR NOT NULL DEFAULT '',
                inquiry_type VARCHAR NOT NULL,
                outcome VARCHAR,
                citizen VARCHAR NOT NULL,
                account VARCHAR NOT NULL DEFAULT '',
                case_id INTEGER,
                status VARCHAR NOT NULL,
                closed_on DATE,
                first_contact_at TIMESTAMP,
                first_contact_note VARCHAR NOT NULL DEFAULT '',
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER,
                updated_at TIMESTAMP NOT NULL,
                updated_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            # Causes of an inquiry (rows are only inserted and deleted, never updated).
            """CREATE TABLE inquiry_cause_links (
                inquiry_id INTEGER NOT NULL,
                cause_id INTEGER NOT NULL)""",
            "CREATE INDEX inquiry_cause_links_inquiry ON inquiry_cause_links (inquiry_id)",
        ),
    ),
    Migration(
        21,
        "ombudsman mediation",
        (
            "CREATE SEQUENCE mediation_id_seq",
            """CREATE TABLE mediation_cases (
                id INTEGER PRIMARY KEY DEFAULT nextval('mediation_id_seq'),
                kind VARCHAR NOT NULL,
                title VARCHAR NOT NULL,
                citizen VARCHAR NOT NULL,
                area VARCHAR NOT NULL DEFAULT '',
                inquiry_id INTEGER,
                case_id INTEGER,
                opened_on DATE NOT NULL,
                closed_on DATE,
                status VARCHAR NOT NULL,
                background VARCHAR NOT NULL DEFAULT '',
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER,
                updated_at TIMESTAMP NOT NULL,
                updated_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            "CREATE SEQUENCE mediation_party_id_seq",
            """CREATE TABLE mediation_parties (
                id INTEGER PRIMARY KEY DEFAULT nextval('mediation_party_id_seq'),
                mediation_id INTEGER NOT NULL,
                name VARCHAR NOT NULL,
                party_role VARCHAR NOT NULL,
                consent VARCHAR NOT NULL,
                consent_date DATE,
                trust_before SMALLINT,
                version INTEGER NOT NULL DEFAULT 1)""",
            "CREATE SEQUENCE mediation_meeting_id_seq",
            """CREATE TABLE mediation_meetings (
                id INTEGER PRIMARY KEY DEFAULT nextval('mediation_meeting_id_seq'),
                mediation_id INTEGER NOT NULL,
                starts_at TIMESTAMP NOT NULL,
                place VARCHAR NOT NULL DEFAULT '',
                video_link VARCHAR NOT NULL DEFAULT '',
                purpose VARCHAR NOT NULL DEFAULT '',
                status VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER,
                updated_at TIMESTAMP NOT NULL,
                updated_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            # Agenda items, participants and agreements are replaced as a whole when a meeting is saved.
            "CREATE SEQUENCE mediation_item_id_seq",
            """CREATE TABLE mediation_agenda_items (
                id INTEGER PRIMARY KEY DEFAULT nextval('mediation_item_id_seq'),
                meeting_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                title VARCHAR NOT NULL,
                notes VARCHAR NOT NULL DEFAULT '')""",
            """CREATE TABLE mediation_participants (
                meeting_id INTEGER NOT NULL,
                party_id INTEGER NOT NULL,
                attendance VARCHAR NOT NULL,
                trust_after SMALLINT)""",
            """CREATE TABLE mediation_agreements (
                id INTEGER PRIMARY KEY DEFAULT nextval('mediation_item_id_seq'),
                meeting_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                text VARCHAR NOT NULL)""",
            "CREATE SEQUENCE mediation_followup_id_seq",
            """CREATE TABLE mediation_followups (
                id INTEGER PRIMARY KEY DEFAULT nextval('mediation_followup_id_seq'),
                mediation_id INTEGER NOT NULL,
                meeting_id INTEGER,
                owner_party_id INTEGER NOT NULL,
                action VARCHAR NOT NULL,
                due_on DATE,
                done_on DATE,
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            "CREATE INDEX mediation_participants_meeting ON mediation_participants (meeting_id)",
        ),
    ),
]
