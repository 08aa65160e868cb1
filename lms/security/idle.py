"""Sign out a session that has been idle too long (ASVS 7.3.1).

The session remembers when it was last used, rewritten at most every
SESSION_IDLE_TOUCH_SECONDS (so an exam-day page does not cost a session write
per request). A request that comes more than SESSION_IDLE_TIMEOUT_MINUTES after
that is handled as anonymous: pages send the officer to sign in with a Thai
message, the API answers 401. The absolute limit stays SESSION_COOKIE_AGE."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity. Please sign in again.")
                    % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
                )
            elif last_seen is None or now - last_seen >= settings.SESSION_IDLE_TOUCH_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
