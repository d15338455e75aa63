"""Response headers that limit what a page may load and use: CSP and Permissions-Policy.

Helsedocs serves its own CSS and no scripts of its own (charts are inline SVG; the admin
loads Django's files from /static/), so a page needs nothing from another origin and no
inline code. The policy goes on HTML only: a PDF or CSV opens in the browser's own
viewer, which a page policy could break. Django's debug pages carry inline scripts and
styles, so the policy is left off while DEBUG is on.
"""

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if is_html and not settings.DEBUG:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
