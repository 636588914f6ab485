"""Kinds of territorial pacts and contracts, named by their acronym or in words.

« la convention Petites villes de demain » and « la convention PVD » are one kind, keyed
by its acronym; « le Pacte pour la ruralité » has none, its name is its key.
"""

import re

ACRONYM = re.compile(r"(?<![\w-]) ( [A-Z][A-Z0-9]{2,9} ) (?![\w-])", re.VERBOSE)  # PTRTE
KNOWN_PACT_KINDS = {
    "POCE": "Pacte Offensive Croissance Emploi",
    "PTRTE": "Pacte territorial de relance et de transition écologique",
    "CRTE": "Contrat de relance et de transition écologique",
    "ACV": "Action cœur de ville",
    "PVD": "Petites villes de demain",
    "Pacte pour la ruralité": "Pacte pour la ruralité",
    "Contrat de ruralité": "Contrat de ruralité",
    "PVM": "Pacte villes moyennes",
}
# Group names of KIND_NAME, to the keys of KNOWN_PACT_KINDS.
GROUP_KINDS = {
    "poce": "POCE",
    "ptrte": "PTRTE",
    "crte": "CRTE",
    "acv": "ACV",
    "pvd": "PVD",
    "pacte_ruralite": "Pacte pour la ruralité",
    "contrat_ruralite": "Contrat de ruralité",
    "villes_moyennes": "PVM",
    "cper": "CPER",  # a reference framework (signings.KNOWN_FRAMEWORKS), a pact once signed
}
KIND_NAME = re.compile(
    r"""
    (?<! \w ) (?:
        (?P<poce> pactes? \s+ offensive \s+ croissance \s+ emploi )
      | (?P<ptrte> pactes? \s+ territoria(?: l | ux ) \s+ de \s+ relance \s+ et \s+ de
          \s+ transition \s+ écologiques? )     # Pactes territoriaux de relance et de …
      | (?P<crte> contrats? \s+ (?: territoria(?: l | ux ) \s+ )? de \s+ relance \s+ et \s+ de
          \s+ transition \s+ écologiques? )     # contrat de relance et de transition …
      | (?P<acv> actions? \s+ c(?: œ | oe )ur \s+ de \s+ villes? )  # Action cœur de ville
      | (?P<pvd> petites \s+ villes \s+ de \s+ demain )            # Petites villes de demain
      | (?P<pacte_ruralite> pactes? \s+ (?: pour \s+ la \s+ | de \s+ )? ruralité )
      | (?P<contrat_ruralite> contrats? \s+ de \s+ ruralité )    # contrat de ruralité
      | (?P<cper> contrats? \s+ de \s+ plan \s+ (?: État | Etat ) [\s-]+ Régions? )  # CPER
      | (?P<villes_moyennes> pactes? \s+ (?: pour \s+ les \s+ )? villes \s+ moyennes )
    )
    (?: \s* \( (?P<written> [A-Z][A-Z0-9]{1,9} ) \) )?   # … (PVD)
    (?! \w )
    """,
    re.IGNORECASE | re.VERBOSE,
)


def named_kinds(text: str):
    """(key, start, end) of each pact kind `text` names in words; the acronym the text
    gives it in parentheses, if any, is its key."""
    for match in KIND_NAME.finditer(text):
        kind = next(group for group in GROUP_KINDS if match.group(group))
        yield match.group("written") or GROUP_KINDS[kind], match.start(), match.end()
