"""The import's report: what was recognised, created, matched and inferred, in French.

The admin shows it as a page and the command prints `lines()`; every item keeps the
line of the text it came from, so a press officer can check it against the original.
"""

from dataclasses import dataclass, field

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
    created: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.action in (ImportAction.CREATED, ImportAction.UPDATED)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, "")

    def record(self, obj, created: bool):
        label = f"{obj._meta.verbose_name} « {obj} »"
        target = self.created if created else self.matched
        if label not in target:
            target.append(label)

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
            ("Laissé dans le texte", self.left_in_body),
        ]
        for heading, items in sections:
            if items:
                out.append(f"{heading} :")
                out += [
                    f"  ligne {item.line} — {item.value}"
                    if item.label == heading
                    else f"  ligne {item.line} — {item.label} : {item.value}"
                    for item in items
                ]
        for heading, items in (("Créé", self.created), ("Retrouvé en base", self.matched)):
            if items:
                out.append(f"{heading} :")
                out += [f"  {item}" for item in items]
        return out
