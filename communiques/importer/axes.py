"""A pact's axes: a bullet list, or a sentence such as "Il porte sur A, B et C"."""

import re

from communiques.importer.axis_lists import (
    ABOUT_VERB,
    OBJECT_VERB,
    PACT_NOUN,
    PACT_PRONOUN,
    are_axes,
    introduces_axes,
    of_a_pact,
)
from communiques.importer.blocks import (
    LABELLED_ITEM,
    capitalise,
    plain,
    split_sentences,
    split_top_level,
)
from communiques.importer.names import PROPER_NOUN
from communiques.importer.pact_territories import territories_in_list
from communiques.importer.structure import AxisRef

TITLE_MAX_LENGTH = 300

AXES_SENTENCE = re.compile(
    rf"""
    ^ (?: [ÀA] \s [^,]{{1,40}} , \s* )?           # À Colmar,
    (?: {PACT_NOUN} \s+ (?: {ABOUT_VERB} | {OBJECT_VERB} )   # Les deux pactes visent
      | {PACT_PRONOUN} \s+ {ABOUT_VERB} ) \s*     # Il porte sur
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
LEADING_ET = re.compile(r"^ et \s", re.VERBOSE)  # "et la mobilité"
NAME_AND = re.compile(r"\s+ et \s+", re.VERBOSE)  # "Be Est Entreprendre et Grand E-Nov"
# "Trois axes : la formation ; l’emploi ; la mobilité", "autour de trois priorités :".
AXES_INTRODUCED = re.compile(
    r"""
    \b (?: axes | priorités | volets | orientations | chantiers | enjeux | thématiques
        | piliers | ambitions )
    (?: \s+ [^:–—.]{1,40}? )? \s*                # "chantiers structurent ce pacte"
    (?: : \s* (?P<items> .+? ) \s* [.]? $         # axes : la formation, l’emploi et …
      | [–—] \s* (?P<dashed> [^–—]+? ) \s* [–—] )  # chantiers – A, B, C –
    """,
    re.VERBOSE,
)
# "Le deuxième axe vise l’enseignement supérieur", "Enfin, un quatrième axe est consacré à …".
ORDINAL_AXIS = re.compile(
    r"""
    ^ (?: Enfin \s* , \s* )? (?: (?: Le | La | Un | Une | le | la | un | une ) \s+ )?
    (?: premier | première | deuxième | second | seconde | troisième | quatrième | cinquième
      | dernier | dernière )
    (?: \s+ (?: axe | volet | priorité | chantier | orientation | pilier ) )?   # Le premier …
    (?: \s+ d (?: u | e\ la | e\ l['’] ) \s* \w+ )?    # du pacte
    \s+ (?: concerne | vise | porte \s+ sur | cible | traite \s+ de
          | est \s+ (?: consacrée? | dédiée? ) \s+ à | s['’]attache \s+ à )
    \s+ (?P<item> .+? ) \s* [.]? $                # la logistique.
    """,
    re.IGNORECASE | re.VERBOSE,
)
AXIS_NOUN = re.compile(
    r"\b (?: axes? | volets? | priorités? | chantiers? | orientations? | piliers? ) \b",
    re.VERBOSE | re.IGNORECASE,
)
# "développer la filière bois …, rénover les logements et améliorer la desserte".
INFINITIVE_AND = re.compile(r"\s+ et \s+ (?= [a-zé]+ (?: er | ir | re ) \b )", re.VERBOSE)
INFINITIVE = re.compile(r"^ [a-zé]+ (?: er | ir | re ) \b", re.VERBOSE)  # développer
# Examples listed in parentheses detail the axis: "mobilités décarbonées (trolleybus, vélo)".
TRAILING_PARENTHESES = re.compile(r"\s* \( [^()]* , [^()]* \) $", re.VERBOSE)
QUOTED = re.compile(r"[«“] | \s\" \w", re.VERBOSE)  # « Nos priorités : …
# "Le pacte repose sur (1) la chimie, (2) les cités et (3) les terrils": the numbers go.
ITEM_NUMBER = re.compile(r"\( \s* (?: \d{1,2} | [a-h] | [ivx]{1,4} ) \s* \) \s*", re.VERBOSE)
# "Pilier 1." alone, before split_sentences cut it from its title "Une vallée reconquise".
NUMBER_ALONE = re.compile(
    r"^ (?: Axe | Priorité | Volet | Orientation | Pilier | Chantier | Ambition ) \s+"
    r" (?: \d{1,2} | [IVX]{1,4} ) \. $",
    re.VERBOSE,
)
# "Axe 1 – La formation", "Axe 2 : l’emploi", "Priorité 3. La mobilité".
NUMBERED_AXIS = re.compile(
    r"""
    ^ \s* (?: (?P<n> (?: Axe | Priorité | Volet | Orientation | Pilier | Chantier | Ambition )
               (?: \s+ (?: stratégique | prioritaire | thématique ) )?   # Orientation stratégique
               \s* (?: n \s? [°o] \s? )? (?: \d{1,2} | [IVX]{1,4} ) )   # Orientation n°2
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
    for index, block in enumerate([] if items else body_blocks):
        if block.kind == "list":
            # The paragraph before, the lede for a list that opens the body.
            before = body_blocks[index - 1] if index else None
            before = before.text if before and before.kind == "paragraph" else ""
            # "En présence de :", "Programme :", the territories of several pacts: no axes.
            if not introduces_axes(before or ("" if index else parsed.lede)):
                continue
            # Projects indented under each axis detail it: the axes are the outer items.
            lines = [(line, text) for line, text in block.lines if line not in block.sub_items]
            if territories_in_list(block) or not are_axes([text for _, text in lines]):
                continue
            items = [(line, text, "", "item") for line, text in lines]
            break
        for sentence in split_sentences(block.text):
            items += [(block.line, item, sentence, "item") for item in _sentence_axes(sentence)]
        if items:
            break
    for line, item, sentence, form in items:
        axis = _axis(item, line, form)
        if axis:
            parsed.axes.append(axis)
            parsed.note("Axe", axis.title, line, sentence)


def _sentence_axes(sentence: str) -> list[str]:
    text = plain(sentence)
    if QUOTED.search(text):
        return []  # « Nos priorités : l’emploi, la santé », a-t-il dit: a speaker's words
    match = AXES_INTRODUCED.search(text)
    if match and not of_a_pact(text[: match.start("items" if match["items"] else "dashed")]):
        match = None  # "Les enjeux sont nombreux : …": no pact's axes
    match = match or AXES_SENTENCE.match(text)
    listed = match and (match.groupdict().get("dashed") or match.group("items"))
    if not listed or listed.rstrip().endswith(":"):
        return []
    found = _sentence_items(ITEM_NUMBER.sub("", listed))
    # "Elle prévoit 500 places et une aide de 150 euros": measures, not axes.
    return found if are_axes(found) else []


def _numbered_items(blocks) -> list[tuple[int, str, str, str]]:
    """Lines "Axe 1 – …" (headings, kept whole), "Deuxième axe : …" or "Le deuxième axe vise
    …" (cut at their first comma), as paragraphs or list items, when there are two."""
    items = []
    for block in blocks:
        for number, text in block.lines:
            for sentence in _with_numbers(split_sentences(text)):
                numbered = NUMBERED_AXIS.match(plain(sentence))
                ordinal = None if numbered else ORDINAL_AXIS.match(plain(sentence))
                # "Le (premier axe|premier) concerne …" in a paragraph that names axes.
                if ordinal and AXIS_NOUN.search(block.text):
                    numbered = ordinal
                if numbered:
                    form = "heading" if numbered.groupdict().get("n") else "sentence"
                    items.append((number, numbered.group("item"), sentence, form))
    return items if len(items) >= 2 else []


def _with_numbers(sentences: list[str]) -> list[str]:
    """ "Pilier 1.", "Une vallée reconquise" → "Pilier 1. Une vallée reconquise"."""
    joined = []
    for sentence in sentences:
        if joined and NUMBER_ALONE.match(joined[-1]):
            joined[-1] = f"{joined[-1]} {sentence}"
        else:
            joined.append(sentence)
    return joined


def _sentence_items(text: str) -> list[str]:
    separator = ";" if ";" in text else ","
    items = split_top_level(text, separator)
    if not items:
        return []
    last = items[-1]
    if LEADING_ET.match(last):
        items[-1] = last[3:]
    elif INFINITIVE.match(items[0]):
        items[-1:] = INFINITIVE_AND.split(last, maxsplit=1)
    elif separator == ",":
        # "la sobriété ; … ; la valorisation du vignoble et des lacs": one item.
        items[-1:] = LAST_ITEM_AND.split(last, maxsplit=1)
    return [item.strip() for item in items if item.strip()]


def _axis(item: str, line: int, form: str = "item") -> AxisRef | None:
    """An axis from an item of a list or sentence; a heading ("Axe 1 – …") is its title
    as written, a sentence ("Deuxième axe : A, été comme hiver") is cut at its comma."""
    item = plain(item).strip().rstrip(" ;.")
    if form == "heading" and item[:1].islower():
        form = "item"  # "Axe 1 : la transition énergétique ;" is an item, not a heading
    labelled = None if form == "heading" else LABELLED_ITEM.match(item)
    if form == "heading":
        title, description, search_in = item, "", [item[1:]]
    elif labelled:
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
        if form == "sentence" and len(parts := split_top_level(title)) > 1:
            title, description = parts[0], f"{', '.join(parts[1:])} {description}"
        if aside := TRAILING_PARENTHESES.search(title):
            title, description = title[: aside.start()], f"{aside.group().strip()} {description}"
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
