"""All user-facing text, in Danish (default) and English, plus Danish date and number formats.

Messages live in per-feature catalogue modules (`catalog_*.py`), each a dict key -> {"da", "en"}.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal as _babel_decimal

LANGUAGES = {"da": "Dansk", "en": "English"}
DEFAULT_LANGUAGE = "da"
_LOCALES = {"da": "da_DK", "en": "en_GB"}
LOCAL_TZ = ZoneInfo("Europe/Copenhagen")


@cache
def messages() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("catalog_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            overlap = merged.keys() & module.MESSAGES.keys()
            if overlap:
                raise RuntimeError(f"message keys defined twice: {sorted(overlap)}")
            merged.update(module.MESSAGES)
    return merged


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The message `key` in `lang`, filled with `params`. An unknown key shows itself, never crashes."""
    entry = messages().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def label(value: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """The display name of an enum value (e.g. a role or event type), via key `value.<value>`."""
    raw = getattr(value, "value", value)
    return t(f"value.{raw}", lang) if f"value.{raw}" in messages() else str(raw)


def format_date(value: dt.date | None, lang: str = DEFAULT_LANGUAGE, *, style: str = "long") -> str:
    """'17. maj 2024' (long) or '17.05.2024' (short); empty for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return _format_date(value, lang, style)


@lru_cache(maxsize=20_000)
def _format_date(value: dt.date, lang: str, style: str) -> str:
    # Babel parses the pattern on every call; timelines format the same dates on every rerun.
    pattern = {"long": "d. MMMM y", "short": "dd.MM.y"}[style] if lang == "da" else {
        "long": "d MMMM y", "short": "dd/MM/y"}[style]
    return _babel_date(value, pattern, locale=_LOCALES[lang])


def format_datetime(value: dt.datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """Local time (Copenhagen) from a naive UTC timestamp: '17. maj 2024 kl. 14.05'."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)
    if lang == "da":
        return _babel_datetime(local, "d. MMMM y 'kl.' HH.mm", locale="da_DK")
    return _babel_datetime(local, "d MMMM y, HH:mm", locale="en_GB")


def format_number(value: float | int, lang: str = DEFAULT_LANGUAGE, *, decimals: int = 0) -> str:
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _babel_decimal(value, fmt, locale=_LOCALES[lang])
