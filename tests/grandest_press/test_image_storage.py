"""Where images are stored: local by default, S3 by the environment, and the
command that restores missing renditions."""

import io
import os
import subprocess
import sys

import pytest

from tests.factories import image_bytes, make_image

pytestmark = pytest.mark.django_db


# Storage


def test_s3_storage_is_configured_by_the_environment_only(tmp_path):
    """Settings read in a fresh interpreter; nothing reaches the network."""
    script = (
        "import django; django.setup();"
        "from django.conf import settings; from django.core.files.storage import default_storage;"
        "print(type(default_storage._wrapped if default_storage._setup() is None else 0).__name__);"
        "print(default_storage.url('images/abc/photo.jpg'));"
        "print(' '.join(settings.SECURE_CSP['img-src']))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "grandest_press.settings",
        "SECRET_KEY": "test-only",
        "DEBUG": "False",
        "AWS_STORAGE_BUCKET_NAME": "presse-grandest",
        "AWS_S3_CUSTOM_DOMAIN": "medias.presse.example",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    backend, url, img_src = result.stdout.splitlines()
    assert backend == "S3Storage"
    assert url == "https://medias.presse.example/images/abc/photo.jpg"
    assert "https://medias.presse.example" in img_src.split()


def test_local_storage_is_the_default(settings):
    from django.core.files.storage import default_storage

    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert str(default_storage.base_location) == str(settings.MEDIA_ROOT)


def test_write_renditions_command_restores_missing_renditions(media_root):
    from django.core.management import call_command

    image = make_image(content=image_bytes(width=1000, height=500))
    storage = image.file.storage
    for rendition in image.renditions():
        storage.delete(rendition.name)
    call_command("write_renditions", stdout=io.StringIO())
    assert all(storage.exists(rendition.name) for rendition in image.renditions())
