"""Proof that an import loses nothing: every sentence of the input is in the draft."""

import html
import re

from communiques.importer.parsing import (
    BULLET,
    CONTACT_HEADER,
    CONTACT_LABEL,
    EMAIL,
    PHONE,
    normalise_phone,
    plain,
    split_sentences,
)

_LINK = re.compile(r'<a href="(?P<url>[^"]*)"[^>]*>(?P<text>.*?)</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_NOISE = str.maketrans(dict.fromkeys('«»"“”*\xa0\u202f', " "))


def normalise(text: str) -> str:
    text = text.replace("’", "'").translate(_NOISE)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" (?=[,.;:!?)])|(?<=\() ", "", text).strip(" .,;:!?")


def html_text(body: str) -> str:
    body = _LINK.sub(lambda m: f"{m.group('text')} ({html.unescape(m.group('url'))})", body)
    return html.unescape(_TAG.sub(" ", body))


def draft_text(parsed) -> str:
    parts = [parsed.title, parsed.lede, html_text(parsed.body_html)]
    for quote in parsed.quotes:
        parts.append(f"{plain(quote.before)} {quote.text} {plain(quote.after)}")
    for contact in parsed.contacts:
        parts += [contact.name, contact.email]
    return normalise(" \n ".join(parts))


def words(text: str) -> str:
    """The words of `text`, in order, one space apart: punctuation and symbols (bold
    marks, bullets, guillemets) may move or go, words may not."""
    return " ".join(re.findall(r"\w+", normalise(text).lower()))


def missing_sentences(text: str, parsed) -> list[str]:
    """Sentences (or contact items) of `text` whose words are found nowhere, in order,
    in the parsed draft."""
    draft = draft_text(parsed)
    draft_sequence = f" {words(draft)} "
    draft_words = set(re.findall(r"\w+", draft.lower()))
    emails = {contact.email for contact in parsed.contacts}
    phones = {phone for contact in parsed.contacts for phone in contact.phones}
    missing = []
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    set_aside = {item.line for item in parsed.set_aside}
    for number, line in enumerate(lines, start=1):
        if number in set_aside:
            continue
        if parsed.contact_header_line and number >= parsed.contact_header_line:
            if number == parsed.contact_header_line:
                line = CONTACT_HEADER.sub("", line, count=1)
            line = CONTACT_LABEL.sub(" ", plain(line))
            for email in EMAIL.findall(line):
                if email.lower() not in emails and email not in draft:
                    missing.append(email)
            for phone in PHONE.findall(line):
                if normalise_phone(phone) not in phones and normalise(phone) not in draft:
                    missing.append(phone)
            rest = PHONE.sub(" ", EMAIL.sub(" ", line))
            # A word glued to a phone number ("36A") is kept glued in the draft.
            missing += [
                w
                for w in re.findall(r"\w+", rest.lower())
                if w not in draft_words and w not in draft.lower()
            ]
            continue
        bullet = BULLET.match(line)
        if bullet:
            line = bullet.group("item")
        if number == parsed.title_line:
            line = re.sub(r"^\s*#+\s*", "", line)
        for sentence in split_sentences(plain(line)):
            sequence = words(sentence)
            if sequence and f" {sequence} " not in draft_sequence:
                missing.append(sentence)
    return missing
