import pytest

from tests.journalists.smtp_sink import SmtpSink


@pytest.fixture
def smtp_sink(settings):
    """Email goes over SMTP to a real server started for the test."""
    with SmtpSink() as sink:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
            }
        }
        settings.EMAIL_RATE = 0
        yield sink
