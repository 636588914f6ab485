"""Phrasings around a list of parties, put plainly before the list is split:
"Pour la Région, X …", "la commune de Vic-sur-Seille", "l’État et de la Région"."""

import re

# "Pour la Région, **X**, conseillère régionale, a signé": whom X signs for, no party.
FOR_WHOM_LEAD = re.compile(
    r"^ \s* (?: Pour | Au \s+ nom \s+ d (?: e | u | es ) ) \s+ (?: la \s+ | le \s+ | l['’] )?"
    r" [^,*]{1,40} , \s*",
    re.VERBOSE,
)
# "La commune de Vic-sur-Seille a signé": the commune by its name, as "Vic-sur-Seille a signé".
COMMUNE_OF = re.compile(r"\b (?: [Ll]a \s+ )? commune \s+ de \s+ (?= [A-ZÀ-Ö] )", re.VERBOSE)
# "aux côtés de l’État et de la Région Grand Est": two parties, as "l’État et la Région".
STATE_AND_OF = re.compile(
    r"""
    (?: (?<= \b État ) | (?<= \b Grand \s Est ) )      # l’État et de la Région Grand Est
    \s+ et \s+ (?P<of> de \s+ (?= la \s | l['’] ) | du \s+ | des \s+ )
    """,
    re.VERBOSE,
)


# "Après deux ans de travail, X a signé", "Réunis à Dieuze, les élus …": no party.
ADVERBIAL = re.compile(
    r"""
    ^ (?: Après | Avant | Lors | Depuis | Durant | Pendant | Grâce | Malgré | Ensemble | Enfin
        | Ainsi | Désormais | Aujourd['’]hui | Hier | Réuni (?: e | s | es )?
        | Rassemblé (?: e | s | es )? | Dans | Sur | Comme | Symbole | Signe | Preuve | Fruit
        | Conformément | Suite | Face | Afin | Alors | Outre | Au-delà | Parmi
        | Forte? s? ) \b                                # Lors du conseil communautaire
    """,
    re.VERBOSE,
)


def is_adverbial(segment: str) -> bool:
    return bool(ADVERBIAL.match(segment)) and "**" not in segment


def _and_the(match) -> str:
    """ "et de la" → "et la", "et du" → "et le", "et des" → "et les"."""
    return {"du": " et le ", "des": " et les "}.get(match.group("of").strip(), " et ")


def party_phrases(text: str) -> str:
    """ "aux côtés de l’État et de la Région" → "aux côtés de l’État et la Région"."""
    return COMMUNE_OF.sub("", FOR_WHOM_LEAD.sub("", STATE_AND_OF.sub(_and_the, text)))
