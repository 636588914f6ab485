"""Downloadable documents (dossier de presse, signed pact): type by content, size, links.

The type is read from the file's content, never from its name: a PDF starts with
`%PDF-`; Office (DOCX, XLSX, PPTX) and OpenDocument (ODT, ODS, ODP) files are zip
archives whose inner parts say what they are. Macro-enabled Office files are refused.

An archive is judged from its central directory (names, declared sizes) before anything
is inflated, and only a few bytes are ever inflated: a zip bomb (a small file that
inflates to gigabytes) is refused by its declared sizes and never costs the worker memory.
"""

import struct
import zipfile
import zlib
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
# The longest `mimetype` entry of an OpenDocument file: never inflate more than this.
MIMETYPE_MAX_SIZE = max(len(mimetype) for mimetype in OPENDOCUMENT_MIMETYPES) + 2

# What an honest office document stays within. A long report has a few hundred parts
# whose XML compresses 5 to 50 times; deflate cannot exceed about 1 000 times.
MAX_ARCHIVE_ENTRIES = 10_000
MAX_CENTRAL_DIRECTORY_SIZE = 4_000_000
MAX_INFLATED_SIZE = 1_000_000_000
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_ABOVE = 1_000_000  # bytes inflated: small parts may compress very well

# The end of central directory record: signature, disk numbers, entry counts, size and
# offset of the central directory, comment length.
END_RECORD = struct.Struct("<4s4H2LH")
END_RECORD_SIGNATURE = b"PK\x05\x06"
END_RECORD_SEARCH = END_RECORD.size + 65_535  # the record plus the longest comment

MESSAGES = {
    "empty": _("Le fichier est vide."),
    "too_large": _("Le document est trop lourd (%(size)s) : la limite est de %(limit)s."),
    "unknown": _(
        "Format de document non accepté : envoyez un PDF, un document Word, Excel, "
        "PowerPoint ou OpenDocument (son contenu a été vérifié, pas seulement son nom)."
    ),
    "macros": _("Les documents contenant des macros ne sont pas acceptés : enregistrez-le en PDF."),
    "corrupt": _("Le document est endommagé et ne peut pas être ouvert."),
    "bomb": _(
        "Ce document se décompresse en un volume anormal (archive piégée ou très "
        "inhabituelle) : enregistrez-le en PDF."
    ),
}


def refuse(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _check_end_record(file):
    """Refuse an archive whose central directory is too large to read, before reading it."""
    file.seek(max(0, file.size - END_RECORD_SEARCH))
    tail = file.read(END_RECORD_SEARCH)
    at = tail.rfind(END_RECORD_SIGNATURE)
    if at < 0 or len(tail) - at < END_RECORD.size:
        raise refuse("corrupt")
    _signature, _disk, _start, _here, entries, directory_size, _offset, _comment = (
        END_RECORD.unpack_from(tail, at)
    )
    # 0xFFFF entries means a ZIP64 count: more parts than any office document has.
    if entries > MAX_ARCHIVE_ENTRIES or directory_size > MAX_CENTRAL_DIRECTORY_SIZE:
        raise refuse("bomb")


def _check_declared_sizes(infos):
    """Refuse an archive whose entries, as declared, inflate to an abnormal volume."""
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_COMPRESSION_RATIO:
            raise refuse("bomb")
    if total > MAX_INFLATED_SIZE:
        raise refuse("bomb")


def check_zip_archive(file, infos):
    """Refuse a zip whose directory or declared sizes make it a bomb (ValidationError)."""
    _check_end_record(file)
    _check_declared_sizes(infos)


def _opendocument_mimetype(archive, info) -> bytes:
    """The first bytes of the `mimetype` entry; a larger entry is not an OpenDocument one.
    zipfile never inflates past the size an entry declares."""
    if info.file_size > MIMETYPE_MAX_SIZE:
        return b""
    with archive.open(info) as entry:
        return entry.read(MIMETYPE_MAX_SIZE).strip()


def _zip_format(file) -> str:
    try:
        _check_end_record(file)
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            _check_declared_sizes(infos)
            names = [info.filename for info in infos]
            if "mimetype" in names:
                mimetype = _opendocument_mimetype(archive, archive.getinfo("mimetype"))
                if mimetype in OPENDOCUMENT_MIMETYPES:
                    return OPENDOCUMENT_MIMETYPES[mimetype]
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    raise refuse("macros")
                for folder, key in OFFICE_MAIN_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return key
    except (zipfile.BadZipFile, zlib.error, OSError, KeyError, EOFError, NotImplementedError):
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
