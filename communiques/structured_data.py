"""What search engines and link previews read about a release (JSON-LD, OpenGraph)."""

from django.conf import settings

from grandest_press.richtext import plain_text


def publisher(request) -> dict:
    return {
        "@type": "Organization",
        "name": "Région Grand Est",
        "url": request.build_absolute_uri("/"),
    }


def image_url(communique, request, *, rendition="url") -> str:
    image = getattr(communique, "image", None)
    try:
        return request.build_absolute_uri(getattr(image, rendition)) if image else ""
    except ValueError:
        return ""


def news_article(communique, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": communique.title[:110],
        "description": communique.lede or plain_text(communique.body)[:300],
        "url": request.build_absolute_uri(communique.get_absolute_url()),
        "mainEntityOfPage": request.build_absolute_uri(communique.get_absolute_url()),
        "datePublished": communique.published_at.isoformat() if communique.published_at else None,
        "dateModified": communique.updated_at.isoformat(),
        "inLanguage": "fr-FR",
        "author": publisher(request),
        "publisher": publisher(request),
        "isAccessibleForFree": True,
    }
    if url := image_url(communique, request):
        data["image"] = [url]
    if communique.dateline_place:
        data["contentLocation"] = {"@type": "Place", "name": communique.dateline_place}
    return data


def open_graph(communique, request) -> dict:
    return {
        "title": communique.title,
        "description": communique.lede or plain_text(communique.body)[:200],
        "url": request.build_absolute_uri(communique.get_absolute_url()),
        "image": image_url(communique, request, rendition="og_url"),
        "site_name": settings.SITE_NAME,
    }
