"""The database search index and what organisers edit: abbreviations/synonyms and the query log."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One indexed object (a lesson, course, news article, document) in one language.

    Text is kept twice: as written (for display, highlighting and the "exact accented match ranks
    higher" rule) and folded (lowercase, no diacritics, đ→d; see search/text.py) for matching.
    On PostgreSQL a trigger-free tsvector is computed at write time by the backend; on SQLite an
    FTS5 table (created by migration 0002) mirrors the folded columns."""

    kind = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    language = models.CharField(max_length=12, db_index=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    # Weighted text as written (A title, B summary/keywords, C body, D long text such as transcripts).
    text_a = models.TextField(blank=True)
    text_b = models.TextField(blank=True)
    text_c = models.TextField(blank=True)
    text_d = models.TextField(blank=True)
    # The same, folded.
    folded_a = models.TextField(blank=True)
    folded_b = models.TextField(blank=True)
    folded_c = models.TextField(blank=True)
    folded_d = models.TextField(blank=True)
    # PostgreSQL only (NULL on SQLite): weighted tsvector, 'simple' configuration, folded + exact text.
    vector = SearchVectorField(null=True)
    # PostgreSQL only: title and summary alone (weights A/B). Small and never TOASTed, so finding
    # title/summary matches for common words stays cheap; `vector` is read only when these run out.
    head_vector = SearchVectorField(null=True)
    audience = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    length = models.CharField(max_length=10, blank=True)  # "short" | "medium" | "long"
    date = models.DateField(null=True, blank=True)
    boost = models.FloatField(default=1.0)
    # Fingerprint of the indexed content: the nightly repair re-indexes rows whose source changed.
    checksum = models.CharField(max_length=64)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "language"], name="search_doc_unique")]
        indexes = [models.Index(fields=["kind", "language"])]

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title}"


class Vocabulary(models.Model):
    """Every folded word of the index with its document frequency: typo correction (edit distance
    on SQLite, trigram similarity on PostgreSQL), "did you mean" and suggestions read it."""

    word = models.CharField(max_length=60, unique=True)
    frequency = models.PositiveIntegerField(default=0)
    length = models.PositiveSmallIntegerField(db_index=True)

    def __str__(self):
        return self.word


class Synonym(models.Model):
    """An abbreviation or synonym organisers maintain: searching any term also finds the others.

    `terms` is one group, e.g. "CĐS, chuyển đổi số". `case_sensitive` is for abbreviations that
    are also ordinary words ("AI" versus "ai" = who): then only the form typed in capitals, or a
    query whose other words make the meaning clear, expands."""

    terms = models.TextField(
        _("các từ đồng nghĩa"),
        help_text=_("Cách nhau bằng dấu phẩy, ví dụ: CĐS, chuyển đổi số. Tìm một từ sẽ ra kết quả của mọi từ."),
    )
    case_sensitive = models.BooleanField(
        _("chỉ khi viết hoa"),
        default=False,
        help_text=_("Cho chữ viết tắt trùng với từ thường (AI và “ai”): chỉ mở rộng khi người dùng gõ chữ hoa."),
    )
    active = models.BooleanField(_("đang dùng"), default=True)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("từ viết tắt, đồng nghĩa")
        verbose_name_plural = _("từ viết tắt, đồng nghĩa")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class QueryLog(models.Model):
    """One search, anonymously: the folded query, how many results, when. No user, no IP."""

    query = models.CharField(max_length=200, db_index=True)
    results = models.PositiveIntegerField()
    language = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lượt tìm kiếm")
        verbose_name_plural = _("lượt tìm kiếm")
        indexes = [models.Index(fields=["results", "created_at"])]

    def __str__(self):
        return self.query
