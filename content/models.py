import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import BodyBlock

PAGE_SIZE = 10


def filter_querystring(request):
    """The current filters as a query string prefix for pagination links ("" or "a=1&")."""
    query = request.GET.copy()
    query.pop("trang", None)
    return query.urlencode() + "&" if query else ""


def paginate(request, queryset, per_page=PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("trang", 1))
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1)


@register_snippet
class NewsCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("tên"), max_length=100)
    slug = models.SlugField(_("mã"), max_length=100)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("chuyên mục tin")
        verbose_name_plural = _("chuyên mục tin")
        ordering = ["name"]

    def __str__(self):
        return self.name


class NewsTag(TaggedItemBase):
    content_object = ParentalKey("content.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class StandardPage(Page):
    summary = models.TextField(_("tóm tắt"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("trang nội dung")


class NewsIndexPage(Page):
    intro = models.TextField(_("giới thiệu"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.NewsPage"]

    class Meta:
        verbose_name = _("trang danh sách tin")

    def news(self):
        return (NewsPage.objects.live().child_of(self).select_related("category", "cover_image")
                .order_by("-date", "-pk"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.news()
        category, tag, year = request.GET.get("chuyen-muc"), request.GET.get("the"), request.GET.get("nam")
        if category:
            items = items.filter(category__slug=category)
        if tag:
            items = items.filter(tags__name=tag)
        if year and year.isdigit():
            items = items.filter(date__year=int(year))
        from portal.templatetags.portal_tags import _cached

        context.update(
            news_page=paginate(request, items),
            categories=_cached(request, "news-categories", [self.locale_id],
                               lambda: list(NewsCategory.objects.filter(locale=self.locale))),
            years=_cached(request, "news-years", [self.pk], lambda: sorted(
                {d.year for d in self.news().values_list("date", flat=True)}, reverse=True)),
            active={"category": category, "tag": tag, "year": year},
            querystring=filter_querystring(request),
        )
        return context


class NewsPage(Page):
    date = models.DateField(_("ngày đăng"), default=dt.date.today)
    summary = models.TextField(_("tóm tắt"), max_length=500)
    cover_image = models.ForeignKey("wagtailimages.Image", verbose_name=_("ảnh đại diện"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    cover_alt = models.CharField(_("mô tả ảnh đại diện"), max_length=250, blank=True)
    category = models.ForeignKey(NewsCategory, verbose_name=_("chuyên mục"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    tags = ClusterTaggableManager(through=NewsTag, blank=True, verbose_name=_("thẻ"))
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("category"), FieldPanel("tags")], heading=_("thông tin")),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], heading=_("ảnh đại diện")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body"),
                                          index.FilterField("date")]
    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin tức")
        indexes = [models.Index(fields=["date"])]

    def prepare_for_route_cache(self):
        """Load what the article template reads, so a cached route serves it without queries."""
        _ = self.category, self.cover_image
        self.tag_list = list(self.tags.all())

    def get_tag_list(self):
        return getattr(self, "tag_list", None) or list(self.tags.all())

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_alt.strip():
            raise ValidationError({"cover_alt": _("Ảnh đại diện cần mô tả cho người khiếm thị.")})

    @property
    def json_ld(self):
        """schema.org NewsArticle, so search engines and Zalo/Facebook previews read the article."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.summary,
            "datePublished": self.date.isoformat(),
            "dateModified": (self.last_published_at or timezone.now()).isoformat(),
            "inLanguage": self.locale.language_code,
            "mainEntityOfPage": self.full_url,
            "publisher": {"@type": "GovernmentOrganization", "name": "Học vụ số Đồng Nai"},
        }
        # "</" inside a <script> element would close it early.
        return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


class DocumentType(models.TextChoices):
    PLAN = "ke_hoach", _("Kế hoạch")
    DECISION = "quyet_dinh", _("Quyết định")
    OFFICIAL_LETTER = "cong_van", _("Công văn")
    RESOLUTION = "nghi_quyet", _("Nghị quyết")
    DIRECTIVE = "chi_thi", _("Chỉ thị")
    GUIDE = "huong_dan", _("Hướng dẫn")
    OTHER = "khac", _("Văn bản khác")


@register_snippet
class OfficialDocument(index.Indexed, models.Model):
    """An official document (văn bản). Kept in Vietnamese, as issued; the library page lists them."""

    number = models.CharField(_("số, ký hiệu"), max_length=60)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices)
    title = models.CharField(_("trích yếu"), max_length=400)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    summary = models.TextField(_("tóm tắt"), blank=True, max_length=2000)
    file = models.ForeignKey("wagtaildocs.Document", verbose_name=_("tệp"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("number"), FieldPanel("doc_type"), FieldPanel("title"), FieldPanel("issuing_body"),
              FieldPanel("issued_on"), FieldPanel("summary"), FieldPanel("file")]
    search_fields = [index.SearchField("title"), index.SearchField("number"), index.SearchField("summary"),
                     index.FilterField("doc_type")]

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["doc_type", "issued_on"])]

    def __str__(self):
        return f"{self.number} — {self.title}"


class DocumentLibraryPage(Page):
    intro = models.TextField(_("giới thiệu"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = []

    class Meta:
        verbose_name = _("thư viện văn bản")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = OfficialDocument.objects.select_related("file")
        doc_type, query = request.GET.get("loai"), (request.GET.get("q") or "").strip()[:200]
        if doc_type in DocumentType.values:
            documents = documents.filter(doc_type=doc_type)
        if query:
            documents = documents.filter(models.Q(title__icontains=query) | models.Q(number__icontains=query))
        order = "issued_on" if request.GET.get("sap-xep") == "cu-nhat" else "-issued_on"
        context.update(documents_page=paginate(request, documents.order_by(order, "-pk"), 20),
                       doc_types=DocumentType.choices,
                       active={"type": doc_type, "q": query, "oldest": order == "issued_on"},
                       querystring=filter_querystring(request))
        return context


class EventPage(Page):
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300)
    connected_sites = models.TextField(_("các điểm cầu"), blank=True,
                                       help_text=_("Mỗi dòng một điểm cầu."))
    livestream_url = models.URLField(_("đường dẫn phát trực tiếp"), blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("place"),
                         FieldPanel("connected_sites"), FieldPanel("livestream_url")], heading=_("thời gian, địa điểm")),
        FieldPanel("summary"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    subpage_types = []

    class Meta:
        verbose_name = _("sự kiện")

    def site_list(self):
        return [line.strip() for line in self.connected_sites.splitlines() if line.strip()]

    @property
    def is_upcoming(self):
        return self.starts_at >= timezone.now()



class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    """A contact form: every valid submission is stored (Forms in the admin) and e-mailed to the
    addresses set on the page. An invalid one is shown again with its errors and stores nothing."""

    intro = models.TextField(_("giới thiệu"), blank=True, max_length=1000)
    thank_you_text = models.TextField(_("lời cảm ơn"), blank=True, max_length=1000)

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("các ô nhập")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel([FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
                        heading=_("thư báo")),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("trang liên hệ")

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # An invalid submission re-renders the form: say so to the client too.
        if request.method == "POST" and getattr(response, "context_data", {}).get("form") is not None \
                and response.context_data["form"].errors:
            response.status_code = 400
        return response
