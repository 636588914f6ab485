"""The import's report: what was recognised, created, matched and inferred, in French.

The admin shows it as a page and the command prints `lines()`; every item keeps the
line of the text it came from, so a press officer can check it against the original.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from communiques.importer.structure import Recognised
from communiques.models import Communique


class ImportAction:
    CREATED = "created"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    UNCHANGED = "unchanged"
    ERROR = "error"


ACTION_LABELS = {
    ImportAction.CREATED: "brouillon créé",
    ImportAction.UPDATED: "brouillon mis à jour",
    ImportAction.DUPLICATE: "même événement qu’un communiqué existant : rien n’a été enregistré",
    ImportAction.UNCHANGED: "rien n’a été modifié",
    ImportAction.ERROR: "import impossible : rien n’a été enregistré",
}


@dataclass(frozen=True)
class ReportedObject:
    """A record the import created or found, with its page in the admin."""

    label: str
    admin_url: str = ""

    def __str__(self):
        return self.label


def admin_url(obj) -> str:
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


@dataclass
class ImportReport:
    """What an import recognised, created, matched and inferred, in French, with lines."""

    action: str = ""
    communique: Communique | None = None
    duplicate_of: Communique | None = None
    encoding: str = ""
    errors: list[str] = field(default_factory=list)
    recognised: list[Recognised] = field(default_factory=list)
    left_in_body: list[Recognised] = field(default_factory=list)
    inferred: list[Recognised] = field(default_factory=list)
    warnings: list[Recognised] = field(default_factory=list)
    set_aside: list[Recognised] = field(default_factory=list)
    created: list[ReportedObject] = field(default_factory=list)
    matched: list[ReportedObject] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.action in (ImportAction.CREATED, ImportAction.UPDATED)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, "")

    def record(self, obj, created: bool):
        item = ReportedObject(f"{obj._meta.verbose_name} « {obj} »", admin_url(obj))
        target = self.created if created else self.matched
        if item not in target:
            target.append(item)

    def lines(self) -> list[str]:
        """The report as plain text lines, for the command line."""
        out = []
        title = f" « {self.communique.title} »" if self.communique else ""
        out.append(f"Communiqué{title} : {self.action_label}.")
        if self.encoding:
            out.append(f"Encodage lu : {self.encoding}.")
        out += [f"Erreur : {error}" for error in self.errors]
        if self.duplicate_of is not None:
            out.append(
                f"Ce texte semble décrire le même événement que « {self.duplicate_of.title} » "
                f"(n° {self.duplicate_of.pk}) : relancez avec la mise à jour pour le compléter."
            )
        sections = [
            ("Reconnu", self.recognised),
            ("Déduit", self.inferred),
            ("À vérifier", self.warnings),
            ("Mis de côté", self.set_aside),
            ("Laissé dans le texte", self.left_in_body),
        ]
        for heading, items in sections:
            if items:
                out.append(f"{heading} :")
                for item in items:
                    label = "" if item.label == heading else f"{item.label} : "
                    out.append(f"  ligne {item.line} — {label}{item.value}")
                    if item.sentence and item.sentence != item.value:
                        out.append(f"      d’après « {item.sentence} »")
        for heading, items in (("Créé", self.created), ("Retrouvé en base", self.matched)):
            if items:
                out.append(f"{heading} :")
                out += [
                    f"  {item.label} — {item.admin_url}" if item.admin_url else f"  {item.label}"
                    for item in items
                ]
        return out
