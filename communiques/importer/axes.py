"""A pact's axes: a bullet list, or a sentence such as "Il porte sur A, B et C"."""

import re

from communiques.importer.blocks import (
    LABELLED_ITEM,
    capitalise,
    plain,
    split_sentences,
    split_top_level,
)
from communiques.importer.names import PROPER_NOUN
from communiques.importer.structure import AxisRef

TITLE_MAX_LENGTH = 300

AXES_SENTENCE = re.compile(
    r"""
    ^ (?: Ils? | Elles? | Celui-ci | Celle-ci | Ceux-ci | Celles-ci
      | (?: Ce | Le | Ces | Les | Cette | La ) \s+ [\w’'-]+ )
    \s+                                         # Le pacte
    (?: (?: porte | portent | repose | reposent | s['’]articule | s['’]articulent | se\ décline
          | se\ déclinent | mise | misent | se\ concentre | se\ concentrent )
        \s+ (?: sur | autour\ d (?: e | u | es ) | en ) \s+   # porte sur
      | (?: comprend | comprennent | prévoit | prévoient | cible | ciblent | vise | visent
          | soutient | soutiennent | finance | financent )
        \s+ (?: sur \s+ | autour\ d (?: e | u | es ) \s+ | en \s+ )?  # prévoit un …
    )
    (?P<items> .+? ) \s* [.:]? $                # la formation, l'emploi et la mobilité.
    """,
    re.VERBOSE,
)
LAST_ITEM_AND = re.compile(
    r"""
    \s+ et \s+                                  # "l'emploi et la mobilité"
    (?= (?: sur\s+ )? (?: l['’] | la\  | le\  | les\  | un\  | une\  | des\  | du\  | de\ l['’]
        | de\ la\  ) )
    """,
    re.VERBOSE,
)
# "500 places d’ici 2026", "une aide de 150 euros": a measure, not an axis.
MEASURE = re.compile(r"^ \W* \d | \d \s* (?: € | euros? \b | % )", re.VERBOSE)
LEADING_ET = re.compile(r"^ et \s", re.VERBOSE)  # "et la mobilité"
NAME_AND = re.compile(r"\s+ et \s+", re.VERBOSE)  # "Be Est Entreprendre et Grand E-Nov"
# "Trois axes : la formation ; l’emploi ; la mobilité", "autour de trois priorités :".
AXES_INTRODUCED = re.compile(
    r"""
    \b (?: axes | priorités | volets | orientations | chantiers | enjeux | thématiques )
    (?: \s+ (?: prioritaires | principaux | principales | stratégiques | majeurs ) )?
    \s* : \s* (?P<items> .+? ) \s* [.]? $       # axes : la formation, l’emploi et …
    """,
    re.VERBOSE,
)
# "Axe 1 – La formation", "Axe 2 : l’emploi", "Priorité 3. La mobilité".
NUMBERED_AXIS = re.compile(
    r"""
    ^ \s* (?: (?: Axe | Priorité | Volet | Orientation ) \s* (?: \d{1,2} | [IVX]{1,4} )
      | (?: Premier | Première | Deuxième | Second | Seconde | Troisième | Quatrième
          | Cinquième | Dernier | Dernière ) \s+ (?: axe | priorité | volet | orientation ) )
    \s* (?: [–—:.)-] \s* )                      # Axe 1 –, Deuxième axe :
    (?P<item> \S.* ) $                          # La formation
    """,
    re.VERBOSE,
)
AXIS_CONNECTORS = [
    " autour de ",
    " autour du ",
    " autour des ",
    " en faveur de ",
    " en faveur du ",
    " en faveur des ",
    " en lien avec ",
    " en partenariat avec ",
    " avec ",
    " pour ",
    " afin de ",
    " afin d'",
    " afin d’",
    " grâce à ",
    " grâce au ",
    " via ",
]
AXIS_PREFIXES = [
    *("et ", "sur ", "de la ", "de l'", "de l’", "l'", "l’", "la ", "le ", "les "),
    *("un ", "une ", "des ", "du "),
]


def parse_axes(parsed, body_blocks):
    items = _numbered_items(body_blocks)
    for block in [] if items else body_blocks:
        if block.kind == "list":
            items = [(line, text) for line, text in block.lines]
            break
        for sentence in split_sentences(block.text):
            text = plain(sentence)
            match = AXES_INTRODUCED.search(text) or AXES_SENTENCE.match(text)
            if match and not match.group("items").rstrip().endswith(":"):
                found = _sentence_items(match.group("items"))
                # "Elle prévoit 500 places et une aide de 150 euros": measures, not axes.
                if len(found) >= 2 and not any(MEASURE.search(item) for item in found):
                    items = [(block.line, item) for item in found]
                    break
        if items:
            break
    for line, item in items or []:
        numbered = NUMBERED_AXIS.match(item)
        item = numbered.group("item") if numbered else item
        axis = _axis(item, line)
        if axis:
            parsed.axes.append(axis)
            parsed.note("Axe", axis.title, line)


def _numbered_items(blocks) -> list[tuple[int, str]]:
    """Lines "Axe 1 – …", "Axe 2 – …", as paragraphs or list items, when there are two."""
    lines = [
        (number, sentence)
        for block in blocks
        for number, text in block.lines
        for sentence in split_sentences(text)
    ]
    items = [(number, text) for number, text in lines if NUMBERED_AXIS.match(plain(text))]
    return items if len(items) >= 2 else []


def _sentence_items(text: str) -> list[str]:
    separator = ";" if ";" in text else ","
    items = split_top_level(text, separator)
    if not items:
        return []
    last = items[-1]
    if LEADING_ET.match(last):
        items[-1] = last[3:]
    else:
        items[-1:] = LAST_ITEM_AND.split(last, maxsplit=1)
    return [item.strip() for item in items if item.strip()]


def _axis(item: str, line: int) -> AxisRef | None:
    item = plain(item).strip()
    labelled = LABELLED_ITEM.match(item)
    if labelled:
        title, description = labelled.group("label"), labelled.group("description")
        search_in = [description, title[1:]]
    else:
        stripped = item
        changed = True
        while changed:
            changed = False
            for prefix in AXIS_PREFIXES:
                if stripped.lower().startswith(prefix):
                    stripped = stripped[len(prefix) :]
                    changed = True
        title, description = _split_connector(stripped)
        search_in = [stripped[1:]]
    title = capitalise(title.strip(" ,;.")).strip()
    if not title:
        return None
    description = capitalise(description.strip())
    if description and description[-1] not in ".!?…":
        description += "."
    if len(title) > TITLE_MAX_LENGTH:
        title, description = title[: TITLE_MAX_LENGTH - 1] + "…", f"{title} {description}".strip()
    names, single = [], []
    for text in search_in:
        for match in PROPER_NOUN.finditer(text):
            for name in NAME_AND.split(match.group(0)):
                name = name.strip()
                target = names if (" " in name or "-" in name[1:]) else single
                if name and name not in target:
                    target.append(name)
    return AxisRef(title, description, names, single, line)


def _split_connector(text: str) -> tuple[str, str]:
    best = None
    for connector in AXIS_CONNECTORS:
        position = _outside_parentheses_find(text, connector)
        if position > 0 and (best is None or position < best[0]):
            best = (position, connector)
    if best is None:
        return text, ""
    return text[: best[0]], text[best[0] + 1 :]


def _outside_parentheses_find(text, needle):
    start = 0
    while True:
        position = text.find(needle, start)
        if position < 0:
            return -1
        if text[:position].count("(") == text[:position].count(")"):
            return position
        start = position + 1
