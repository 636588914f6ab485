"""Reading a page and its text in one step, for the page-cache tests."""

from tests.html import page_text


def get(client, url):
    response = client.get(url)
    return response, page_text(response) if response.status_code != 304 else ""
