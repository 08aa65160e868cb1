"""django-csp's middleware, with the policy chosen by path: the strict
CONTENT_SECURITY_POLICY everywhere except the prefixes in CSP_PATH_POLICIES (the
Wagtail admin). A view's own @csp_replace/@csp_update still applies on top, and a
response that already carries a Content-Security-Policy header (the sandboxed
H5P player) keeps its own."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


class PathCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        for prefix, directives in getattr(settings, "CSP_PATH_POLICIES", ()):
            if request.path_info.startswith(prefix):
                parts.config = default_config(directives)
                break
        return parts
