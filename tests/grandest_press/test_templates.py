"""The public templates stay readable: no line over 120 characters."""

from django.conf import settings

MAX_LINE_LENGTH = 120
JINJA2_TEMPLATES = settings.BASE_DIR / "templates" / "jinja2"


def test_no_public_template_has_a_line_over_120_characters():
    templates = sorted(JINJA2_TEMPLATES.rglob("*.html"))
    assert templates
    long_lines = [
        f"{path.relative_to(JINJA2_TEMPLATES)}:{number} ({len(line)} caractères)"
        for path in templates
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > MAX_LINE_LENGTH
    ]
    assert not long_lines, long_lines
