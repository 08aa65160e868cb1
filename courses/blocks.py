"""StreamField blocks of lesson bodies. Apps that plug activities into lessons
(H5P, quizzes) name their blocks in settings.LESSON_EXTRA_BLOCKS, so that
courses never imports them."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        label = _("Callout / case study")
        template = "courses/blocks/callout.html"


class KeyPointBlock(blocks.CharBlock):
    class Meta:
        icon = "pick"
        label = _("Key point")
        template = "courses/blocks/key_point.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document or video file"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document or uploaded video")
        template = "courses/blocks/document.html"


def lesson_blocks() -> list[tuple[str, blocks.Block]]:
    base = [
        ("rich_text", blocks.RichTextBlock(label=_("Text"), features=["h3", "h4", "bold", "italic", "link", "ol", "ul", "hr"])),
        ("image", ImageBlock(label=_("Image"))),
        ("video", EmbedBlock(label=_("Video (embed link)"), max_width=960)),
        ("document", DocumentBlock()),
        ("callout", CalloutBlock()),
        ("key_point", KeyPointBlock()),
    ]  # fmt: skip
    extra = [(name, import_string(path)()) for name, path in getattr(settings, "LESSON_EXTRA_BLOCKS", [])]
    return base + extra
