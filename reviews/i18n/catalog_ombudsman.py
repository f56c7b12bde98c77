"""Messages of the citizen ombudsman: register, 24-hour rule, mediation, statistics, complaint analysis,
complaint import, and the administrator's categories."""

MESSAGES: dict[str, dict[str, str]] = {
    # Navigation
    "nav.section.ombudsman": {"da": "Borgerrådgiver", "en": "Citizen ombudsman"},
    "page.inquiries": {"da": "Henvendelser og klager", "en": "Inquiries and complaints"},
    "page.mediation": {"da": "Mægling og dialogmøder", "en": "Mediation and dialogue meetings"},
    "page.ombudsman_stats": {"da": "Årsberetning (statistik)", "en": "Yearly report (statistics)"},
    "page.complaint_analysis": {"da": "Klageanalyse", "en": "Complaint analysis"},
    "page.import_complaints": {"da": "Importér klager", "en": "Import complaints"},
    "page.ombudsman_categories": {"da": "Årsager og områder", "en": "Causes and areas"},
    # Fields
    "field.received_at": {"da": "Modtaget", "en": "Received"},
    "field.received_date": {"da": "Modtaget (dato)", "en": "Received (date)"},
    "field.received_time": {"da": "Modtaget (klokkeslæt)", "en": "Received (time)"},
    "field.channel": {"da": "Kanal", "en": "Channel"},
    "field.inquiry_type": {"da": "Type", "en": "Type"},
    "field.outcome": {"da": "Udfald", "en": "Outcome"},
    "field.citizen": {"da": "Borger (pseudonym)", "en": "Citizen (pseudonym)"},
    "field.account": {"da": "Kort beskrivelse", "en": "Short account"},
    "field.causes": {"da": "Årsager", "en": "Causes"},
    "field.case": {"da": "Sag i sagsregistret", "en": "Case in the register"},
    "field.closed_on": {"da": "Lukket", "en": "Closed"},
    "field.first_contact_at": {"da": "Første direkte kontakt", "en": "First direct contact"},
    "field.first_contact_date": {"da": "Kontakt (dato)", "en": "Contact (date)"},
    "field.first_contact_time": {"da": "Kontakt (klokkeslæt)", "en": "Contact (time)"},
    "field.first_contact_note": {"da": "Note om kontakten", "en": "Note on the contact"},
    "field.contact_state": {"da": "24-timersreglen", "en": "24-hour rule"},
    "field.kind": {"da": "Form", "en": "Kind"},
    "field.title": {"da": "Titel", "en": "Title"},
    "field.background": {"da": "Baggrund", "en": "Background"},
    "field.inquiry": {"da": "Henvendelse/klage", "en": "Inquiry/complaint"},
    "field.party_name": {"da": "Part (betegnelse)", "en": "Party (description)"},
    "field.party_role": {"da": "Rolle", "en": "Role"},
    "field.party_consent": {"da": "Samtykke til mægling", "en": "Consent to mediation"},
    "field.trust_before": {"da": "Tillid før (0-10)", "en": "Trust before (0-10)"},
    "field.trust_after": {"da": "Tillid efter (0-10)", "en": "Trust after (0-10)"},
    "field.starts_at": {"da": "Tidspunkt", "en": "Time"},
    "field.meeting_date": {"da": "Dato", "en": "Date"},
    "field.meeting_time": {"da": "Klokkeslæt", "en": "Time"},
    "field.place": {"da": "Sted", "en": "Place"},
    "field.video_link": {"da": "Videolink", "en": "Video link"},
    "field.purpose": {"da": "Formål", "en": "Purpose"},
    "field.agenda": {"da": "Dagsorden", "en": "Agenda"},
    "field.notes": {"da": "Noter", "en": "Notes"},
    "field.agreement": {"da": "Aftale", "en": "Agreement"},
    "field.attendance": {"da": "Fremmøde", "en": "Attendance"},
    "field.followup_action": {"da": "Opfølgning (hvad)", "en": "Follow-up (what)"},
    "field.owner": {"da": "Ansvarlig (hvem)", "en": "Owner (who)"},
    "field.due_on": {"da": "Frist (hvornår)", "en": "Due (by when)"},
    "field.done_on": {"da": "Udført", "en": "Done"},
    # Enum values (those not already in the core catalogue)
    "value.vejledning": {"da": "Vejledning", "en": "Guidance"},
    "value.vejvisning": {"da": "Vejvisning", "en": "Signposting"},
    "value.dialogmøde": {"da": "Dialogmøde", "en": "Dialogue meeting"},
    "value.mægling": {"da": "Mægling", "en": "Mediation"},
    "value.egen drift-undersøgelse": {"da": "Egen drift-undersøgelse", "en": "Own-initiative investigation"},
    "value.netværksmøde": {"da": "Netværksmøde (Åben Dialog)", "en": "Network meeting (Open Dialogue)"},
    "value.telefon": {"da": "Telefon", "en": "Phone"},
    "value.e-mail": {"da": "E-mail", "en": "Email"},
    "value.brev": {"da": "Brev", "en": "Letter"},
    "value.personligt fremmøde": {"da": "Personligt fremmøde", "en": "In person"},
    "value.digital post": {"da": "Digital Post", "en": "Digital Post"},
    "value.løst gennem dialog": {"da": "Løst gennem dialog", "en": "Resolved through dialogue"},
    "value.henvist": {"da": "Henvist", "en": "Referred"},
    "value.kritik af forvaltningen": {"da": "Kritik af forvaltningen", "en": "Criticism of the administration"},
    "value.ingen kritik": {"da": "Ingen kritik", "en": "No criticism"},
    "value.trukket tilbage": {"da": "Trukket tilbage", "en": "Withdrawn"},
    "value.under behandling": {"da": "Under behandling", "en": "In progress"},
    "value.overholdt": {"da": "Overholdt", "en": "Met"},
    "value.overskredet": {"da": "Overskredet", "en": "Missed"},
    "value.overskredet, ingen kontakt": {"da": "Overskredet, ingen kontakt", "en": "Missed, no contact yet"},
    "value.frist løber": {"da": "Frist løber", "en": "Deadline running"},
    "value.ikke relevant": {"da": "Ikke relevant", "en": "Not applicable"},
    "value.borger": {"da": "Borger", "en": "Citizen"},
    "value.pårørende": {"da": "Pårørende", "en": "Relative"},
    "value.netværk": {"da": "Netværk", "en": "Network"},
    "value.sagsbehandler": {"da": "Sagsbehandler", "en": "Caseworker"},
    "value.planlagt": {"da": "Planlagt", "en": "Planned"},
    "value.afholdt": {"da": "Afholdt", "en": "Held"},
    "value.aflyst": {"da": "Aflyst", "en": "Cancelled"},
    "value.inviteret": {"da": "Inviteret", "en": "Invited"},
    "value.deltog": {"da": "Deltog", "en": "Attended"},
    "value.afbud": {"da": "Afbud", "en": "Sent apologies"},
    "value.udeblev": {"da": "Udeblev", "en": "Did not come"},
    # Errors raised by the services
    "inquiry.error.bad_category": {"da": "Ukendt værdi i «{field}»: {value}", "en": "Unknown value in “{field}”: {value}"},
    "inquiry.error.duplicate": {
        "da": "Henvendelsen er allerede registreret som {number} (samme borger og tekst, modtaget inden for en time). "
              "Åbn {number} i registret i stedet for at registrere den igen.",
        "en": "This inquiry is already registered as {number} (same citizen and text, received within the hour). "
              "Open {number} in the register instead of registering it again.",
    },
    "inquiry.error.received_in_future": {
        "da": "Modtagelsestidspunktet ligger i fremtiden.", "en": "The time of receipt is in the future."},
    "inquiry.error.contact_before_receipt": {
        "da": "Den første kontakt ({contact}) ligger før modtagelsen ({received}). Ret et af tidspunkterne.",
        "en": "The first contact ({contact}) is before the receipt ({received}). Correct one of the times.",
    },
    "inquiry.error.contact_in_future": {"da": "Kontakttidspunktet ligger i fremtiden.", "en": "The contact time is in the future."},
    "inquiry.error.unknown_area": {
        "da": "Området «{value}» findes ikke (eller er udgået). Vælg et område fra listen.",
        "en": "The area “{value}” does not exist (or is retired). Choose an area from the list.",
    },
    "inquiry.error.unknown_cause": {"da": "Årsagen findes ikke: {value}", "en": "The cause does not exist: {value}"},
    "inquiry.error.cause_retired": {
        "da": "Årsagen «{value}» er udgået og kan ikke vælges til nye registreringer.",
        "en": "The cause “{value}” is retired and cannot be chosen for new registrations.",
    },
    "inquiry.error.unknown_case": {
        "da": "Der findes ingen sag med pseudonymet «{value}» i sagsregistret.",
        "en": "There is no case with the pseudonym “{value}” in the case register.",
    },
    "inquiry.error.outcome_required": {
        "da": "Vælg et udfald, før henvendelsen lukkes.", "en": "Choose an outcome before closing the inquiry."},
    "inquiry.error.closed_before_received": {
        "da": "Lukkedatoen ligger før modtagelsen.", "en": "The closing date is before the receipt."},
    "mediation.error.trust_range": {
        "da": "Tillid angives som et helt tal fra 0 til 10.", "en": "Trust is a whole number from 0 to 10."},
    "mediation.error.unknown_inquiry": {
        "da": "Henvendelse H-{value} findes ikke.", "en": "Inquiry H-{value} does not exist."},
    "mediation.error.party_in_use": {
        "da": "{name} har deltaget i et møde eller har en opfølgning og kan ikke fjernes.",
        "en": "{name} took part in a meeting or owns a follow-up and cannot be removed.",
    },
    "mediation.error.bad_link": {
        "da": "Videolinket skal begynde med https://.", "en": "The video link must start with https://."},
    "mediation.error.place_required": {
        "da": "Angiv et sted eller et videolink.", "en": "Give a place or a video link."},
    "mediation.error.no_participants": {
        "da": "Et møde skal have deltagere: vælg mindst én part, og markér ved registreringen mindst én som mødt.",
        "en": "A meeting needs participants: choose at least one party, and when logging mark at least one as attended.",
    },
    "mediation.error.unknown_party": {
        "da": "Parten hører ikke til denne sag.", "en": "The party does not belong to this case."},
    "mediation.error.case_closed": {
        "da": "Sagen er lukket. Genåbn den for at planlægge møder.", "en": "The case is closed. Reopen it to plan meetings."},
    "mediation.error.followup_without_owner": {
        "da": "En opfølgning skal have en ansvarlig.", "en": "A follow-up needs an owner."},
    "mediation.error.followup_without_action": {
        "da": "Skriv, hvad opfølgningen går ud på.", "en": "Write what the follow-up is."},
    "mediation.error.due_before_meeting": {
        "da": "Fristen for opfølgningen ligger før mødet.", "en": "The follow-up is due before the meeting."},
    "mediation.error.meeting_in_future": {
        "da": "Mødet er ikke holdt endnu; det kan registreres fra mødedagen.",
        "en": "The meeting has not been held yet; it can be logged from the day of the meeting.",
    },
    "mediation.error.meeting_cancelled": {"da": "Mødet er aflyst.", "en": "The meeting is cancelled."},
    "mediation.error.meeting_held": {
        "da": "Et afholdt møde kan ikke aflyses.", "en": "A meeting that was held cannot be cancelled."},
    "mediation.error.trust_without_attendance": {
        "da": "Tillid efter mødet kan kun angives for parter, der deltog.",
        "en": "Trust after the meeting can only be given for parties who attended.",
    },
    "mediation.error.next_before_this": {
        "da": "Næste møde skal ligge efter dette møde.", "en": "The next meeting must come after this meeting."},
    "mediation.error.done_in_future": {"da": "Udført-datoen ligger i fremtiden.", "en": "The done date is in the future."},
    "categories.error.cause_exists": {"da": "Årsagen «{name}» findes allerede.", "en": "The cause “{name}” already exists."},
    "categories.error.cause_in_use": {
        "da": "«{name}» bruges af {count} registreringer. Sæt den som udgået i stedet; så tæller tidligere år stadig under navnet.",
        "en": "“{name}” is used by {count} registrations. Retire it instead; earlier years then still count under the name.",
    },
    "categories.error.area_exists": {"da": "Området «{name}» findes allerede.", "en": "The area “{name}” already exists."},
    "categories.error.area_in_use": {
        "da": "«{name}» bruges af {count} sager og registreringer. Sæt det som udgået i stedet.",
        "en": "“{name}” is used by {count} cases and registrations. Retire it instead.",
    },
    # Complaint import
    "complaints_import.done": {
        "da": "Importen er gennemført: {imported:# henvendelse|# henvendelser} importeret, {duplicates} fandtes "
              "allerede, {skipped:# række med fejl|# rækker med fejl} sprunget over, "
              "{masked:# CPR-nummer|# CPR-numre} fjernet.",
        "en": "Import done: {imported:# inquiry|# inquiries} imported, {duplicates} already existed, "
              "{skipped:# row with errors|# rows with errors} skipped, {masked:# CPR number|# CPR numbers} removed.",
    },
    "complaints_import.cli_unknown": {
        "da": "Ukendt værdi i {column}: «{value}» ({rows:# række|# rækker}).",
        "en": "Unknown value in {column}: “{value}” ({rows:# row|# rows})."},
    "complaints_import.cli_suggestion": {
        "da": " Forslag: --map '{column}:{value}={suggestion}'", "en": " Suggestion: --map '{column}:{value}={suggestion}'"},
    "complaints_import.cli_bad_map": {
        "da": "Ugyldig --map «{value}». Skriv KOLONNE:VÆRDI=KATEGORI, hvor KOLONNE er en af: {columns}.",
        "en": "Invalid --map “{value}”. Write COLUMN:VALUE=CATEGORY, where COLUMN is one of: {columns}.",
    },
    "import.complaints.row.unknown_value": {
        "da": "Ukendt værdi «{value}» i {column}.", "en": "Unknown value “{value}” in {column}."},
    "import.complaints.row.unknown_cause": {
        "da": "Ukendt årsag i «{value}».", "en": "Unknown cause in “{value}”."},
    "import.complaints.row.missing_received": {
        "da": "Modtagelsestidspunktet mangler.", "en": "The time of receipt is missing."},
    "import.complaints.row.missing_citizen": {"da": "Borgerens pseudonym mangler.", "en": "The citizen's pseudonym is missing."},
    "import.complaints.row.cpr_in_citizen": {
        "da": "Borgerfeltet indeholder et CPR-nummer. Brug et pseudonym.",
        "en": "The citizen field holds a CPR number. Use a pseudonym.",
    },
    "import.complaints.row.missing_area": {"da": "Området mangler.", "en": "The area is missing."},
    "import.complaints.row.contact_before_receipt": {
        "da": "Første kontakt ligger før modtagelsen.", "en": "The first contact is before the receipt."},
    "import.complaints.row.in_future": {"da": "Tidspunktet ligger i fremtiden.", "en": "The time is in the future."},
    "import.complaints.row.closed_before_received": {
        "da": "Lukket ligger før modtagelsen.", "en": "Closed is before the receipt."},
    "import.complaints.row.outcome_required": {
        "da": "En lukket henvendelse skal have et udfald.", "en": "A closed inquiry needs an outcome."},
    "import.complaints.row.unknown_case": {
        "da": "Ingen sag med pseudonymet «{value}».", "en": "No case with the pseudonym “{value}”."},
    # The register page
    "inquiries.rule_note": {
        "da": "24-timersreglen: en borger, der klager, kontaktes direkte inden for 24 timer. Fristen tæller "
              "klokketimer fra modtagelsen, også i weekender og på helligdage; ved skift til og fra sommertid "
              "flytter fristen sig derfor en time på uret. Tider vises i dansk tid.",
        "en": "The 24-hour rule: a complaining citizen is contacted directly within 24 hours. The deadline counts "
              "clock hours from receipt, weekends and holidays included; at the change to and from summer time "
              "it therefore moves by an hour on the clock. Times are shown in Danish time.",
    },
    "inquiries.worklist": {"da": "Klager, der venter på første kontakt", "en": "Complaints awaiting first contact"},
    "inquiries.worklist_empty": {
        "da": "Ingen klager venter på første kontakt.", "en": "No complaints are awaiting first contact."},
    "inquiries.worklist_count": {
        "da": "{total:# klage|# klager} uden første kontakt, heraf {overdue} over fristen på denne side. Den korteste frist står øverst.",
        "en": "{total:# complaint|# complaints} without first contact, {overdue} of them past the deadline on this page. The shortest deadline comes first.",
    },
    "inquiries.number": {"da": "Nr.", "en": "No."},
    "inquiries.deadline": {"da": "Frist (24 timer)", "en": "Deadline (24 hours)"},
    "inquiries.due_in": {"da": "Frist om {hours} t ({at})", "en": "Due in {hours} h ({at})"},
    "inquiries.overdue_by": {"da": "Overskredet med {hours} t", "en": "Overdue by {hours} h"},
    "inquiries.contact_after": {"da": "{state} (kontakt efter {hours} t)", "en": "{state} (contact after {hours} h)"},
    "inquiries.new": {"da": "Registrér henvendelse eller klage", "en": "Register an inquiry or complaint"},
    "inquiries.register": {"da": "Registrér", "en": "Register"},
    "inquiries.created": {"da": "{number} er registreret.", "en": "{number} was registered."},
    "inquiries.citizen_help": {
        "da": "Et pseudonym som «Borger 117» eller «Familie 17». Skriv aldrig navn eller CPR-nummer.",
        "en": "A pseudonym such as “Borger 117” or “Familie 17”. Never write a name or CPR number.",
    },
    "inquiries.account_help": {
        "da": "Kort og sagligt. CPR-numre fjernes automatisk.", "en": "Short and factual. CPR numbers are removed automatically."},
    "inquiries.case_help": {
        "da": "Pseudonymet på sagen i sagsregistret, hvis henvendelsen hører til en sag.",
        "en": "The pseudonym of the case in the case register, if the inquiry concerns one.",
    },
    "inquiries.register_title": {"da": "Registret", "en": "The register"},
    "inquiries.search_hint": {"da": "Pseudonym eller beskrivelse", "en": "Pseudonym or account"},
    "inquiries.received_from": {"da": "Modtaget fra", "en": "Received from"},
    "inquiries.received_to": {"da": "Modtaget til", "en": "Received until"},
    "inquiries.sort.received_desc": {"da": "Nyeste først", "en": "Newest first"},
    "inquiries.sort.received": {"da": "Ældste først", "en": "Oldest first"},
    "inquiries.sort.citizen": {"da": "Borger", "en": "Citizen"},
    "inquiries.sort.area": {"da": "Område", "en": "Area"},
    "inquiries.count": {"da": "{total:# henvendelse|# henvendelser} · side {page} af {pages}",
                        "en": "{total:# inquiry|# inquiries} · page {page} of {pages}"},
    "inquiries.open_hint": {"da": "Vælg en række for at åbne henvendelsen nedenfor.", "en": "Select a row to open the inquiry below."},
    "inquiries.none_found": {"da": "Ingen henvendelser matcher søgningen.", "en": "No inquiries match the search."},
    "inquiries.not_found": {"da": "Henvendelsen findes ikke (længere).", "en": "The inquiry does not exist (any more)."},
    "inquiries.record_contact": {"da": "Første kontakt", "en": "First contact"},
    "inquiries.edit": {"da": "Ret henvendelsen", "en": "Edit inquiry"},
    "inquiries.to_mediation": {"da": "Mægling/dialogmøde", "en": "Mediation/dialogue meeting"},
    "inquiries.to_mediation_help": {
        "da": "Åbn en mægling, et dialogmøde eller et netværksmøde, der udspringer af denne henvendelse. "
              "Mødelogbogen holdes sammen med klagen.",
        "en": "Open a mediation, dialogue meeting or network meeting arising from this inquiry. The meeting log "
              "is kept together with the complaint.",
    },
    "inquiries.open_mediation": {"da": "Opret mægling ud fra henvendelsen", "en": "Open mediation from this inquiry"},
    "inquiries.contact_recorded": {
        "da": "Den første kontakt er registreret. Ret den under «Ret henvendelsen».",
        "en": "The first contact is recorded. Correct it under “Edit inquiry”.",
    },
    "inquiries.contact_help": {
        "da": "Tidspunktet for den første direkte (telefoniske) kontakt med borgeren, i dansk tid.",
        "en": "The time of the first direct (phone) contact with the citizen, in Danish time.",
    },
    "inquiries.save_contact": {"da": "Gem første kontakt", "en": "Save first contact"},
    "inquiries.contact_saved": {"da": "Første kontakt er gemt: 24-timersreglen {state}.", "en": "First contact saved: 24-hour rule {state}."},
    "inquiries.stale_reload": {
        "da": "En anden har gemt en nyere version. Intet er overskrevet; siden viser nu den nyeste version.",
        "en": "Someone saved a newer version. Nothing was overwritten; the page now shows the newest version.",
    },
    "inquiries.no_outcome": {"da": "(intet udfald endnu)", "en": "(no outcome yet)"},
    # The mediation page
    "mediation.confidential": {
        "da": "Fortroligt: mægling og dialogmøder er kun tilgængelige for borgerrådgiveren. Al brug logges.",
        "en": "Confidential: mediation and dialogue meetings are available to the ombudsman only. Every use is logged.",
    },
    "mediation.open_followups": {"da": "Åbne opfølgninger ({count})", "en": "Open follow-ups ({count})"},
    "mediation.open_followups_more": {
        "da": "De {shown} med den tidligste frist af {total}.", "en": "The {shown} due first of {total}."},
    "mediation.open_followups_short": {"da": "Åbne opfølgninger", "en": "Open follow-ups"},
    "mediation.no_open_followups": {"da": "Ingen åbne opfølgninger.", "en": "No open follow-ups."},
    "mediation.due": {"da": "frist {date}", "en": "due {date}"},
    "mediation.no_due": {"da": "ingen frist", "en": "no due date"},
    "mediation.overdue": {"da": "overskredet", "en": "overdue"},
    "mediation.done_on": {"da": "udført {date}", "en": "done {date}"},
    "mediation.mark_done": {"da": "Udført", "en": "Done"},
    "mediation.reopen": {"da": "Genåbn", "en": "Reopen"},
    "mediation.followup_done": {"da": "Opfølgningen er markeret som udført.", "en": "The follow-up is marked done."},
    "mediation.followup_reopened": {"da": "Opfølgningen er åben igen.", "en": "The follow-up is open again."},
    "mediation.meetings": {"da": "Møder", "en": "Meetings"},
    "mediation.next_meeting": {"da": "Næste møde", "en": "Next meeting"},
    "mediation.open_hint": {"da": "Vælg en række for at åbne sagen nedenfor.", "en": "Select a row to open the case below."},
    "mediation.none": {"da": "Ingen sager.", "en": "No cases."},
    "mediation.new": {"da": "Ny mægling, dialogmøde eller undersøgelse", "en": "New mediation, dialogue meeting or investigation"},
    "mediation.default_title": {"da": "Mægling: {citizen}", "en": "Mediation: {citizen}"},
    "mediation.inquiry_number": {"da": "Henvendelse nr. (H-…)", "en": "Inquiry no. (H-…)"},
    "mediation.inquiry_help": {
        "da": "Nummeret på den klage eller henvendelse, sagen udspringer af (tallet efter H-).",
        "en": "The number of the complaint or inquiry the case arises from (the number after H-).",
    },
    "mediation.create": {"da": "Opret", "en": "Create"},
    "mediation.created": {
        "da": "«{title}» er oprettet. Borgerrådgiveren er tilføjet som uvildig part.",
        "en": "“{title}” was created. The ombudsman was added as the impartial party.",
    },
    "mediation.parties": {"da": "Parter og samtykke", "en": "Parties and consent"},
    "mediation.followups": {"da": "Opfølgning", "en": "Follow-up"},
    "mediation.edit": {"da": "Ret sagen", "en": "Edit case"},
    "mediation.parties_help": {
        "da": "Parterne og deres samtykke til mægling. Tillid før: «Hvor meget tror du på, at samarbejdet vil "
              "fungere nu?» (0-10), spurgt inden mæglingen.",
        "en": "The parties and their consent to mediation. Trust before: “How much do you trust that the "
              "collaboration will work now?” (0-10), asked before mediation.",
    },
    "mediation.add_party": {"da": "Tilføj part", "en": "Add party"},
    "mediation.party_name_help": {
        "da": "En betegnelse som «Mor» eller «Sagsbehandler, Børn og Familie». Aldrig CPR-nummer.",
        "en": "A description such as “Mother” or “Caseworker, Children and Families”. Never a CPR number.",
    },
    "mediation.party_added": {"da": "Parten er tilføjet.", "en": "The party was added."},
    "mediation.edit_party": {"da": "Ret part", "en": "Edit party"},
    "mediation.remove_party": {"da": "Fjern part", "en": "Remove party"},
    "mediation.party_removed": {"da": "Parten er fjernet.", "en": "The party was removed."},
    "mediation.trust_question": {
        "da": "Hvor meget tror du på, at samarbejdet vil fungere nu? 0 = slet ikke, 10 = fuldt ud.",
        "en": "How much do you trust that the collaboration will work now? 0 = not at all, 10 = completely.",
    },
    "mediation.no_meetings": {"da": "Ingen møder endnu.", "en": "No meetings yet."},
    "mediation.participants": {"da": "Deltagere", "en": "Participants"},
    "mediation.trust_short": {"da": "tillid {score}", "en": "trust {score}"},
    "mediation.agreements": {"da": "Aftaler", "en": "Agreements"},
    "mediation.log_meeting": {"da": "Registrér mødet", "en": "Log the meeting"},
    "mediation.log_help": {
        "da": "Hvem deltog, og hvem meldte afbud; noter pr. dagsordenspunkt; aftaler; opfølgning (hvem, hvad, "
              "hvornår); og hver deltagende parts tillid efter mødet.",
        "en": "Who came and who sent apologies; notes per agenda item; agreements; follow-ups (who, what, by "
              "when); and each attending party's trust after the meeting.",
    },
    "mediation.attendance_of": {"da": "Fremmøde: {name}", "en": "Attendance: {name}"},
    "mediation.trust_of": {"da": "Tillid efter: {name}", "en": "Trust after: {name}"},
    "mediation.notes_for": {"da": "Noter: {title}", "en": "Notes: {title}"},
    "mediation.extra_item": {"da": "Ekstra punkt (titel)", "en": "Extra item (title)"},
    "mediation.extra_notes": {"da": "Ekstra punkt (noter)", "en": "Extra item (notes)"},
    "mediation.agreements_input": {"da": "Aftaler", "en": "Agreements"},
    "mediation.one_per_line": {"da": "Én pr. linje.", "en": "One per line."},
    "mediation.new_followups": {"da": "Nye opfølgninger", "en": "New follow-ups"},
    "mediation.followup_owner_n": {"da": "Opfølgning {n}: ansvarlig (hvem)", "en": "Follow-up {n}: owner (who)"},
    "mediation.followup_action_n": {"da": "Opfølgning {n}: hvad", "en": "Follow-up {n}: what"},
    "mediation.followup_due_n": {"da": "Opfølgning {n}: frist (hvornår)", "en": "Follow-up {n}: due (by when)"},
    "mediation.next_meeting_plan": {"da": "Næste møde", "en": "Next meeting"},
    "mediation.next_meeting_help": {
        "da": "Udfyld datoen for at planlægge næste møde med de samme deltagere. Lad den stå tom, hvis der ikke er et næste møde.",
        "en": "Fill in the date to plan the next meeting with the same participants. Leave it empty if there is no next meeting.",
    },
    "mediation.save_log": {"da": "Gem mødet", "en": "Save the meeting"},
    "mediation.meeting_logged": {"da": "Mødet er registreret.", "en": "The meeting was logged."},
    "mediation.cancel_meeting": {"da": "Aflys mødet", "en": "Cancel the meeting"},
    "mediation.meeting_cancelled": {"da": "Mødet er aflyst.", "en": "The meeting was cancelled."},
    "mediation.plan_meeting": {"da": "Planlæg møde", "en": "Plan a meeting"},
    "mediation.plan_help": {
        "da": "Borgeren skal vide på forhånd, hvad mødet handler om: angiv formål, dagsorden og deltagere.",
        "en": "The citizen should know beforehand what the meeting is about: give purpose, agenda and participants.",
    },
    "mediation.plan": {"da": "Planlæg", "en": "Plan"},
    "mediation.meeting_planned": {"da": "Mødet er planlagt.", "en": "The meeting was planned."},
    "mediation.no_followups": {"da": "Ingen opfølgninger.", "en": "No follow-ups."},
    "mediation.add_followup": {"da": "Tilføj opfølgning", "en": "Add follow-up"},
    "mediation.followup_added": {"da": "Opfølgningen er tilføjet.", "en": "The follow-up was added."},
    # Statistics
    "stats.intro": {
        "da": "Kun optællinger: ingen navne, pseudonymer eller fritekst. Type, kanal og udfald er faste kategorier, "
              "så årene kan sammenlignes. År og måneder følger modtagelsesdatoen i dansk tid.",
        "en": "Counts only: no names, pseudonyms or free text. Type, channel and outcome are fixed categories, so "
              "years compare. Years and months follow the date of receipt in Danish time.",
    },
    "stats.year": {"da": "År", "en": "Year"},
    "stats.compare": {"da": "Sammenlign med", "en": "Compare with"},
    "stats.compare_years": {"da": "{n} tidligere år", "en": "{n} earlier year(s)"},
    "stats.inquiries": {"da": "Henvendelser i alt", "en": "Inquiries in total"},
    "stats.complaints": {"da": "Klager", "en": "Complaints"},
    "stats.delta_help": {"da": "Forskel fra {year}.", "en": "Difference from {year}."},
    "stats.rule_met": {"da": "24-timersreglen overholdt", "en": "24-hour rule met"},
    "stats.rule_help": {
        "da": "Andel af årets klager med første kontakt inden for 24 timer. Klager, hvis frist stadig løber, tælles ikke med.",
        "en": "Share of the year's complaints with first contact within 24 hours. Complaints whose deadline is still running are left out.",
    },
    "stats.mediation_cases": {"da": "Mæglingssager", "en": "Mediation cases"},
    "stats.counts": {"da": "Henvendelser fordelt", "en": "Inquiries by category"},
    "stats.counts_help": {
        "da": "Alle faste kategorier vises, også dem uden henvendelser, så årene står ens.",
        "en": "Every fixed category is shown, also those without inquiries, so the years line up.",
    },
    "stats.by.inquiry_type": {"da": "Type", "en": "Type"},
    "stats.by.area": {"da": "Område", "en": "Area"},
    "stats.by.outcome": {"da": "Udfald", "en": "Outcome"},
    "stats.by.cause": {"da": "Årsag", "en": "Cause"},
    "stats.by.channel": {"da": "Kanal", "en": "Channel"},
    "stats.count": {"da": "Antal", "en": "Count"},
    "stats.none": {"da": "(ingen)", "en": "(none)"},
    "stats.no_outcome": {"da": "(ikke afsluttet)", "en": "(not concluded)"},
    "stats.no_cause": {"da": "(ingen årsag registreret)", "en": "(no cause recorded)"},
    "stats.cause_note": {
        "da": "En henvendelse med flere årsager tælles under hver af dem. Udgåede årsager tælles under deres navn.",
        "en": "An inquiry with several causes counts under each of them. Retired causes count under their name.",
    },
    "stats.rule_title": {"da": "24-timersreglen i {year}", "en": "The 24-hour rule in {year}"},
    "stats.month": {"da": "Måned", "en": "Month"},
    "stats.missed_late": {"da": "Overskredet (kontakt efter fristen)", "en": "Missed (contact after the deadline)"},
    "stats.missed_none": {"da": "Overskredet (ingen kontakt)", "en": "Missed (no contact)"},
    "stats.mediation_title": {"da": "Mægling og dialogmøder", "en": "Mediation and dialogue meetings"},
    "stats.mediation_help": {
        "da": "Tillid før mæglingen og efter det seneste møde (0-10: «Hvor meget tror du på, at samarbejdet vil "
              "fungere nu?»), gennemsnit for de parter, der har svaret begge gange.",
        "en": "Trust before mediation and after the latest meeting (0-10: “How much do you trust that the "
              "collaboration will work now?”), averaged over the parties who answered both times.",
    },
    "stats.no_mediation": {"da": "Ingen mæglingssager i perioden.", "en": "No mediation cases in the period."},
    "stats.meetings_held": {"da": "Møder holdt", "en": "Meetings held"},
    "stats.followups_done": {"da": "Opfølgninger udført", "en": "Follow-ups done"},
    "stats.followups_open": {"da": "Opfølgninger åbne", "en": "Follow-ups open"},
    "stats.no_trust": {"da": "Ingen tillidsmålinger for sager åbnet i {year}.", "en": "No trust scores for cases opened in {year}."},
    "stats.trust": {"da": "Tillid (0-10)", "en": "Trust (0-10)"},
    "stats.before": {"da": "Før", "en": "Before"},
    "stats.after": {"da": "Efter seneste møde", "en": "After latest meeting"},
    "stats.trust_note": {
        "da": "Året er det år, mæglingssagen blev åbnet.", "en": "The year is the year the mediation case was opened."},
    # Complaint analysis
    "analysis.intro": {
        "da": "Hvorfor klager borgerne? Årsager fordelt på område over tid. Klik på en søjle for at se klagerne bag.",
        "en": "Why do citizens complain? Causes by area over time. Click a bar to see the complaints behind it.",
    },
    "analysis.from": {"da": "Fra", "en": "From"},
    "analysis.to": {"da": "Til", "en": "To"},
    "analysis.grain": {"da": "Periode", "en": "Period"},
    "analysis.grain.month": {"da": "Måned", "en": "Month"},
    "analysis.grain.quarter": {"da": "Kvartal", "en": "Quarter"},
    "analysis.all_types": {"da": "Alle henvendelser", "en": "All inquiries"},
    "analysis.bad_period": {"da": "Vælg en periode, hvor Fra ligger før Til.", "en": "Choose a period where From is before To."},
    "analysis.top_causes": {"da": "De hyppigste årsager", "en": "Top causes"},
    "analysis.none": {"da": "Ingen henvendelser i perioden.", "en": "No inquiries in the period."},
    "analysis.share": {"da": "Andel", "en": "Share"},
    "analysis.click_hint": {"da": "Klik på en søjle for at se, hvad der ligger bag.", "en": "Click a bar to see what lies behind it."},
    "analysis.over_time": {"da": "Årsager pr. område over tid", "en": "Causes by area over time"},
    "analysis.period": {"da": "Periode", "en": "Period"},
    "analysis.quarter_label": {"da": "{q}. kvt. {year}", "en": "Q{q} {year}"},
    "analysis.behind": {"da": "Klagerne bag søjlen", "en": "The complaints behind the bar"},
    "analysis.behind_hint": {"da": "Vælg en søjle i et af diagrammerne ovenfor.", "en": "Choose a bar in one of the charts above."},
    "analysis.selection": {
        "da": "Årsag: {cause} · område: {area} · {start} – {end}", "en": "Cause: {cause} · area: {area} · {start} – {end}"},
    "analysis.counts_only": {
        "da": "Med din rolle vises kun antallet. Klagerne selv kan kun ses af borgerrådgiveren.",
        "en": "With your role only the count is shown. The complaints themselves are visible to the ombudsman only.",
    },
    "analysis.more": {"da": "Viser {shown} af {total}. Brug registret for at se resten.", "en": "Showing {shown} of {total}. Use the register to see the rest."},
    # Complaint import page
    "cimport.unknown_title": {"da": "Ukendte værdier", "en": "Unknown values"},
    "cimport.unknown_help": {
        "da": "Disse værdier findes ikke på listerne. Vælg, hvad hver af dem skal regnes som, eller ret filen. "
              "Intet importeres, så længe der er rækker med ukendte værdier (medmindre du vælger kun de gyldige rækker).",
        "en": "These values are not on the lists. Choose what each of them counts as, or fix the file. Nothing is "
              "imported while rows have unknown values (unless you choose the valid rows only).",
    },
    "cimport.unknown_value": {
        "da": "{column}: «{value}» ({rows:# række|# rækker}, første i række {row})",
        "en": "{column}: “{value}” ({rows:# row|# rows}, first in row {row})",
    },
    "cimport.suggestion": {"da": "· forslag: {suggestion}", "en": "· suggestion: {suggestion}"},
    "cimport.not_mapped": {"da": "(ikke oversat)", "en": "(not mapped)"},
    "cimport.apply_mapping": {"da": "Brug de valgte oversættelser", "en": "Apply the chosen mappings"},
    "cimport.use_suggestions": {"da": "Brug alle forslag", "en": "Use all suggestions"},
    "cimport.mapped": {"da": "Oversættelser: {mapped}", "en": "Mappings: {mapped}"},
    "cimport.clear_mapping": {"da": "Nulstil oversættelserne", "en": "Clear the mappings"},
    "cimport.summary": {
        "da": "{rows:# række|# rækker} · {valid:# gyldig|# gyldige} · {bad} med fejl",
        "en": "{rows:# row|# rows} · {valid} valid · {bad} with errors"},
    "cimport.more_problems": {
        "da": "… og {count:# fejl} mere.", "en": "… and {count:# more problem|# more problems}."},
    # Categories (administrator)
    "categories.intro": {
        "da": "Årsagslisten og områderne bruges i borgerrådgiverens register. Type, kanal og udfald er faste, så "
              "årene kan sammenlignes. En årsag eller et område, der er i brug, kan kun sættes som udgået: så tæller "
              "tidligere år stadig under navnet.",
        "en": "The cause list and the areas are used in the ombudsman's register. Type, channel and outcome are "
              "fixed so years compare. A cause or area in use can only be retired: earlier years then still count "
              "under its name.",
    },
    "categories.causes": {"da": "Årsager", "en": "Causes"},
    "categories.areas": {"da": "Områder", "en": "Areas"},
    "categories.state": {"da": "Status", "en": "State"},
    "categories.active": {"da": "Aktiv", "en": "Active"},
    "categories.retired": {"da": "Udgået", "en": "Retired"},
    "categories.usage": {"da": "Brugt", "en": "Used"},
    "categories.new_cause": {"da": "Ny årsag", "en": "New cause"},
    "categories.new_area": {"da": "Nyt område", "en": "New area"},
    "categories.added": {"da": "«{name}» er tilføjet.", "en": "“{name}” was added."},
    "categories.deleted": {"da": "«{name}» er slettet.", "en": "“{name}” was deleted."},
    "categories.choose_cause": {"da": "Vælg årsag", "en": "Choose cause"},
    "categories.choose_area": {"da": "Vælg område", "en": "Choose area"},
    "categories.in_use": {
        "da": "I brug {count} gange: kan sættes som udgået, men ikke omdøbes eller slettes.",
        "en": "Used {count} times: can be retired but not renamed or deleted.",
    },
    "categories.rename": {"da": "Navn", "en": "Name"},
    "categories.save_name": {"da": "Gem navn", "en": "Save name"},
    "categories.retire": {"da": "Sæt som udgået", "en": "Retire"},
    "categories.reactivate": {"da": "Genaktivér", "en": "Reactivate"},
    "categories.up": {"da": "Flyt op", "en": "Move up"},
    "categories.down": {"da": "Flyt ned", "en": "Move down"},
}
