"""The directory as a spreadsheet (CSV or XLSX): import with a preview, and export.

An import is read, then every row is judged (created, merged with the journalist who
has the same address, or refused with its reason) and shown before anything is
written. Nothing is dropped silently: a row is imported whole or refused whole.
"""

import csv
import dataclasses
import io

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber

from communiques.models import Theme
from grandest_press.text import fold
from journalists.addresses import email_digest, normalise_email
from journalists.models import (
    TERRITORY_KINDS,
    Journalist,
    JournalistEmail,
    Language,
    Media,
    Suppression,
)
from partners.models import Organisation

# Column headers, as written in the file; matched without case nor accents.
COLUMNS = {
    "nom": "name",
    "média": "media",
    "type de média": "media_kind",
    "fonction": "function",
    "courriels": "emails",
    "téléphones": "phones",
    "rubriques": "beats",
    "territoires": "territories",
    "langues": "languages",
    "base légale": "legal_basis",
    "source": "source",
    "notes": "notes",
}
FOLDED_COLUMNS = {fold(header): key for header, key in COLUMNS.items()}
# Several values in one cell: "Culture ; Sport".
SEPARATOR = ";"
MAX_ROWS = 20_000


class SpreadsheetError(Exception):
    """The file cannot be read as a directory: nothing is imported."""


@dataclasses.dataclass
class Row:
    line: int
    values: dict
    action: str = ""  # "create", "merge" or "refuse"
    reasons: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)
    journalist: Journalist | None = None

    @property
    def action_label(self) -> str:
        return {"create": _("Créé"), "merge": _("Fusionné"), "refuse": _("Refusé")}[self.action]


