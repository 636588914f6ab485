from django.conf import settings
from django.urls import reverse
from django.utils.csp import CSP


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from settings.PERMISSIONS_POLICY.

    {"camera": []} gives `camera=()` (refused everywhere); {"fullscreen": ["self"]}
    gives `fullscreen=(self)`.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminContentSecurityPolicyMiddleware:
    """Lets the admin's widgets (Select2, the Tiptap rich-text editor) set inline styles.

    Scripts stay as strict as on the public site; only `style-src` gains
    'unsafe-inline', and only under the admin. Listed after Django's CSP middleware,
    which then sends this policy instead of SECURE_CSP.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(reverse("admin:index")) and not hasattr(response, "_csp_config"):
            response._csp_config = self.policy
        return response
