"""The site's own middleware that no other test file covers."""

from django.http import HttpResponse
from django.utils import timezone

from grandest_press.middleware import SiteTimezoneMiddleware


def test_the_site_time_zone_is_active_for_the_request_and_only_for_it(rf):
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    timezone.activate("America/Cayenne")  # whatever came before
    try:
        SiteTimezoneMiddleware(view)(rf.get("/"))
    except BaseException:
        timezone.deactivate()
        raise
    assert seen == ["Europe/Paris"]
    # Nothing left active on the thread for the next request (asgiref's Local).
    assert not hasattr(timezone._active, "value")
