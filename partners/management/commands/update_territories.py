"""Regenerate partners/data/territoires.json from Etalab's découpage administratif.

    .venv/bin/python manage.py update_territories [--package-version 6.0.0]

The source is the npm package @etalab/decoupage-administratif (Etalab, built from the
INSEE's Code officiel géographique). It weighs some 20 Mo unpacked: it is fetched with
`npm pack` into a temporary folder, never added to package.json, and only what the site
checks is kept: every région and département of France, and the EPCI (with their SIREN)
and communes of the Grand Est. Commit the file it writes.
"""

import datetime
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from partners import territories

PACKAGE = "@etalab/decoupage-administratif"
GRAND_EST = "44"


class Command(BaseCommand):
    help = "Régénère l’extrait du Code officiel géographique (partners/data/territoires.json)."

    def add_arguments(self, parser):
        parser.add_argument("--package-version", default="latest", help="Version du paquet npm.")

    def handle(self, *args, package_version, **options):
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(
                ["npm", "pack", f"{PACKAGE}@{package_version}", "--silent"],
                cwd=folder,
                check=True,
                capture_output=True,
            )
            [archive] = Path(folder).glob("*.tgz")
            with tarfile.open(archive) as tar:
                tar.extractall(folder, filter="data")
            package = Path(folder) / "package"
            manifest = json.loads((package / "package.json").read_text(encoding="utf-8"))
            data = {
                name: json.loads((package / "data" / f"{name}.json").read_text(encoding="utf-8"))
                for name in ("regions", "departements", "epci", "communes")
            }
        extract = build_extract(data, version=manifest["version"])
        territories.DATA_FILE.write_text(
            # One entry a line: a new version reads as a diff of the territories that changed.
            json.dumps(extract, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        self.stdout.write(
            f"{territories.DATA_FILE}: {len(extract['epci'])} EPCI, "
            f"{len(extract['communes'])} communes ({PACKAGE} {manifest['version']})."
        )


def build_extract(data: dict, *, version: str) -> dict:
    grand_est = {item["code"] for item in data["departements"] if item["region"] == GRAND_EST}
    return {
        "source": {
            "package": PACKAGE,
            "version": version,
            "url": "https://github.com/etalab/decoupage-administratif",
            "origin": "INSEE, Code officiel géographique",
            "extracted_on": datetime.date.today().isoformat(),
        },
        "regions": {item["code"]: item["nom"] for item in data["regions"]},
        "departements": {
            item["code"]: {"nom": item["nom"], "region": item["region"]}
            for item in data["departements"]
        },
        # An EPCI of the Grand Est: one of its member communes lies in it.
        "epci": {
            item["code"]: {"nom": item["nom"], "type": item["type"]}
            for item in data["epci"]
            if any(member["code"][:2] in grand_est for member in item["membres"])
        },
        "communes": {
            item["code"]: item["nom"]
            for item in data["communes"]
            if item["type"] == "commune-actuelle" and item.get("region") == GRAND_EST
        },
    }
