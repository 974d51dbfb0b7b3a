"""The one StreamField body every content page uses."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("ảnh"))
    alt = blocks.CharBlock(label=_("mô tả ảnh cho người khiếm thị"), max_length=250,
                           help_text=_("Bắt buộc: tả điều ảnh cho thấy, không bắt đầu bằng “ảnh …”."))
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "content/blocks/image.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("nội dung nút"), max_length=80)
    page = blocks.PageChooserBlock(label=_("trang"), required=False)
    url = blocks.URLBlock(label=_("hoặc địa chỉ"), required=False)

    class Meta:
        icon = "link"
        template = "content/blocks/cta.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("tiêu đề mục"), form_classname="title", template="content/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("đoạn văn"), features=["bold", "italic", "link", "ol", "ul", "document-link"])
    image = ImageBlock(label=_("ảnh"))
    gallery = blocks.ListBlock(ImageBlock(), label=_("bộ ảnh"), template="content/blocks/gallery.html")
    video = EmbedBlock(label=_("video nhúng"), help_text=_("Địa chỉ YouTube"))
    quote = blocks.BlockQuoteBlock(label=_("trích dẫn"))
    table = TableBlock(label=_("bảng"))
    document = DocumentChooserBlock(label=_("tệp đính kèm"), template="content/blocks/document.html")
    call_to_action = CallToActionBlock(label=_("nút hành động"))
