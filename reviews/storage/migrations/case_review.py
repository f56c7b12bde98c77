"""Case review schema (versions 10-19): codebooks and codes, findings, readings, learning points with
their versions, codes and evidence, family responses, actions.

No FOREIGN KEYs (see CONVENTIONS.md): references are checked in the services.
"""

from reviews.storage.migrations import Migration

_SHIPPED_AT = "TIMESTAMP '2026-01-01 00:00:00'"

MIGRATIONS = [
    Migration(
        10,
        "case_review",
        (
            "CREATE SEQUENCE codebook_id_seq",
            """CREATE TABLE codebooks (
                id INTEGER PRIMARY KEY DEFAULT nextval('codebook_id_seq'),
                key VARCHAR NOT NULL UNIQUE,
                name VARCHAR NOT NULL,
                name_en VARCHAR NOT NULL DEFAULT '',
                description VARCHAR NOT NULL DEFAULT '',
                kind VARCHAR NOT NULL,
                sort_order INTEGER NOT NULL)""",
            "CREATE SEQUENCE code_id_seq",
            """CREATE TABLE codes (
                id INTEGER PRIMARY KEY DEFAULT nextval('code_id_seq'),
                codebook_id INTEGER NOT NULL,
                key VARCHAR NOT NULL UNIQUE,
                label VARCHAR NOT NULL,
                label_en VARCHAR NOT NULL DEFAULT '',
                description VARCHAR NOT NULL DEFAULT '',
                sort_order INTEGER NOT NULL,
                retired BOOLEAN NOT NULL DEFAULT FALSE,
                retired_at TIMESTAMP,
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            "CREATE SEQUENCE finding_id_seq",
            """CREATE TABLE findings (
                id INTEGER PRIMARY KEY DEFAULT nextval('finding_id_seq'),
                review_id INTEGER NOT NULL,
                case_id INTEGER NOT NULL,
                event_id INTEGER,
                author_id INTEGER NOT NULL,
                discipline VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                excerpt VARCHAR NOT NULL DEFAULT '',
                polarity VARCHAR NOT NULL,
                judgement SMALLINT,
                created_at TIMESTAMP NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                version INTEGER NOT NULL DEFAULT 1)""",
            """CREATE TABLE finding_codes (
                finding_id INTEGER NOT NULL,
                code_id INTEGER NOT NULL)""",
            """CREATE TABLE readings (
                review_id INTEGER NOT NULL,
                case_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                done_at TIMESTAMP NOT NULL,
                PRIMARY KEY (review_id, case_id, user_id))""",
            "CREATE SEQUENCE learning_point_id_seq",
            """CREATE TABLE learning_points (
                id INTEGER PRIMARY KEY DEFAULT nextval('learning_point_id_seq'),
                review_id INTEGER NOT NULL,
                title VARCHAR NOT NULL,
                description VARCHAR NOT NULL DEFAULT '',
                recommendation VARCHAR NOT NULL DEFAULT '',
                agreed_wording VARCHAR NOT NULL DEFAULT '',
                status VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER,
                updated_at TIMESTAMP NOT NULL,
                updated_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            """CREATE TABLE learning_point_codes (
                learning_point_id INTEGER NOT NULL,
                code_id INTEGER NOT NULL)""",
            """CREATE TABLE learning_point_evidence (
                learning_point_id INTEGER NOT NULL,
                finding_id INTEGER NOT NULL)""",
            """CREATE TABLE learning_point_versions (
                learning_point_id INTEGER NOT NULL,
                version INTEGER NOT NULL,
                title VARCHAR NOT NULL,
                description VARCHAR NOT NULL,
                recommendation VARCHAR NOT NULL,
                agreed_wording VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                code_ids INTEGER[] NOT NULL,
                evidence_ids INTEGER[] NOT NULL,
                codes_text VARCHAR NOT NULL,
                evidence_text VARCHAR NOT NULL,
                saved_at TIMESTAMP NOT NULL,
                saved_by INTEGER,
                PRIMARY KEY (learning_point_id, version))""",
            "CREATE SEQUENCE family_response_id_seq",
            """CREATE TABLE family_responses (
                id INTEGER PRIMARY KEY DEFAULT nextval('family_response_id_seq'),
                learning_point_id INTEGER NOT NULL,
                representative VARCHAR NOT NULL,
                response_date DATE NOT NULL,
                stance VARCHAR NOT NULL,
                comment VARCHAR NOT NULL DEFAULT '',
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER)""",
            "CREATE SEQUENCE action_id_seq",
            """CREATE TABLE actions (
                id INTEGER PRIMARY KEY DEFAULT nextval('action_id_seq'),
                learning_point_id INTEGER NOT NULL,
                description VARCHAR NOT NULL,
                owner VARCHAR NOT NULL,
                deadline DATE NOT NULL,
                status VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER,
                updated_at TIMESTAMP NOT NULL,
                updated_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
        ),
    ),
    Migration(
        11,
        "case_review_codebooks",
        (
            """INSERT INTO codebooks (key, name, name_en, description, kind, sort_order) VALUES
                ('sammen_med_borgeren', 'Sammen med Borgeren – ledetråde', 'Together with the Citizen – guiding principles',
                 'Kommunens tre ledetråde for samarbejdet med borgeren.', 'koder', 1),
                ('fokusomraader', 'Syv fokusområder for mødet med borgeren', 'Seven focus areas for meeting the citizen',
                 'Fokusområderne for mødet mellem borger og forvaltning.', 'koder', 2),
                ('kvalitet', 'Sagsbehandlingens kvalitet', 'Quality of casework',
                 'De fire første er Ankestyrelsens kriterier i Børnesagsbarometret.', 'koder', 3),
                ('signs_of_safety', 'Signs of Safety', 'Signs of Safety',
                 'Hvert fund har én polaritet; en vurdering 0-10 kan tilføjes, hvor der spørges om den.', 'polaritet', 4)""",
            """INSERT INTO codes (codebook_id, key, label, label_en, sort_order, created_at)
                SELECT cb.id, v.key, v.label, v.label_en, v.sort_order, """ + _SHIPPED_AT + """
                FROM (VALUES
                    ('sammen_med_borgeren', 'smb_moed_mig', 'Mød mig', 'Meet me', 1),
                    ('sammen_med_borgeren', 'smb_find_vej', 'Hjælp mig med at finde vej', 'Help me find my way', 2),
                    ('sammen_med_borgeren', 'smb_min_verden', 'Husk min verden skal med',
                     'Remember that my world comes along', 3),
                    ('fokusomraader', 'fo1_tillid', '1 Tillid, værdighed og forventning om at kunne bidrage',
                     '1 Trust, dignity and expecting to be able to contribute', 1),
                    ('fokusomraader', 'fo2_formaal', '2 Klart formål med indsatserne',
                     '2 A clear purpose of the interventions', 2),
                    ('fokusomraader', 'fo3_sammenhaeng', '3 Sammenhæng og fremskridt i forløbet',
                     '3 Coherence and progress in the course', 3),
                    ('fokusomraader', 'fo4_moeder', '4 Meningsfulde møder', '4 Meaningful meetings', 4),
                    ('fokusomraader', 'fo5_paa_forhaand', '5 Ved på forhånd, hvad møder skal handle om',
                     '5 Knowing beforehand what meetings are about', 5),
                    ('fokusomraader', 'fo6_skift', '6 Trygt at skifte rådgiver eller kontaktperson',
                     '6 Safe change of caseworker or contact person', 6),
                    ('fokusomraader', 'fo7_modtagelse', '7 Imødekommende modtagelse', '7 A welcoming reception', 7),
                    ('kvalitet', 'kv_udredning', 'Faglig udredning', 'Professional assessment', 1),
                    ('kvalitet', 'kv_inddragelse', 'Inddragelse af barn og familie', 'Involving child and family', 2),
                    ('kvalitet', 'kv_indsats', 'Valg af indsats', 'Choice of intervention', 3),
                    ('kvalitet', 'kv_opfoelgning', 'Opfølgning', 'Follow-up', 4),
                    ('kvalitet', 'kv_lovgivning', 'Overholdelse af lovgivning og frister',
                     'Compliance with law and deadlines', 5),
                    ('kvalitet', 'kv_kultur', 'Kultur i samarbejdet med borgeren',
                     'Culture of collaboration with the citizen', 6),
                    ('signs_of_safety', 'bekymring', 'Hvad bekymrer os?', 'What are we worried about?', 1),
                    ('signs_of_safety', 'går godt', 'Hvad går godt?', 'What is working well?', 2),
                    ('signs_of_safety', 'skal ske', 'Hvad skal der ske?', 'What needs to happen?', 3)
                ) v(codebook_key, key, label, label_en, sort_order)
                JOIN codebooks cb ON cb.key = v.codebook_key
                ORDER BY cb.sort_order, v.sort_order""",
        ),
    ),
    # REFI-QDA exchange (.qdc): the guid a code or codebook came with from another program, so a re-export
    # keeps it; NULL for our own, whose guid is derived from the keys (reviews/exports/refi_qda.py).
    Migration(
        12,
        "codebook_refi_guids",
        (
            "ALTER TABLE codebooks ADD COLUMN refi_guid VARCHAR",
            "ALTER TABLE codes ADD COLUMN refi_guid VARCHAR",
        ),
    ),
    # The evidence whose excerpt the chair ticks in as a quotation in the samlet referat (issue 12, item 6).
    Migration(
        13,
        "learning_point_quotes",
        (
            """CREATE TABLE learning_point_quotes (
                learning_point_id INTEGER NOT NULL,
                finding_id INTEGER NOT NULL,
                ticked_at TIMESTAMP NOT NULL,
                ticked_by INTEGER)""",
        ),
    ),
]