def read(uploaded) -> list[dict]:
    """The rows of an uploaded .csv or .xlsx file, as {column key: text}."""
    name = (uploaded.name or "").lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(uploaded)
    elif name.endswith(".csv"):
        table = _read_csv(uploaded)
    else:
        raise SpreadsheetError(_("Envoyez un fichier .csv ou .xlsx."))
    if not table:
        raise SpreadsheetError(_("Le fichier est vide."))
    header, *lines = table
    keys, unknown = [], []
    for cell in header:
        key = FOLDED_COLUMNS.get(fold(cell))
        keys.append(key)
        if key is None and cell.strip():
            unknown.append(cell.strip())
    if unknown:
        raise SpreadsheetError(
            _("Colonnes inconnues : %(unknown)s. Colonnes possibles : %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    if "name" not in keys or "emails" not in keys:
        raise SpreadsheetError(_("Les colonnes « nom » et « courriels » sont obligatoires."))
    if len(lines) > MAX_ROWS:
        raise SpreadsheetError(_("Au plus %(max)s lignes par fichier.") % {"max": MAX_ROWS})
    return [
        {key: value.strip() for key, value in zip(keys, line, strict=False) if key}
        for line in lines
    ]


def _read_csv(uploaded) -> list[list[str]]:
    raw = uploaded.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [line for line in csv.reader(io.StringIO(text), dialect) if any(line)]


def _read_xlsx(uploaded) -> list[list[str]]:
    try:
        workbook = openpyxl.load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SpreadsheetError(_("Ce fichier .xlsx ne peut pas être lu.")) from error
    sheet = workbook.worksheets[0]
    table = [
        ["" if cell is None else str(cell) for cell in line]
        for line in sheet.iter_rows(values_only=True)
        if any(cell not in (None, "") for cell in line)
    ]
    workbook.close()
    return table


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(SEPARATOR) if part.strip()]


class Judge:
    """Decides what each row will do, reading the directory once."""

    def __init__(self):
        self.themes = {fold(theme.name): theme for theme in Theme.objects.all()}
        self.territories = {
            fold(name): organisation
            for organisation in Organisation.objects.filter(kind__in=TERRITORY_KINDS)
            for name in (organisation.name, organisation.short_name)
            if name
        }
        self.languages = {
            key: language
            for language in Language.objects.all()
            for key in (fold(language.name), language.code)
        }
        self.media = {fold(media.name): media for media in Media.objects.all()}
        self.kinds = {fold(str(label)): value for value, label in Media.Kind.choices}
        self.bases = {
            fold(str(label)): value for value, label in JournalistEmail.LegalBasis.choices
        }

    def judge(self, values: list[dict]) -> list[Row]:
        rows = [Row(line=number, values=row) for number, row in enumerate(values, start=2)]
        addresses = {
            normalise_email(email) for row in rows for email in _split(row.values.get("emails"))
        }
        owners = dict(
            JournalistEmail.objects.filter(normalised__in=addresses)
            .select_related("journalist")
            .values_list("normalised", "journalist")
        )
        journalists = Journalist.objects.in_bulk(set(owners.values()))
        suppressed = set(
            Suppression.objects.filter(
                digest__in=[email_digest(address) for address in addresses]
            ).values_list("digest", flat=True)
        )
        seen = {}
        for row in rows:
            self._judge_row(row, owners, journalists, suppressed, seen)
        return rows

    def _judge_row(self, row, owners, journalists, suppressed, seen):
        values = row.values
        reasons = row.reasons
        if not values.get("name"):
            reasons.append(_("Nom manquant."))
        emails = _split(values.get("emails"))
        if not emails:
            reasons.append(_("Courriel manquant."))
        merged_with = set()
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                reasons.append(_("Courriel invalide : %(email)s.") % {"email": email})
                continue
            normalised = normalise_email(email)
            if normalised in seen:
                reasons.append(
                    _("Courriel %(email)s déjà à la ligne %(line)s du fichier.")
                    % {"email": email, "line": seen[normalised]}
                )
            seen[normalised] = row.line
            if normalised in owners:
                merged_with.add(owners[normalised])
            if email_digest(email) in suppressed:
                row.notes.append(
                    _("%(email)s est exclue des envois : elle ne recevra rien.") % {"email": email}
                )
        if len(merged_with) > 1:
            reasons.append(_("Ces courriels appartiennent à plusieurs journalistes."))
        for phone in _split(values.get("phones")):
            number = PhoneNumber.from_string(phone, region="FR") if _parses(phone) else None
            if number is None or not number.is_valid():
                reasons.append(_("Téléphone invalide : %(phone)s.") % {"phone": phone})
        self._lookup_all(row, "beats", self.themes, _("Rubrique inconnue : %(value)s."))
        self._lookup_all(row, "territories", self.territories, _("Territoire inconnu : %(value)s."))
        self._lookup_all(row, "languages", self.languages, _("Langue inconnue : %(value)s."))
        media = values.get("media")
        kind = values.get("media_kind")
        if kind and fold(kind) not in self.kinds:
            reasons.append(_("Type de média inconnu : %(value)s.") % {"value": kind})
        if media and fold(media) not in self.media and not kind:
            reasons.append(
                _("Nouveau média « %(media)s » : indiquez son type de média.") % {"media": media}
            )
        basis = values.get("legal_basis")
        if basis and fold(basis) not in self.bases:
            reasons.append(_("Base légale inconnue : %(value)s.") % {"value": basis})
        if reasons:
            row.action = "refuse"
        elif merged_with:
            row.action = "merge"
            row.journalist = journalists[merged_with.pop()]
        else:
            row.action = "create"

    def _lookup_all(self, row, key, table, message):
        found = []
        for value in _split(row.values.get(key)):
            item = table.get(fold(value))
            if item is None:
                row.reasons.append(message % {"value": value})
            else:
                found.append(item)
        return found

    @transaction.atomic
    def apply(self, rows: list[Row], *, source_default: str) -> dict:
        """Write the rows judged importable; returns how many were created and merged."""
        counts = {"create": 0, "merge": 0, "refuse": 0}
        for row in rows:
            counts[row.action] += 1
            if row.action == "refuse":
                continue
            self._write(row, source_default)
        return counts

    def _write(self, row, source_default):
        values = row.values
        journalist = row.journalist or Journalist(name=values["name"])
        if values.get("name"):
            journalist.name = values["name"]
        if values.get("function"):
            journalist.function = values["function"]
        if values.get("notes"):
            journalist.notes = "\n".join(filter(None, [journalist.notes, values["notes"]]))
        if media_name := values.get("media"):
            media = self.media.get(fold(media_name))
            if media is None:
                media = Media.objects.create(
                    name=media_name, kind=self.kinds[fold(values["media_kind"])]
                )
                self.media[fold(media_name)] = media
            journalist.media = media
        journalist.save()
        journalist.beats.add(*self._lookup_all(row, "beats", self.themes, "%(value)s"))
        journalist.territories.add(
            *self._lookup_all(row, "territories", self.territories, "%(value)s")
        )
        journalist.languages.add(*self._lookup_all(row, "languages", self.languages, "%(value)s"))
        basis = self.bases.get(fold(values.get("legal_basis") or ""))
        known = set(journalist.emails.values_list("normalised", flat=True))
        for order, email in enumerate(_split(values.get("emails")), start=len(known)):
            if normalise_email(email) in known:
                continue
            journalist.emails.create(
                email=email,
                legal_basis=basis or JournalistEmail.LegalBasis.LEGITIMATE_INTEREST,
                source=values.get("source") or source_default,
                collected_on=timezone.localdate(),
                order=order,
            )
        numbers = {phone.number for phone in journalist.phones.all()}
        for phone in _split(values.get("phones")):
            number = PhoneNumber.from_string(phone, region="FR")
            if number not in numbers:
                journalist.phones.create(number=number, order=len(numbers))
                numbers.add(number)


def _parses(phone: str) -> bool:
    try:
        PhoneNumber.from_string(phone, region="FR")
    except Exception:
        return False
    return True


EXPORT_HEADERS = list(COLUMNS)


def export_rows(journalists):
    """One line per journalist, the import's columns: what is exported can be imported."""
    yield EXPORT_HEADERS
    queryset = journalists.select_related("media").prefetch_related(
        "emails", "phones", "beats", "territories", "languages"
    )
    for journalist in queryset.iterator(chunk_size=2000):
        emails = list(journalist.emails.all())
        yield [
            journalist.name,
            journalist.media.name if journalist.media else "",
            journalist.media.get_kind_display() if journalist.media else "",
            journalist.function,
            " ; ".join(email.email for email in emails),
            " ; ".join(phone.number.as_national for phone in journalist.phones.all()),
            " ; ".join(theme.name for theme in journalist.beats.all()),
            " ; ".join(organisation.name for organisation in journalist.territories.all()),
            " ; ".join(language.name for language in journalist.languages.all()),
            emails[0].get_legal_basis_display() if emails else "",
            emails[0].source if emails else "",
            journalist.notes,
        ]


def export_csv(journalists) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(export_rows(journalists))
    return ("\ufeff" + buffer.getvalue()).encode()


def export_xlsx(journalists) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Journalistes"))
    for line in export_rows(journalists):
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
