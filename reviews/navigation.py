"""Which pages each role sees. A page left out of the navigation cannot be reached by URL either;
the services still check permissions themselves."""

from __future__ import annotations

from dataclasses import dataclass

from reviews.models import User
from reviews.services.permissions import allowed


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str  # message key
    icon: str
    action: str  # the permission the page needs
    section: str  # message key
    url_path: str
    default: bool = False


PAGES: list[PageSpec] = [
    PageSpec("pages/cases.py", "page.cases", ":material/folder_open:", "case.read", "nav.section.cases", "sager"),
    PageSpec("pages/case.py", "page.case", ":material/description:", "case.read", "nav.section.cases", "sag"),
    PageSpec("pages/import_cases.py", "page.import", ":material/upload_file:", "case.import", "nav.section.cases",
             "import"),
    PageSpec("pages/reviews.py", "page.reviews", ":material/groups:", "review.read", "nav.section.reviews",
             "gennemgange"),
    # --- case review ---
    PageSpec("pages/annotate.py", "page.annotate", ":material/edit_note:", "finding.write", "nav.section.reviews",
             "kodning"),
    PageSpec("pages/agreement.py", "page.agreement", ":material/handshake:", "agreement.read",
             "nav.section.reviews", "enighed"),
    PageSpec("pages/matrix.py", "page.matrix", ":material/grid_on:", "finding.read", "nav.section.reviews", "matrix"),
    PageSpec("pages/learning_points.py", "page.learning_points", ":material/lightbulb:", "learning_point.read",
             "nav.section.reviews", "laeringspunkter"),
    PageSpec("pages/action_plan.py", "page.action_plan", ":material/checklist:", "learning_point.read",
             "nav.section.reviews", "handleplan"),
    PageSpec("pages/codebooks.py", "page.codebooks", ":material/menu_book:", "codebook.read", "nav.section.reviews",
             "kodeboeger"),
    # --- meetings and minutes ---
    PageSpec("pages/meetings.py", "page.meetings", ":material/event_note:", "meeting.read", "nav.section.reviews",
             "moeder"),
    PageSpec("pages/documents.py", "page.documents", ":material/article:", "document.export",
             "nav.section.documents", "dokumenter"),
    # --- citizen ombudsman ---
    PageSpec("pages/inquiries.py", "page.inquiries", ":material/support_agent:", "inquiry.read",
             "nav.section.ombudsman", "henvendelser"),
    PageSpec("pages/mediation.py", "page.mediation", ":material/diversity_3:", "mediation.read",
             "nav.section.ombudsman", "maegling"),
    PageSpec("pages/ombudsman_stats.py", "page.ombudsman_stats", ":material/bar_chart:", "ombudsman.statistics",
             "nav.section.ombudsman", "statistik"),
    PageSpec("pages/complaint_analysis.py", "page.complaint_analysis", ":material/query_stats:",
             "ombudsman.statistics", "nav.section.ombudsman", "klageanalyse"),
    PageSpec("pages/import_complaints.py", "page.import_complaints", ":material/upload_file:", "inquiry.import",
             "nav.section.ombudsman", "import-klager"),
    PageSpec("pages/ombudsman_categories.py", "page.ombudsman_categories", ":material/category:",
             "ombudsman.categories.manage", "nav.section.ombudsman", "kategorier"),
    PageSpec("pages/users.py", "page.users", ":material/manage_accounts:", "user.manage", "nav.section.admin",
             "brugere"),
    PageSpec("pages/audit_log.py", "page.audit", ":material/policy:", "audit.read", "nav.section.admin", "log"),
    # --- access review ---
    PageSpec("pages/access_review.py", "page.access_review", ":material/how_to_reg:", "access.review",
             "nav.section.admin", "adgangsgennemgang"),
    # --- data safety ---
    PageSpec("pages/data_safety.py", "page.data_safety", ":material/shield_lock:", "backup.manage", "nav.section.admin",
             "datasikkerhed"),
    # --- the municipality's Word template ---
    PageSpec("pages/word_template.py", "page.word_template", ":material/format_paint:", "template.manage",
             "nav.section.admin", "word-skabelon"),
    # --- case files («Sagsakter») ---
    PageSpec("pages/casefiles.py", "page.casefiles", ":material/folder_copy:", "casefile.read", "nav.section.cases",
             "sagsakter"),
    # --- reading and coding inside a case file ---
    PageSpec("pages/casefile_reader.py", "page.casefile_reader", ":material/chrome_reader_mode:", "casefile.read",
             "nav.section.cases", "casefile_reader"),
    PageSpec("pages/casefile_search.py", "page.casefile_search", ":material/manage_search:", "casefile.read",
             "nav.section.cases", "soeg-sagsakter"),
    PageSpec("pages/account.py", "page.account", ":material/person:", "self.manage", "nav.section.account",
             "konto"),
]


def pages_for(user: User) -> dict[str, list[PageSpec]]:
    """The role's pages grouped by section; the first one is the landing page."""
    visible = [p for p in PAGES if allowed(user, p.action)]
    sections: dict[str, list[PageSpec]] = {}
    for index, page in enumerate(visible):
        spec = page if index else PageSpec(**{**page.__dict__, "default": True})
        sections.setdefault(page.section, []).append(spec)
    return sections
