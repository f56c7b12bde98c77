"""The municipality's Word template (administrators): upload, see, try out and remove it.

An upload is checked whole before anything is stored (`exports.word_template.inspect_template`: zip limits, no
macros, nothing fetched from outside, pictures within limits, no CPR number, and a trial build); a refused file
changes nothing and the earlier template stays. Every upload, removal and sample export is logged. The Word
exports (services.documents) read the current template themselves and start from it.
"""

from __future__ import annotations

from reviews import clock
from reviews.config import load_settings
from reviews.errors import NotFound
from reviews.exports import word_template as word_template_export
from reviews.exports.guard import scan_docx
from reviews.models import User
from reviews.models.word_template import StoredTemplate
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import word_template as template_repo
from reviews.text import clean_label

RECORD_TYPE = "word_template"
SAMPLE_FILE = "skabelon-eksempel.docx"


@requires("template.manage")
def current_template(db, actor: User) -> StoredTemplate | None:
    """The current template's description (name, uploaded by and when), without the file; None when none."""
    return template_repo.current(db.cursor(), with_document=False)


@requires("template.manage")
def upload_template(db, actor: User, data: bytes, filename: str) -> StoredTemplate:
    """Check and store `data` (a .dotx or .docx) as the municipality's template, replacing the current one.
    Raises TemplateRefused (a ValidationError) with the reason; then nothing is stored."""
    name = clean_label(filename.replace("\\", "/").rsplit("/", 1)[-1], 200) or "skabelon.dotx"
    info = word_template_export.inspect_template(bytes(data or b""), name)
    now = clock.now()

    def store(cur) -> None:
        earlier = template_repo.current(cur, with_document=False)
        version = template_repo.replace(cur, document=info.document, file_name=name, kind=info.kind,
                                        sha256=info.sha256, size_bytes=info.size, body_font=info.body_font,
                                        header_text=info.header_text, uploaded_by=actor.id or None,
                                        uploaded_by_name=actor.full_name, now=now)
        record(cur, actor, "change" if earlier else "create", record_type=RECORD_TYPE, record_id=version,
               details={"file": name, "kind": info.kind, "sha256": info.sha256, "bytes": info.size,
                        "images": info.images, **({"replaced": earlier.version} if earlier else {})})

    db.write(store)
    return template_repo.current(db.cursor(), with_document=False)


@requires("template.manage")
def remove_template(db, actor: User) -> StoredTemplate:
    """Remove the template: the exports look as they do without one. NotFound when there is none."""

    def remove(cur) -> StoredTemplate:
        removed = template_repo.delete(cur)
        if removed is None:
            raise NotFound("wt.error.none")
        record(cur, actor, "delete", record_type=RECORD_TYPE, record_id=removed.version,
               details={"file": removed.file_name, "sha256": removed.sha256})
        return removed

    return db.write(remove)


@requires("template.manage")
def sample_document(db, actor: User, *, lang: str = "da") -> bytes:
    """A sample export in the current template (or without one), checked by the export guard and logged."""
    stored = template_repo.current(db.cursor())
    data = word_template_export.build_sample(stored.document if stored else None,
                                             municipality=load_settings().municipality, author=actor.full_name,
                                             created=clock.now(), lang=lang)
    if scan_docx(data):  # the template was checked at upload; the guard looks once more, as for every export
        raise word_template_export.TemplateRefused("wt.error.cpr", part="")
    db.write(lambda cur: record(cur, actor, "export", record_type=RECORD_TYPE,
                                record_id=stored.version if stored else "",
                                details={"document": "skabelon-eksempel", "bytes": len(data)}))
    return data
