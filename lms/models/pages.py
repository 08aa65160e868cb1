from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult


class HomePage(Page):
    """The site's Thai home page."""

    intro = models.CharField(_("introduction"), max_length=500, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find a deep page (a lesson four levels down) by its url_path in one
        query, instead of Wagtail's two queries per level; anything else (not
        found, not live, a sub-route) goes the default way."""
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = Page.objects.filter(url_path=url_path, live=True).specific().first()
            if page is not None:
                return RouteResult(page)
        return super().route(request, path_components)
