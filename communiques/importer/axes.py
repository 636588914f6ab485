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
    ^ (?: Il | Elle | Celui-ci | Celle-ci | (?: Ce | Le | Ces | Les | Cette | La ) \s+ [\w’'-]+ )
    \s+                                         # Le pacte
    (?: porte | portent | repose | reposent | s['’]articule | s['’]articulent | se\ décline
      | se\ déclinent | comprend | comprennent | prévoit | prévoient | cible | ciblent )
    \s+ (?: sur | autour\ d (?: e | u | es ) | en ) \s+   # porte sur
    (?P<items> .+? ) \s* [.:]? $                # la formation, l'emploi et la mobilité.
    """,
    re.VERBOSE,
)
LAST_ITEM_AND = re.compile(
    r"""
    \s+ et \s+                                  # "l'emploi et la mobilité"
    (?= (?: sur\s+ )? (?: l['’] | la\  | le\  | les\  | un\  | une\  | des\  | du\  ) )
    """,
    re.VERBOSE,
)
LEADING_ET = re.compile(r"^ et \s", re.VERBOSE)  # "et la mobilité"
NAME_AND = re.compile(r"\s+ et \s+", re.VERBOSE)  # "Be Est Entreprendre et Grand E-Nov"
AXIS_CONNECTORS = [
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
AXIS_PREFIXES = ["et ", "sur ", "l'", "l’", "la ", "le ", "les ", "un ", "une ", "des ", "du "]


def parse_axes(parsed, body_blocks):
    items = None
    for block in body_blocks:
        if block.kind == "list":
            items = [(line, text) for line, text in block.lines]
            break
        for sentence in split_sentences(block.text):
            match = AXES_SENTENCE.match(plain(sentence))
            if match and not match.group("items").rstrip().endswith(":"):
                found = _sentence_items(match.group("items"))
                if len(found) >= 2:
                    items = [(block.line, item) for item in found]
                    break
        if items:
            break
    for line, item in items or []:
        axis = _axis(item, line)
        if axis:
            parsed.axes.append(axis)
            parsed.note("Axe", axis.title, line)


def _sentence_items(text: str) -> list[str]:
    items = split_top_level(text)
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
