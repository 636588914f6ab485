"""`manage.py import_communique FILE… [--date]`: drafts only, a report, clear errors."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from communiques.models import Communique
from communiques.seed import SEED_TEXT

pytestmark = pytest.mark.django_db

TEXTS = Path(__file__).parent / "texts"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_communique", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_the_seed_as_a_draft_and_prints_the_report():
    out, _ = run(str(SEED_TEXT))
    communique = Communique.objects.get()
    assert communique.status == Communique.Status.DRAFT
    assert "brouillon créé" in out
    assert "ligne 5 — Date : « Ce jeudi 5 septembre 2019 » → 2019-09-05" in out
    assert "ligne 5 — Signataire : Jean Rottner, Président de la Région Grand Est" in out
    assert "Créé :" in out and "pacte territorial « POCE Châlons Agglo »" in out
    assert "Laissé dans le texte :" in out
    assert "Encodage lu : UTF-8." in out


def test_several_files_and_a_publication_date_for_years_left_out():
    out, _ = run(
        str(TEXTS / "poce-sans-annee-sans-contact.txt"),
        str(TEXTS / "emploi-en-juin.txt"),
        "--date",
        "2020-04-01",
    )
    assert Communique.objects.count() == 2
    assert (
        Communique.objects.get(title__startswith="Le POCE du Grand Reims").event_date.year == 2020
    )
    assert "Déduit :" in out and "année reprise de la date de publication (2020-04-01)" in out
    assert "2 fichier(s) importé(s) en brouillon." in out


def test_a_cp1252_file_is_read_and_the_encoding_is_said(tmp_path):
    path = tmp_path / "ancien.txt"
    path.write_bytes(SEED_TEXT.read_text(encoding="utf-8").encode("cp1252"))
    out, _ = run(str(path))
    assert "Encodage lu : Windows-1252 (cp1252)." in out
    assert Communique.objects.get().title.startswith("Un Pacte Offensive Croissance Emploi")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide"),
        (b"%PDF-1.4\x00\x01\x02\x03", "Le fichier semble binaire"),
        (b"Titre \x81\x8d\x8f", "Encodage non reconnu"),
    ],
)
def test_bad_files_exit_with_a_french_message_and_save_nothing(tmp_path, content, message):
    path = tmp_path / "mauvais.txt"
    path.write_bytes(content)
    err = StringIO()
    with pytest.raises(CommandError, match="non importé"):
        call_command("import_communique", str(path), stdout=StringIO(), stderr=err)
    assert message in err.getvalue()
    assert Communique.objects.count() == 0


def test_a_missing_file_and_a_bad_date_are_refused(tmp_path):
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        run(str(SEED_TEXT), "--date", "05/09/2019")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_communique", str(tmp_path / "absent.txt"), stderr=err)
    assert "Fichier introuvable" in err.getvalue()


def test_a_second_text_on_the_same_event_needs_the_update_option(tmp_path):
    run(str(SEED_TEXT))
    other = tmp_path / "autre.txt"
    other.write_text(
        SEED_TEXT.read_text(encoding="utf-8").replace("Un Pacte", "Signature d'un Pacte"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        run(str(other))
    assert Communique.objects.count() == 1
    out, _ = run(str(other), "--mettre-a-jour")
    assert "brouillon mis à jour" in out
    assert Communique.objects.get().title.startswith("Signature d'un Pacte")
