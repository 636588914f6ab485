"""A whole archive brought in: text files, pages saved from the old site, an RSS/Atom export.

Each source becomes one item (its text, original address and publication date) read one
at a time, so that memory stays flat however large the archive; `import_archive` imports
each as a draft through `communiques.services.import_communique_text`. Pages are reduced to
their article by trafilatura: menus, share buttons, cookie banners and footers go.
"""

import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
from django.core.exceptions import ValidationError
from django.db import transaction
from lxml import etree

from communiques.importer.decoding import ImportTextError, decode_bytes
from grandest_press.documents import check_zip_archive

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
MAX_SOURCE_SIZE = 5_000_000  # one page or text; a feed may be larger
MAX_FEED_SIZE = 50_000_000
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass
class ArchiveItem:
    name: str
    text: str = ""
    source_url: str = ""
    published_on: datetime.date | None = None
    refused: str = ""  # why it cannot be read, in French


@dataclass
class ArchiveSummary:
    total: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"{self.total} source(s) lue(s) : {len(self.created)} importée(s), "
            f"{len(self.updated)} mise(s) à jour, {len(self.unchanged)} inchangée(s), "
            f"{len(self.refused)} refusée(s)."
        ]
        out += [f"  refusé : {name} — {reason}" for name, reason in self.refused]
        return out


# Reading ----------------------------------------------------------------------


def read_path(path: Path) -> Iterator[ArchiveItem]:
    """Every source under `path` (a folder, a file, a feed or a zip), in name order."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            yield from read_file(child.relative_to(path).as_posix(), child.read_bytes)
    elif path.is_file():
        yield from read_file(path.name, path.read_bytes)
    else:
        yield ArchiveItem(path.name, refused="fichier ou dossier introuvable")


def read_file(name: str, read) -> Iterator[ArchiveItem]:
    """The items of one file; `read` returns its bytes (called only for known kinds)."""
    suffix = Path(name).suffix.lower()
    if Path(name).name.startswith("."):
        return
    if suffix == ".zip":
        yield from read_zip(name, io.BytesIO(read()))
    elif suffix in FEED_SUFFIXES:
        yield from read_feed(name, read())
    elif suffix in HTML_SUFFIXES:
        yield read_html(name, read())
    elif suffix in TEXT_SUFFIXES:
        yield read_text(name, read())
    else:
        yield ArchiveItem(
            name,
            refused="type de fichier non pris en charge (.txt, .md, .html, "
            "flux .xml/.rss/.atom ou .zip)",
        )


def read_text(name: str, data: bytes) -> ArchiveItem:
    if len(data) > MAX_SOURCE_SIZE:
        return ArchiveItem(name, refused="fichier de plus de 5 Mo")
    try:
        text, _encoding = decode_bytes(data)
    except ImportTextError as error:
        return ArchiveItem(name, refused=str(error))
    return ArchiveItem(name, text=text)


def read_html(name: str, data: bytes) -> ArchiveItem:
    """The article of a saved page, its title, address and date (from its metadata)."""
    if len(data) > MAX_SOURCE_SIZE:
        return ArchiveItem(name, refused="page de plus de 5 Mo")
    try:
        html, _encoding = decode_bytes(data)
    except ImportTextError as error:
        return ArchiveItem(name, refused=str(error))
    return _article(name, html)


def _article(name: str, html: str, *, url: str = "", date=None, title: str = "") -> ArchiveItem:
    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
    )
    body = (document.text if document else "") or ""
    if not body.strip():
        return ArchiveItem(name, refused="aucun article trouvé dans la page")
    title = title or (document.title or "").strip()
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if title and lines and lines[0] != title:
        lines.insert(0, title)
    return ArchiveItem(
        name,
        text="\n\n".join(lines),
        source_url=url or document.url or "",
        published_on=date or _date(document.date),
    )


def read_feed(name: str, data: bytes) -> Iterator[ArchiveItem]:
    """One item per RSS <item> or Atom <entry>, its content reduced to the article."""
    if len(data) > MAX_FEED_SIZE:
        yield ArchiveItem(name, refused="flux de plus de 50 Mo")
        return
    try:
        root = etree.fromstring(data, SAFE_XML)
    except etree.XMLSyntaxError as error:
        yield ArchiveItem(name, refused=f"flux illisible ({error.msg})")
        return
    entries = root.iter("item", f"{ATOM}entry")
    for number, entry in enumerate(entries, start=1):
        title = _child(entry, "title", f"{ATOM}title")
        link = _child(entry, "link") or _atom_link(entry)
        date = _date(_child(entry, "pubDate", f"{ATOM}published", f"{ATOM}updated"))
        content = _child(entry, CONTENT, f"{ATOM}content", "description", f"{ATOM}summary")
        label = f"{name} #{number}" + (f" ({link})" if link else "")
        if not content:
            yield ArchiveItem(label, source_url=link, refused="entrée sans contenu")
            continue
        yield _article(
            label,
            f"<html><body><article>{content}</article></body></html>",
            url=link,
            date=date,
            title=title,
        )


def _child(entry, *tags) -> str:
    for tag in tags:
        found = entry.find(tag)
        if found is not None and (found.text or "").strip():
            return found.text.strip()
    return ""


def _atom_link(entry) -> str:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return ""


def _date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def read_zip(name: str, file) -> Iterator[ArchiveItem]:
    """The sources inside a zip, refused whole if it looks like a zip bomb."""
    file.size = len(file.getbuffer())
    try:
        with zipfile.ZipFile(file) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            check_zip_archive(file, infos)
            for info in sorted(infos, key=lambda info: info.filename):
                yield from read_file(info.filename, lambda info=info: archive.read(info))
    except ValidationError as error:
        yield ArchiveItem(name, refused=" ".join(error.messages))
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        yield ArchiveItem(name, refused="archive zip illisible")


# Importing --------------------------------------------------------------------


def import_archive(
    items: Iterable[ArchiveItem], *, user=None, dry_run: bool = False, progress=None
) -> ArchiveSummary:
    """Import each item as a draft (never published); `progress(number, item, outcome)`
    is called after each. With `dry_run`, everything is done then rolled back."""
    from communiques.services import ImportAction, import_communique_text

    summary = ArchiveSummary()
    for number, item in enumerate(items, start=1):
        summary.total = number
        if item.refused:
            outcome = item.refused
            summary.refused.append((item.name, item.refused))
        else:
            with transaction.atomic():
                report = import_communique_text(
                    text=item.text,
                    publication_date=item.published_on,
                    user=user,
                    source_url=item.source_url,
                    source_published_on=item.published_on,
                    skip_unchanged=True,
                )
                if dry_run:
                    transaction.set_rollback(True)
            outcome = report.action_label
            if report.action == ImportAction.CREATED:
                summary.created.append(item.name)
            elif report.action == ImportAction.UPDATED:
                summary.updated.append(item.name)
            elif report.action == ImportAction.UNCHANGED and not report.errors:
                summary.unchanged.append(item.name)
            else:
                reason = " ".join(report.errors) or outcome
                summary.refused.append((item.name, reason))
        if progress is not None:
            progress(number, item, outcome)
    return summary
