import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with PBKDF2 is slow on purpose; tests do not need that safety."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
