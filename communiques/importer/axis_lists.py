"""Which lists are a pact's axes: an introduction naming axes or the pact, items that are
no amounts, figures, times, people, places or addresses. Missing an axis is better than
inventing one, so a list with one doubtful item is not taken at all."""

import re

from communiques.importer.blocks import plain, split_sentences, strip_article
from communiques.importer.gazetteer import is_commune, official_end

# Words that name a pact's axes: "Le pacte repose sur quatre piliers :", "Ses priorités :".
AXIS_WORDS = r"""
    (?: axes? | priorités? | volets? | orientations? | chantiers? | piliers? | ambitions?
      | thématiques? | enjeux | actions \s+ retenues )
"""
# A pronoun standing for the pact: "Il porte sur …", after "Le pacte a été signé …".
PACT_PRONOUN = r"(?: [Ii]ls? | [Ee]lles? | Celui-ci | Celle-ci | Ceux-ci | Celles-ci )"
# What a pact is called when it is the subject: "Le pacte", "Ce contrat", "Les deux PTRTE".
PACT_NOUN = r"""
    (?: Ce | Le | Ces | Les | Cette | La | le | la | les | ce | ces | cette ) \s+
    (?: (?: deux | trois | quatre | cinq | \d+ ) \s+ )?
    (?: pactes? | contrats? | conventions? | programmes? | accords? | protocoles?
      | plans? | documents? | feuilles? \s+ de \s+ route | CPER | CRTE | PTRTE | POCE
      | PVD | ACV | PVM | CRSD | démarches? ) \b
"""
# Verbs whose complement is what the pact is about: "porte sur", "s’articule autour de".
ABOUT_VERB = r"""
    (?: porte | portent | repose | reposent | s['’]articule | s['’]articulent
      | se\ décline | se\ déclinent | mise | misent | se\ concentre | se\ concentrent
      | s['’]organise | s['’]organisent | se\ structure | se\ structurent )
    \s+ (?: notamment \s+ )? (?: sur | autour\ d (?: e | u | es ) | en ) \b
"""
# Verbs whose object may be the axes when the pact itself is the subject: "Le pacte prévoit
# …"; after a pronoun ("Elle prévoit …", "Il vise …") the subject may be anyone.
OBJECT_VERB = r"""
    (?: comprend | comprennent | prévoit | prévoient | cible | ciblent | vise | visent
      | fixe | fixent | identifie | identifient ) \b
"""
# What ties axis words to a pact: the pact, a pronoun or possessive for it, a count.
PACT_CONTEXT = re.compile(
    r"""
    \b (?: pactes? | contrats? | conventions? | programmes? | accords? | protocoles?
        | documents? | feuilles? \s de \s route | CPER | CRTE | PTRTE | POCE | PVD | ACV | PVM
        | CRSD | ils? | elles? | ses | leurs? | nos | retenue?s | prioritaires? | deux | trois
        | quatre | cinq | six | sept | huit | neuf | dix | \d+ ) \b   # Trois enjeux …
    """,
    re.VERBOSE | re.IGNORECASE,
)
# The paragraph before a bullet list: "Le pacte porte notamment sur :", "Trois axes :",
# "Le contrat mobilise 8 millions d’euros pour :"; not "En présence de :", "Programme :".
LIST_INTRO = re.compile(
    rf"""
    (?: \b {AXIS_WORDS} \b [^.:!?]{{0,60}}
      | (?: ^ | [.!?] \s+ | , \s+ ) (?: {PACT_NOUN} | {PACT_PRONOUN} ) ,? \s+
        (?: [^.:!?,]{{0,40}} , \s+ | (?: notamment | également | aussi | donc ) \s+ )?  # , signé …,
        (?: {ABOUT_VERB} | {OBJECT_VERB} | mobilisen?t? \b )
        [^.:!?]{{0,120}} )
    : \s* $                                   # Le pacte porte notamment sur :
    """,
    re.VERBOSE,
)
# An item that is no axis: an amount or a figure ("1 200 emplois", "une aide de 150 €"),
# a time ("10h00 : accueil"), a person ("M. Jean Dupont, maire de …"), an address.
NOT_AN_AXIS = re.compile(
    r"""
    ^ \W* (?: (?: près | plus | moins ) \s+ de \s+ | environ \s+ | quelque \s+ )? \d   # 1 200 …
    | \d \s* (?: € | euros? \b | % | M€ | k€ )             # une aide de 150 euros
    | \b \d+ (?: [\s\u00a0\u202f] \d{3} )+ \b               # 12 000 habitants
    | \b \d{1,2} \s? h \s? (?: \d{2} )? \b                  # 10h00, 14 h
    | \b (?: M\. | MM\. | Mme | Mmes | Monsieur | Madame ) \s   # M. Jean Dupont
    | \b (?: président | présidente | vice-président | vice-présidente | maire | préfet
         | préfète | sous-préfet | sous-préfète | député | députée | sénateur | sénatrice
         | directeur | directrice | conseiller | conseillère ) \b   # Jean Dupont, maire de …
    | @ | \b (?: https? | www ) \b | \b 0\d (?: [\s.]? \d{2} ){4} \b   # presse@grandest.fr
    | ^ \W* (?: sur \s+ )? (?: l['’]ensemble \s+ des | les | des | ses | nos ) \s+ \d
                                                            # sur l’ensemble des 128 communes
    | ^ \W* (?: sur \s+ )? (?: la \s+ )? (?: période | durée ) \b   # la période 2021-2026
    | \b (?: comité \s+ de \s+ (?: suivi | pilotage ) | enveloppe | gouvernance | calendrier
         | mi-parcours | durée ) \b                          # un comité de suivi annuel
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "les communes de Dieuze et de Vic", "la commune de Dieuze": places, not axes.
PLACES = re.compile(r"^ (?: les \s+ )? communes? \s+ d (?: e | ['’] ) \s* [A-ZÀ-Ö]", re.VERBOSE)
# "quatre orientations, détaillées dans le document joint": axes counted, not listed.
ANNOUNCED = re.compile(
    rf"""
    ^ (?: deux | trois | quatre | cinq | six | sept | huit | \d+ ) \s+ (?: grandes? \s+ )?
    {AXIS_WORDS} \b                            # quatre orientations
    """,
    re.VERBOSE | re.IGNORECASE,
)
ITEM_END = re.compile(r"\s* [;.,] \s* $", re.VERBOSE)  # "- la logistique ;"


def introduces_axes(paragraph: str) -> bool:
    """Whether a paragraph ending in a colon announces a pact's axes."""
    text = plain(paragraph).strip()
    return bool(LIST_INTRO.search(text)) and of_a_pact(split_sentences(text)[-1])


def of_a_pact(announcement: str) -> bool:
    """Whether axis words are a pact's: "Trois enjeux structurent le contrat", "Ses
    priorités", "Les actions retenues"; not "Les enjeux sont nombreux"."""
    return bool(PACT_CONTEXT.search(announcement))


def are_axes(items: list[str]) -> bool:
    """Whether every item may be an axis; a list of communes or people is not."""
    texts = [ITEM_END.sub("", plain(item)).strip() for item in items]
    doubtful = (NOT_AN_AXIS, ANNOUNCED)
    if len(texts) < 2 or any(not text or any(r.search(text) for r in doubtful) for text in texts):
        return False
    # "Dieuze, Vic-sur-Seille et Château-Salins": places where the pact applies.
    return not any(_is_place(strip_article(text)) for text in texts)


def _is_place(text: str) -> bool:
    official = official_end(text, 0)
    return (
        is_commune(text) or bool(official and official[0] == len(text)) or bool(PLACES.match(text))
    )
