"""All user-facing text, in Danish (default) and English, plus Danish date and number formats.

Messages live in per-feature catalogue modules (`catalog_*.py`), each a dict key -> {"da", "en"}.

Counts: a message picks the singular or plural form of a word by the count, with the forms in the format
spec of the count's placeholder, separated by `|` and in CLDR order (Danish and English: one|other); `#` in
a form is the count as a Danish/English number:

    "{count:# række|# rækker} med fejl"   ->  "1 række med fejl", "2 rækker med fejl", "1.000 rækker med fejl"

Pass such counts as integers (not pre-formatted text). `plural()` is the same choice outside a message.
"""

from __future__ import annotations

import datetime as dt
import importlib
import numbers
import pkgutil
from collections.abc import Sequence
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal as _babel_decimal

from reviews import clock

LANGUAGES = {"da": "Dansk", "en": "English"}
DEFAULT_LANGUAGE = "da"
_LOCALES = {"da": "da_DK", "en": "en_GB"}
LOCAL_TZ = clock.LOCAL_TZ


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
    """The message `key` in `lang`, filled with `params`. An unknown key shows itself, never crashes.

    Integer params may choose a plural form: `{count:# sag|# sager}` (see the module docstring)."""
    entry = messages().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    if params:
        values = {name: _Count(value, lang) if isinstance(value, numbers.Integral) and not isinstance(value, bool)
                  else value for name, value in params.items()}
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


# CLDR's order of the plural categories; a language uses some of them, always ending with "other".
_CLDR_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


@cache
def _categories(lang: str) -> tuple[str, ...]:
    tags = Locale.parse(_LOCALES[lang]).plural_form.tags
    return tuple(c for c in _CLDR_CATEGORIES if c in tags or c == "other")


@lru_cache(maxsize=4096)
def plural_category(count: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """The CLDR plural category of `count` in `lang` (Babel's rules): "one" for 1, else "other" in da/en."""
    return Locale.parse(_LOCALES[lang]).plural_form(abs(int(count)))


def plural(count: int, forms: Sequence[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """The form of `forms` (CLDR order of the language's categories: one, other for da/en) for `count`,
    with `#` replaced by the count as a number in `lang` (thousands separated)."""
    if not forms:
        return format_number(count, lang)
    categories = _categories(lang)
    category = plural_category(count, lang)
    index = categories.index(category) if category in categories else len(categories) - 1
    form = forms[min(index, len(forms) - 1)]
    return form.replace("#", format_number(count, lang)) if "#" in form else form


class _Count:
    """An integer message parameter: formats as the integer itself, or, with a `one|other` format spec,
    as the plural form for it."""

    __slots__ = ("lang", "value")

    def __init__(self, value: numbers.Integral, lang: str) -> None:
        self.value = value
        self.lang = lang

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            return plural(int(self.value), spec.split("|"), self.lang)
        return format(self.value, spec)

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return repr(self.value)


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


def format_datetime(value: dt.datetime | None, lang: str = DEFAULT_LANGUAGE, *, style: str = "long") -> str:
    """Local time (Copenhagen) from a naive UTC timestamp: '17. maj 2024 kl. 14.05' (long) or
    '17.05.2024 14.05' (short); empty for None."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)
    if lang == "da":
        pattern = {"long": "d. MMMM y 'kl.' HH.mm", "short": "dd.MM.y HH.mm"}[style]
        return _babel_datetime(local, pattern, locale="da_DK")
    pattern = {"long": "d MMMM y, HH:mm", "short": "dd/MM/y HH:mm"}[style]
    return _babel_datetime(local, pattern, locale="en_GB")


def format_number(value: float | int, lang: str = DEFAULT_LANGUAGE, *, decimals: int = 0) -> str:
    return _format_number(value, lang, decimals)


@lru_cache(maxsize=8192)
def _format_number(value: float | int, lang: str, decimals: int) -> str:
    # Kept: Babel takes ~45 µs a number, and a statistics page formats hundreds of the same ones on every rerun.
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _babel_decimal(value, fmt, locale=_LOCALES[lang])
