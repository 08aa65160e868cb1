"""Panels that other apps add to the course page (the pre-test and post-test,
the certificate), without courses importing them. A panel is a function
`(course, request) -> str` of ready HTML (usually `render_to_string` of the
app's own template), registered from the app's ready()."""

from __future__ import annotations

from collections.abc import Callable

_panels: list[Callable] = []


def register_course_panel(render: Callable) -> Callable:
    if render not in _panels:
        _panels.append(render)
    return render


def course_panels(*, course, request) -> list[str]:
    return [html for render in _panels if (html := render(course=course, request=request))]
