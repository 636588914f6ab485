# Email goes over SMTP to a real server started for the test, as for the sendings.
from tests.journalists.conftest import smtp_sink  # noqa: F401
