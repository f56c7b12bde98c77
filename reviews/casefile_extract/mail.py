"""E-mail (.eml) with the standard library: headers and body as one document, attachments as their own."""

from __future__ import annotations

import email
import email.policy
import email.utils
import html.parser

from .model import Rejected
from .text import clean

HEADERS = ("Subject", "From", "To", "Cc", "Date")


class _TextOnly(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "br", "div", "tr", "li", "h1", "h2", "h3"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in ("p", "div"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    return "".join(parser.parts)


def looks_like_mail(data: bytes) -> bool:
    head = data[:8192].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].lower()
    return b"\x00" not in head and any(head.startswith(h) or b"\n" + h in head
                                       for h in (b"from:", b"subject:", b"date:", b"message-id:", b"received:"))


def parse(data: bytes) -> tuple[dict[str, str], str, list[tuple[str, bytes]]]:
    """(cleaned headers, body text, attachments as (file name, bytes))."""
    if not looks_like_mail(data):
        raise Rejected("casefile.error.mismatch", expected="e-mail (.eml)")
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception:  # noqa: BLE001
        raise Rejected("casefile.error.damaged", kind="e-mail") from None
    headers = {}
    for name in HEADERS:
        try:
            value = message.get(name)
        except Exception:  # noqa: BLE001 - a malformed header: leave it out
            value = None
        if value:
            headers[name] = clean(str(value))
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        try:
            body = body_part.get_content()
        except LookupError:  # a charset Python does not know
            raise Rejected("casefile.error.encoding") from None
        except Exception:  # noqa: BLE001
            raise Rejected("casefile.error.damaged", kind="e-mail") from None
        if body_part.get_content_subtype() == "html":
            body = html_to_text(body)
    attachments = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        name = part.get_filename() or f"bilag-{index}"
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001
            payload = b""
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            payload = inner[0].as_bytes() if isinstance(inner, list) and inner else payload
            name = name if name.lower().endswith(".eml") else name + ".eml"
        attachments.append((name, payload))
    return headers, body, attachments


def date_of(headers: dict[str, str]):
    try:
        return email.utils.parsedate_to_datetime(headers["Date"]).date()
    except (KeyError, TypeError, ValueError):
        return None
