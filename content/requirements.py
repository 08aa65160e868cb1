"""The H5P completion requirement that courses asks about through
courses.requirements (registered in ContentConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from content.models import H5PPackage
from content.selectors import lesson_unmet_activities


def h5p_lesson_requirement(enrolment, lesson) -> list[str]:
    """One message per required H5P activity of the lesson not yet passed."""
    unmet = lesson_unmet_activities(enrolment=enrolment, lesson=lesson)
    if not unmet:
        return []
    titles = dict(H5PPackage.objects.filter(pk__in=[a.package_id for a in unmet]).values_list("pk", "title"))
    messages = []
    for activity in unmet:
        title = activity.title or titles.get(activity.package_id, "")
        if activity.pass_percent is not None:
            messages.append(
                _("Pass the interactive activity “%(title)s” with at least %(percent)s %%.")
                % {"title": title, "percent": activity.pass_percent}
            )
        else:
            messages.append(_("Pass the interactive activity “%(title)s”.") % {"title": title})
    return messages
