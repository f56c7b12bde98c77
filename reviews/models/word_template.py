"""The municipality's Word template as stored: the file (as a .docx) and who uploaded it when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class StoredTemplate:
    file_name: str
    kind: str  # "dotx" or "docx": what was uploaded
    sha256: str  # of the uploaded file
    size_bytes: int
    body_font: str
    header_text: str
    version: int
    uploaded_by_name: str
    uploaded_at: dt.datetime  # naive UTC
    document: bytes = field(default=b"", repr=False)  # empty when only the description was read
