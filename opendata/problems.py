"""Errors as RFC 9457 problem details (application/problem+json), in French."""

import json

from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Requête invalide",
    404: "Ressource introuvable",
    405: "Méthode non autorisée",
    410: "Ressource retirée",
    429: "Trop de requêtes",
    500: "Erreur interne",
}


def problem(request, status, detail, *, errors=None, headers=None) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Erreur"),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=CONTENT_TYPE,
        headers=headers,
    )
