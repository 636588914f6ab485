"""Importing the directory from CSV or XLSX, with a preview; exporting it."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journalists.models import Journalist, Suppression
from tests.factories import make_journalist, make_media, make_staff_user, make_theme
from tests.html import soup

pytestmark = pytest.mark.django_db

HEADER = ["Nom", "Média", "Type de média", "Fonction", "Courriels", "Téléphones", "Rubriques"]


def csv_file(rows, header=HEADER, name="annuaire.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([header, *rows])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"))


def xlsx_file(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in [header, *rows]:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("annuaire.xlsx", buffer.getvalue())


@pytest.fixture
def officer(client):
    client.force_login(make_staff_user(group="Rédaction"))
    return client


def preview(client, upload):
    return client.post(
        reverse("admin:journalists_journalist_import"),
        {"file": upload, "source": "Annuaire 2026"},
    )


def rows_of(response):
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup(response).select("#import-rows tbody tr")
    ]


def test_the_preview_shows_each_row_created_merged_or_refused_and_writes_nothing(officer):
    make_theme(name="Culture")
    make_journalist(name="Claire Martin", emails=["claire@lunion.fr"])
    upload = csv_file(
        [
            ["Paul Durand", "DNA", "Presse quotidienne régionale", "", "paul@dna.fr", "", ""],
            ["Claire Martin", "", "", "Cheffe d’agence", "CLAIRE@lunion.fr", "", "Culture"],
            ["Sans Adresse", "", "", "", "pas-une-adresse", "", ""],
            ["Léa Petit", "", "", "", "lea@radio.fr", "", "Astronomie"],
        ]
    )
    response = preview(officer, upload)
    rows = rows_of(response)
    assert [row[3] for row in rows] == [
        "Créé",
        "Fusionné avec Claire Martin",
        "Refusé",
        "Refusé",
    ]
    assert rows[2][4] == "Courriel invalide : pas-une-adresse."
    assert rows[3][4] == "Rubrique inconnue : Astronomie."
    assert Journalist.objects.count() == 1


def test_confirming_the_preview_imports_the_accepted_rows_only(officer):
    make_journalist(name="Claire Martin", emails=["claire@lunion.fr"])
    upload = csv_file(
        [
            ["Paul Durand", "DNA", "Presse quotidienne régionale", "", "paul@dna.fr", "", ""],
            ["Claire Martin", "", "", "Cheffe d’agence", "claire@lunion.fr", "0326707436", ""],
            ["Sans Adresse", "", "", "", "", "", ""],
        ]
    )
    page = soup(preview(officer, upload))
    payload = page.select_one("input[name=payload]")["value"]
    officer.post(reverse("admin:journalists_journalist_import"), {"payload": payload})
    assert sorted(Journalist.objects.values_list("name", flat=True)) == [
        "Claire Martin",
        "Paul Durand",
    ]
    claire = Journalist.objects.get(name="Claire Martin")
    assert claire.function == "Cheffe d’agence"
    assert claire.phones.get().number.as_e164 == "+33326707436"
    paul = Journalist.objects.get(name="Paul Durand")
    assert paul.media.kind == "pqr"
    assert paul.emails.get().source == "Annuaire 2026"


def test_an_xlsx_file_is_read_like_a_csv_file(officer):
    upload = xlsx_file([["Paul Durand", "", "", "", "paul@dna.fr", "", ""]])
    assert [row[3] for row in rows_of(preview(officer, upload))] == ["Créé"]


def test_a_file_with_unknown_columns_is_refused_whole_with_the_columns_named(officer):
    upload = csv_file([["Paul", "paul@dna.fr", "x"]], header=["Nom", "Courriels", "Âge"])
    response = preview(officer, upload)
    assert "Colonnes inconnues : Âge." in response.content.decode()
    assert not Journalist.objects.exists()


def test_an_address_twice_in_the_file_is_refused_the_second_time(officer):
    upload = csv_file(
        [
            ["Paul", "", "", "", "paul@dna.fr", "", ""],
            ["Paul D.", "", "", "", "Paul@dna.fr", "", ""],
        ]
    )
    rows = rows_of(preview(officer, upload))
    assert rows[1][4] == "Courriel Paul@dna.fr déjà à la ligne 2 du fichier."


def test_a_suppressed_address_imported_again_is_flagged_and_stays_unmailable(officer):
    Suppression.add("paul@dna.fr", reason=Suppression.Reason.UNSUBSCRIBED)
    upload = csv_file([["Paul", "", "", "", "paul@dna.fr", "", ""]])
    rows = rows_of(preview(officer, upload))
    assert rows[0][4] == "paul@dna.fr est exclue des envois : elle ne recevra rien."


def test_the_export_can_be_imported_back(officer):
    make_journalist(
        name="Claire Martin",
        media=make_media(name="L’Union", kind="pqr"),
        emails=["claire@lunion.fr"],
        beats=[make_theme(name="Culture")],
    )
    exported = officer.get(reverse("admin:journalists_journalist_export_all")).content
    lines = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    assert lines[1][:5] == [
        "Claire Martin",
        "L’Union",
        "Presse quotidienne régionale",
        "",
        "claire@lunion.fr",
    ]
    upload = SimpleUploadedFile("export.csv", exported)
    assert [row[3] for row in rows_of(preview(officer, upload))] == ["Fusionné avec Claire Martin"]


def test_the_xlsx_export_opens_in_a_spreadsheet(officer):
    make_journalist(name="Claire Martin")
    response = officer.get(reverse("admin:journalists_journalist_export_all"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.cell(row=2, column=1).value == "Claire Martin"
