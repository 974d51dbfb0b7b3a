"""What the site search finds from this app: news articles and official documents
(see search/registry.py)."""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from search.registry import SearchField, SearchKind, register

from .models import DocumentLibraryPage, DocumentType, NewsCategory, NewsPage, OfficialDocument


def _news_topics(page):
    return [page.category.name] if page.category_id else []


def _document_url(document):
    if document.file_id and document.file:
        return document.file.url
    library = DocumentLibraryPage.objects.live().filter(locale__language_code="vi").first() or \
        DocumentLibraryPage.objects.live().first()
    if library is None:
        return ""
    return f"{library.url}?{urlencode({'q': document.number})}"


register(SearchKind(
    key="news",
    label=_("Tin tức"),
    model=NewsPage,
    fields=[
        SearchField("title", weight="A"),
        SearchField("search_description", weight="B"),
        SearchField("summary", weight="B"),
        SearchField(lambda page: [tag.name for tag in page.tags.all()], weight="B"),
        SearchField("body", weight="C"),
    ],
    topics=_news_topics,
    date=lambda page: page.date,
    watch=[(NewsCategory, lambda category: NewsPage.objects.filter(category=category))],
))

register(SearchKind(
    key="document",
    label=_("Văn bản"),
    model=OfficialDocument,
    fields=[
        SearchField("title", weight="A"),
        SearchField("number", weight="B"),
        SearchField("summary", weight="B"),
        SearchField(lambda document: [document.get_doc_type_display(), document.issuing_body], weight="C"),
    ],
    queryset=lambda: OfficialDocument.objects.select_related("file"),
    url=_document_url,
    language=lambda document: "vi",  # documents are kept as issued, in Vietnamese
    topics=lambda document: [str(DocumentType(document.doc_type).label)],
    date=lambda document: document.issued_on,
))
