"""The sections of the partners' public pages (by the heading that labels them), for their tests."""

from tests.html import soup, text_of


def section_texts(response, heading_id: str, selector: str) -> list[str]:
    """Texts of `selector` inside the section labelled by the heading `heading_id`."""
    section = soup(response).find("section", attrs={"aria-labelledby": heading_id})
    assert section is not None, f"no section labelled by #{heading_id}"
    return [text_of(element) for element in section.select(selector)]


def links_in_section(response, heading_id: str) -> list[str]:
    section = soup(response).find("section", attrs={"aria-labelledby": heading_id})
    assert section is not None, f"no section labelled by #{heading_id}"
    return [link["href"] for link in section.find_all("a")]
