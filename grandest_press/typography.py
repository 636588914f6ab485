"""French typography and dates, shared by both apps and their templates."""

import datetime
import functools
import re
from html import escape, unescape

NNBSP = "\u202f"  # narrow no-break space, before ; ! ? and inside guillemets
NBSP = "\u00a0"  # no-break space, before : and in numbers
# The site writes dates in French whatever language is active; plain strings, where
# Django's lazy, translated names cost a lookup each (a list page writes twenty dates).
MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

_SPACE_BEFORE_HIGH_PUNCT = re.compile(r"[ \u00a0\u202f]*([;!?»])")
_SPACE_BEFORE_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]*:(?=\s|$)")
_SPACE_AFTER_OPENING_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
_STRAIGHT_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_URLISH = re.compile(r"(https?://|mailto:|www\.)\S*")
# Every rule below needs one of these: text without any is left as it is, unscanned.
_TYPOGRAPHY_CHARACTERS = re.compile(r"[';:!?«»]")


# Remembered: the same titles and ledes are set again on every list page that shows
# them (a pure function of the text; typed, so that a str never gets back markup-safe
# text that was given for another call).
@functools.lru_cache(maxsize=4096, typed=True)
def french_typography(text: str) -> str:
    """Apply French spacing and apostrophes to plain text (not HTML).

    URLs are left alone: a colon or question mark in them must not move.
    """
    if not text or not _TYPOGRAPHY_CHARACTERS.search(text):
        return text
    parts = []
    last = 0
    for match in _URLISH.finditer(text):
        parts.append(_fix_spacing(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_fix_spacing(text[last:]))
    return "".join(parts)


def _fix_spacing(text: str) -> str:
    text = _STRAIGHT_APOSTROPHE.sub("\u2019", text)
    text = _SPACE_AFTER_OPENING_GUILLEMET.sub("«" + NNBSP, text)
    text = _SPACE_BEFORE_HIGH_PUNCT.sub(lambda m: NNBSP + m.group(1), text)
    text = _SPACE_BEFORE_COLON.sub(NBSP + ":", text)
    return text


_TAG = re.compile(r"(<[^>]*>)")


def french_typography_html(html: str) -> str:
    """Apply french_typography to the text between tags of sanitized HTML.

    Text is unescaped first and escaped again after, so entities (``&amp;``, ``&nbsp;``)
    are never mistaken for punctuation and running it twice changes nothing.
    """
    return "".join(
        part if part.startswith("<") else escape(french_typography(unescape(part)), quote=False)
        for part in _TAG.split(html)
    )


class DatePrecision:
    """How much of a date is known: "jeudi 5 septembre 2019", "juin 2021" or "2021"."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    CHOICES = [(DAY, "Jour"), (MONTH, "Mois"), (YEAR, "Année")]


def day_number(value: datetime.date) -> str:
    return "1er" if value.day == 1 else str(value.day)


def french_date(value: datetime.date | datetime.datetime | None, *, weekday: bool = True) -> str:
    """ "jeudi 5 septembre 2019", "1er mars 2021" (lower-case names, "1er")."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    day = f"{day_number(value)} {MONTH_NAMES[value.month - 1]} {value.year}"
    return f"{WEEKDAY_NAMES[value.weekday()]} {day}" if weekday else day


def french_time(value: datetime.datetime | datetime.time) -> str:
    """ "11 h", "14 h 30"."""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if value.minute:
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}{NBSP}h"


def partial_date(value: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    """Show only what is known of a date."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTH_NAMES[value.month - 1]} {value.year}"
    return french_date(value)


def normalise_partial_date(value: datetime.date, precision: str) -> datetime.date:
    """Store a partial date at the start of its period so ordering stays meaningful."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def french_list(items) -> str:
    """ "le chapeau, le texte et au moins un thème": items joined as a French sentence."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"
