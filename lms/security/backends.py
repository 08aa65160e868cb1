from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in AUTHENTICATION_BACKENDS.

    Every sign-in over HTTP (our login page, the Wagtail admin login) passes the
    request and is checked. Calls without a request (the test client's `login()`,
    management code) have no address to count against and pass through to the
    next backend, which still checks the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
