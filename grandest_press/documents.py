"""Downloadable documents (dossier de presse, signed pact): type by content, size, links.

The type is read from the file's content, never from its name: a PDF starts with
`%PDF-`; Office (DOCX, XLSX, PPTX) and OpenDocument (ODT, ODS, ODP) files are zip
archives whose inner parts say what they are. Macro-enabled Office files are refused.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from grandest_press.validators import file_too_large


@dataclass(frozen=True)
class DocumentFormat:
    label: str
    content_type: str
    extension: str


FORMATS = {
    "pdf": DocumentFormat("PDF", "application/pdf", "pdf"),
    "docx": DocumentFormat(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": DocumentFormat(
        "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    ),
    "pptx": DocumentFormat(
        "PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
    "odt": DocumentFormat("OpenDocument texte", "application/vnd.oasis.opendocument.text", "odt"),
    "ods": DocumentFormat(
        "OpenDocument tableur", "application/vnd.oasis.opendocument.spreadsheet", "ods"
    ),
    "odp": DocumentFormat(
        "OpenDocument présentation", "application/vnd.oasis.opendocument.presentation", "odp"
    ),
}
FORMAT_CHOICES = [(key, value.label) for key, value in FORMATS.items()]

# The folder inside an Office Open XML package that holds the main part.
OFFICE_MAIN_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
OPENDOCUMENT_MIMETYPES = {FORMATS[key].content_type.encode(): key for key in ("odt", "ods", "odp")}

MESSAGES = {
    "empty": _("Le fichier est vide."),
    "too_large": _("Le document est trop lourd (%(size)s) : la limite est de %(limit)s."),
    "unknown": _(
        "Format de document non accepté : envoyez un PDF, un document Word, Excel, "
        "PowerPoint ou OpenDocument (son contenu a été vérifié, pas seulement son nom)."
    ),
    "macros": _("Les documents contenant des macros ne sont pas acceptés : enregistrez-le en PDF."),
    "corrupt": _("Le document est endommagé et ne peut pas être ouvert."),
}


def refuse(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _zip_format(file) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype in OPENDOCUMENT_MIMETYPES:
                    return OPENDOCUMENT_MIMETYPES[mimetype]
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    raise refuse("macros")
                for folder, key in OFFICE_MAIN_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return key
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        raise refuse("corrupt") from None
    raise refuse("unknown")


def detect_format(file) -> str:
    """The key in FORMATS of the document `file`, judged by its content."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            file.seek(max(0, file.size - 2048))
            if b"%%EOF" not in file.read():
                raise refuse("corrupt")
            return "pdf"
        if head.startswith(b"PK\x03\x04"):
            return _zip_format(file)
    finally:
        file.seek(0)
    raise refuse("unknown")


@deconstructible
class DocumentValidator:
    """Refuses empty, oversized (settings.MAX_DOCUMENT_UPLOAD_SIZE) and unknown documents."""

    def __call__(self, file):
        if not file.size:
            raise refuse("empty")
        limit = settings.MAX_DOCUMENT_UPLOAD_SIZE
        if file.size > limit:
            raise file_too_large(file.size, limit, message=MESSAGES["too_large"], code="too_large")
        detect_format(file)

    def __eq__(self, other):
        return isinstance(other, DocumentValidator)


validate_document = DocumentValidator()


def human_size(size: int) -> str:
    """A file size as French readers write it: « 2,3 Mo », « 850 ko », « 12 octets »."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} Mo".replace(".", ",")
    if size >= 1_000:
        return f"{round(size / 1_000)} ko"
    return f"{size} octet{'s' if size > 1 else ''}"


def download_filename(title: str, file_format: str) -> str:
    return f"{slugify(title) or 'document'}.{FORMATS[file_format].extension}"


def download_response(attachment) -> FileResponse:
    """The attachment as a download, under a name made from its title."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_filename,
        content_type=FORMATS[attachment.file_format].content_type,
    )
    return response
