"""The lesson StreamField block that plays an H5P package (named in
settings.LESSON_EXTRA_BLOCKS as "h5p"). Imports nothing from courses at module
level: courses.models loads this module while it is being imported."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.field_block import ChooserBlock


class H5PPackageChooserBlock(ChooserBlock):
    target_model = "content.H5PPackage"

    @cached_property
    def widget(self):
        from content.viewsets import h5p_package_chooser_viewset

        return h5p_package_chooser_viewset.widget_class()

    def get_form_state(self, value):
        return self.widget.get_value_data(value)

    class Meta:
        icon = "media"


class H5PBlock(blocks.StructBlock):
    package = H5PPackageChooserBlock(label=_("H5P package"))
    title = blocks.CharBlock(
        label=_("Title"), required=False, help_text=_("Shown above the activity; the package title if empty.")
    )
    required = blocks.BooleanBlock(
        label=_("Required to complete the lesson"), required=False, default=True,
        help_text=_("The lesson is completed only when the officer passes this activity."),
    )  # fmt: skip
    pass_percent = blocks.IntegerBlock(
        label=_("Must pass with at least (%)"), required=False, min_value=0, max_value=100,
        help_text=_(
            "Leave empty to accept the activity's own pass rule (or completing it when it has none)."
        ),
    )  # fmt: skip

    class Meta:
        icon = "media"
        label = _("Interactive activity (H5P)")
        template = "content/blocks/h5p.html"

    def clean(self, value):
        value = super().clean(value)
        if value.get("package") is None:
            raise blocks.StructBlockValidationError({"package": ValidationError(_("Choose an H5P package."))})
        return value

    def get_context(self, value, parent_context=None):
        from content.playback import block_context

        context = super().get_context(value, parent_context=parent_context)
        context.update(block_context(value=value, parent_context=parent_context or {}))
        return context
