"""Every route of ours: the URL patterns of our apps (including the Wagtail
admin screens of our models) and every operation of the JSON API."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

OUR_PACKAGES = {"lms", "courses", "quizzes", "certificates", "content"}
OUR_APP_LABELS = {"lms", "courses", "quizzes", "certificates", "content", "reports"}


@dataclass(frozen=True)
class Route:
    key: str  # the URL name with namespaces, or "API <METHOD> <path>"
    path: str  # a Django route pattern or an OpenAPI path
    method: str | None = None  # API only

    @property
    def params(self) -> list[str]:
        return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", self.path)]


def _model_label(model) -> str | None:
    if model is None:
        return None
    if isinstance(model, str):
        return model.split(".")[0].lower()
    return model._meta.app_label


def _is_ours(callback) -> bool:
    view = getattr(callback, "view_class", None) or callback
    module = getattr(view, "__module__", "") or ""
    wrapped = getattr(callback, "__wrapped__", None)
    if wrapped is not None and not hasattr(callback, "view_class"):
        return _is_ours(wrapped) or module.split(".")[0] in OUR_PACKAGES
    if module.split(".")[0] in OUR_PACKAGES:
        return True
    initkwargs = getattr(callback, "view_initkwargs", {}) or {}
    label = _model_label(initkwargs.get("model"))
    return label in OUR_APP_LABELS


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield prefix + str(p.pattern), name, p.callback


def url_routes() -> list[Route]:
    routes = []
    for path, name, callback in _walk(get_resolver().url_patterns):
        if path.startswith("api/v1/"):
            continue  # the API is enumerated from its OpenAPI document
        if _is_ours(callback):
            routes.append(Route(key=name or path, path=path))
    return sorted(set(routes), key=lambda r: r.key)


def api_routes() -> list[Route]:
    from lms.api import api

    schema = api.get_openapi_schema()
    routes = []
    for path, operations in schema["paths"].items():
        for method in operations:
            routes.append(Route(key=f"API {method.upper()} {path}", path=path, method=method.upper()))
    return sorted(routes, key=lambda r: r.key)
