"""The lesson StreamField block that plays an H5P package (placeholder until the H5P issue)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class H5PBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)

    class Meta:
        icon = "media"
        label = _("Interactive activity (H5P)")
