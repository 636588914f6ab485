"""Writes that span several models: importing a press release as a draft, duplicating one.

The import itself lives in `communiques.importer`: the parser reads the text (no
database), `writer.py` and `parties.py` write the draft, `matching.py` finds what is
already stored, `report.py` says what happened.
"""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from communiques import search
from communiques.importer import ImportTextError, parse_communique
from communiques.importer.matching import Matcher
from communiques.importer.parties import unique_slug
from communiques.importer.report import ImportAction, ImportReport
from communiques.importer.writer import DraftWriter, signing_date
from communiques.models import Communique
from grandest_press.content_state import invalidation
from partners.models import PactKind, TerritorialPact

__all__ = [
    "ImportAction",
    "ImportReport",
    "duplicate_communique",
    "import_communique_text",
    "source_hash",
]


def source_hash(text: str) -> str:
    """The text's fingerprint: re-importing it, trailing spaces aside, finds its draft."""
    normalised = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def import_communique_text(
    *,
    text: str,
    publication_date: datetime.date | None = None,
    user=None,
    slug: str | None = None,
    update_existing: bool = False,
    encoding: str = "",
    source_url: str = "",
    source_published_on: datetime.date | None = None,
    skip_unchanged: bool = False,
) -> ImportReport:
    """Create or update a DRAFT release from `text`; never publish. One transaction.

    A text already imported (same source address, content hash, or slug) updates its
    draft, or with `skip_unchanged` leaves it as it is when the text is the same. A
    text about an event already reported is only offered as an update: nothing is
    saved unless `update_existing` is true.
    """
    report = ImportReport(encoding=encoding)
    try:
        parsed = parse_communique(text, publication_date=publication_date)
    except ImportTextError as error:
        report.action = ImportAction.ERROR
        report.errors.append(str(error))
        return report
    report.recognised = sorted(
        (item for item in parsed.recognised if item.label != "Laissé dans le texte"),
        key=lambda item: item.line,
    )
    report.left_in_body = [i for i in parsed.recognised if i.label == "Laissé dans le texte"]
    report.inferred = list(parsed.inferred)
    report.set_aside = list(parsed.set_aside)
    report.warnings = list(parsed.warnings)

    digest = source_hash(text)
    wanted_slug = slug or slugify(parsed.title)[:300] or "communique"
    existing = (
        (source_url and Communique.objects.filter(source_url=source_url).first())
        or Communique.objects.filter(source_hash=digest).first()
        or Communique.objects.filter(slug=wanted_slug).first()
    )
    if existing is not None and existing.source_hash == digest and skip_unchanged:
        report.action = ImportAction.UNCHANGED
        report.communique = existing
        return report
    # One matcher for the whole import: the bodies the duplicate check finds are those
    # the draft names.
    matcher = Matcher()
    if existing is None:
        same_event = _same_event(parsed, matcher)
        if same_event is not None:
            if not update_existing:
                report.action = ImportAction.DUPLICATE
                report.duplicate_of = same_event
                return report
            existing = same_event
    if existing is not None and existing.status != Communique.Status.DRAFT:
        report.action = ImportAction.UNCHANGED
        report.communique = existing
        report.errors.append(
            f"« {existing.title} » existe déjà et n’est plus un brouillon "
            f"({existing.get_status_display()}) : l’import ne modifie pas un communiqué "
            "relu ou publié."
        )
        return report
    try:
        # One new content generation and one re-indexing for the draft's many rows.
        with transaction.atomic(), invalidation.once(), search.indexing.once():
            writer = DraftWriter(parsed=parsed, report=report, user=user, matcher=matcher)
            writer.source_url = source_url
            writer.source_published_on = source_published_on
            report.communique = writer.write(existing=existing, slug=wanted_slug, digest=digest)
    except ValidationError as error:
        report.action = ImportAction.ERROR
        report.communique = None
        report.created, report.matched = [], []
        report.errors.append("Données refusées : " + " ".join(error.messages))
        return report
    report.action = ImportAction.UPDATED if existing is not None else ImportAction.CREATED
    return report


def _same_event(parsed, matcher):
    """A release already linked to the pact this text reports signing, if any."""
    for signing in parsed.signings:
        if not signing.acronym:
            continue
        kind = PactKind.objects.filter(acronym__iexact=signing.acronym).first()
        if kind is None:
            continue
        for territory_name in signing.territories:
            territory = matcher.organisation(territory_name)
            if territory is None:
                continue
            pacts = TerritorialPact.objects.filter(kind=kind, territories=territory)
            date = signing_date(signing, parsed)
            if date:
                pacts = pacts.filter(signing_date=date)
            found = Communique.objects.filter(pacts__in=pacts).order_by("pk").first()
            if found:
                return found
    return None


def duplicate_communique(*, communique: Communique, by) -> Communique:
    """A new draft from `communique`: its text, links, image, contacts and quotes; not
    its state, dates, corrections, documents or preview links. One transaction."""
    with transaction.atomic():
        copy = Communique(
            title=_copy_title(communique.title),
            slug=unique_slug(Communique, f"{communique.slug}-copie", 300),
            lede=communique.lede,
            body=communique.body,
            dateline_place=communique.dateline_place,
            event_date=communique.event_date,
            event_date_precision=communique.event_date_precision,
            event_date_wording=communique.event_date_wording,
            image=communique.image,
            created_by=by,
            updated_by=by,
        )
        copy.full_clean()
        copy.save()
        copy.themes.set(communique.themes.all())
        copy.pacts.set(communique.pacts.all())
        copy.organisations.set(communique.organisations.all())
        for quote in communique.quotes.all():
            copy.quotes.create(
                speaker_id=quote.speaker_id,
                organisation_id=quote.organisation_id,
                text=quote.text,
                order=quote.order,
            )
        for link in communique.contact_links.all():
            copy.contact_links.create(contact_id=link.contact_id, order=link.order)
    return copy


def _copy_title(title: str) -> str:
    return (gettext("Copie de %(title)s") % {"title": title})[:300]
