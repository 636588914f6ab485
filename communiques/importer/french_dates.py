"""Dates as French press releases write them, with what is known and how it was said.

"Ce jeudi 5 septembre 2019", "le 6 mars", "11.02.2019", "en juin 2021", "ce jour",
"le 27 février dernier". A missing year is never invented: it comes from the
publication date, and the result says so.
"""

import datetime
import re
from dataclasses import dataclass

from grandest_press.typography import MONTH_NAMES, WEEKDAY_NAMES, DatePrecision

# The names as the site writes them, and as releases also type them: without accents.
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)} | {
    "fevrier": 2,
    "aout": 8,
    "decembre": 12,
}
WEEKDAYS = WEEKDAY_NAMES

_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"

DAY_MONTH = re.compile(
    r"""
    (?<![\w-])
    (?: (?P<lead> ce | le | du | au | depuis\ le | jusqu['’]au ) \s+ )?    # ce
    (?: """
    + _WEEKDAY
    + r""" \s+ )?                                # jeudi
    (?P<day> 1er | [0-3]?\d ) \s+ """  # 5
    + _MONTH
    + r"""                                      # septembre
    (?: \s+ (?P<year> (?:19|20)\d\d ) )?        # 2019
    (?![\w-])
    (?P<past> \s+ dernier )?                    # le 27 février dernier
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "Du lundi 3 au vendredi 7 mars 2025": the first day, in the month written after the last.
DAY_RANGE = re.compile(
    r"""
    (?<![\w-]) [Dd]u \s+ (?: """
    + _WEEKDAY
    + r""" \s+ )? (?P<day> 1er | [0-3]?\d ) \s+ au \s+   # Du lundi 3 au
    (?: \w+ \s+ )? (?: 1er | [0-3]?\d ) \s+ """
    + _MONTH
    + r"""                                      # vendredi 7 mars
    (?: \s+ (?P<year> (?:19|20)\d\d ) )? (?![\w-])   # 2025
    (?P<past>)
    """,
    re.IGNORECASE | re.VERBOSE,
)
NUMERIC = re.compile(
    r"""
    (?<![\w.,/-])
    (?P<day> [0-3]?\d ) (?P<sep> [./] ) (?P<month> [01]?\d ) (?P=sep)   # 11.02.2019
    (?P<year> (?:19|20)\d\d )
    (?! [\w/] | [.,]\d )
    """,
    re.VERBOSE,
)
MONTH_YEAR = re.compile(
    r"""
    (?<![\w-])
    (?: (?P<lead> en | début | fin | mi- | courant ) \s* )?   # en
    """
    + _MONTH
    + r"""                                      # juin
    (?: \s+ (?P<year> (?:19|20)\d\d ) )?        # 2021
    (?![\w-])
    (?P<past> \s+ dernier )?
    """,
    re.IGNORECASE | re.VERBOSE,
)
TODAY = re.compile(
    r"(?<![\w-]) (?: ce\ jour | aujourd['’]hui | avant-hier | hier ) (?![\w-])",  # ce jour, hier
    re.IGNORECASE | re.VERBOSE,
)
DAYS_BACK = {"hier": 1, "avant-hier": 2}  # before the publication date
LAST_WEEKDAY = re.compile(
    r"(?<![\w-]) " + _WEEKDAY + r" \s+ dernier (?![\w-])",  # jeudi dernier
    re.IGNORECASE | re.VERBOSE,
)
THIS_WEEKDAY = re.compile(
    r"(?<![\w-]) ce \s+ "  # ce jeudi (with no day number after it)
    + _WEEKDAY
    + r" (?! \s+ (?: 1er | \d ) ) (?![\w-])",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class FrenchDate:
    value: datetime.date | None
    precision: str
    wording: str
    start: int
    end: int
    year_inferred: bool = False
    warning: str = ""


def _safe_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month, day, publication_date, past):
    if publication_date is None:
        return None
    year = publication_date.year
    if past:
        candidate = _safe_date(year, month, day or 1)
        if candidate and candidate > publication_date:
            year -= 1
    return year


def find_date(text: str, publication_date: datetime.date | None = None) -> FrenchDate | None:
    """The first date written in `text`, or None."""
    candidates = []
    for match in DAY_MONTH.finditer(text):
        candidates.append((match.start(), _from_day_month(match, publication_date)))
    for match in DAY_RANGE.finditer(text):
        candidates.append((match.start(), _from_day_month(match, publication_date)))
    for match in NUMERIC.finditer(text):
        candidates.append((match.start(), _from_numeric(match)))
    for match in MONTH_YEAR.finditer(text):
        if match.group("lead") or match.group("year"):
            candidates.append((match.start(), _from_month_year(match, publication_date)))
    for match in TODAY.finditer(text):
        back = DAYS_BACK.get(match.group(0).lower(), 0)
        candidates.append(
            (
                match.start(),
                FrenchDate(
                    value=publication_date - datetime.timedelta(days=back)
                    if publication_date
                    else None,
                    precision=DatePrecision.DAY,
                    wording=match.group(0),
                    start=match.start(),
                    end=match.end(),
                    year_inferred=True,
                    warning=""
                    if publication_date
                    else "« ce jour » : la date de publication n’est pas indiquée.",
                ),
            )
        )
    for match in THIS_WEEKDAY.finditer(text):
        candidates.append((match.start(), _from_this_weekday(match, publication_date)))
    for match in LAST_WEEKDAY.finditer(text):
        candidates.append((match.start(), _from_last_weekday(match, publication_date)))
    candidates = [(start, found) for start, found in candidates if found is not None]
    if not candidates:
        return None
    # A day-month match and a month-year match can start at the same place: keep the longer.
    candidates.sort(key=lambda item: (item[0], -(item[1].end - item[1].start)))
    return candidates[0][1]


def _from_day_month(match, publication_date):
    day = 1 if match.group("day").lower() == "1er" else int(match.group("day"))
    month = MONTHS[match.group("month").lower()]
    if not 1 <= day <= 31:
        return None
    year_inferred = match.group("year") is None
    year = (
        int(match.group("year"))
        if not year_inferred
        else _infer_year(month, day, publication_date, bool(match.group("past")))
    )
    warning = ""
    value = None
    if year is None:
        warning = "Année absente et date de publication non indiquée : date non renseignée."
    else:
        value = _safe_date(year, month, day)
        if value is None:
            warning = f"Date impossible : « {match.group(0)} »."
        elif match.group("weekday") and WEEKDAYS[value.weekday()] != match.group("weekday").lower():
            warning = (
                f"Le jour de la semaine ne correspond pas : le {day}/{month:02d}/{year} "
                f"est un {WEEKDAYS[value.weekday()]}."
            )
    return FrenchDate(
        value=value,
        precision=DatePrecision.DAY,
        wording=match.group(0).strip(),
        start=match.start(),
        end=match.end(),
        year_inferred=year_inferred and value is not None,
        warning=warning,
    )


def _from_numeric(match):
    value = _safe_date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
    if value is None:
        return None
    return FrenchDate(
        value=value,
        precision=DatePrecision.DAY,
        wording=match.group(0),
        start=match.start(),
        end=match.end(),
    )


def _from_month_year(match, publication_date):
    month = MONTHS[match.group("month").lower()]
    year_inferred = match.group("year") is None
    year = (
        int(match.group("year"))
        if not year_inferred
        else _infer_year(month, None, publication_date, bool(match.group("past")))
    )
    value = datetime.date(year, month, 1) if year else None
    return FrenchDate(
        value=value,
        precision=DatePrecision.MONTH,
        wording=match.group(0).strip(),
        start=match.start(),
        end=match.end(),
        year_inferred=year_inferred and value is not None,
        warning=""
        if value
        else "Année absente et date de publication non indiquée : date non renseignée.",
    )


def _from_last_weekday(match, publication_date):
    """ "jeudi dernier": the last day of that name before the publication date."""
    value = None
    if publication_date is not None:
        wanted = WEEKDAYS.index(match.group("weekday").lower())
        shift = (publication_date.weekday() - wanted - 1) % 7 + 1
        value = publication_date - datetime.timedelta(days=shift)
    return _weekday_date(match, value)


def _from_this_weekday(match, publication_date):
    """ "ce jeudi": the day of that name nearest the publication date (three days either way)."""
    value = None
    if publication_date is not None:
        wanted = WEEKDAYS.index(match.group("weekday").lower())
        shift = (wanted - publication_date.weekday() + 3) % 7 - 3
        value = publication_date + datetime.timedelta(days=shift)
    return _weekday_date(match, value)


def _weekday_date(match, value):
    """A day named by its weekday, read from the publication date (None without one)."""
    return FrenchDate(
        value=value,
        precision=DatePrecision.DAY,
        wording=match.group(0),
        start=match.start(),
        end=match.end(),
        year_inferred=value is not None,
        warning=""
        if value
        else f"« {match.group(0)} » : la date de publication n’est pas indiquée.",
    )
