"""The learning report: learners, enrolments and completions by commune, audience group, course
and week, always through accounts.scoping so a commune officer sees only their commune."""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AudienceGroup
from accounts.scoping import communes_visible_to, scope_to_commune

from .models import Enrolment

COMMUNE = "learner__profile__commune"
DEFAULT_TARGET_PERCENT = 60  # Kế hoạch 2026: 60% of adults confirmed; editable per report
HOLLOW_COUNT = 5


@dataclass
class Filters:
    commune_id: int | None = None
    course_id: int | None = None
    audience: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    target: int = DEFAULT_TARGET_PERCENT
    errors: list = field(default_factory=list)


def parse_filters(params, user) -> Filters:
    filters = Filters()

    def integer(name, low, high):
        raw = (params.get(name) or "").strip()
        if not raw:
            return None
        if not raw.isdigit() or not (low <= int(raw) <= high):
            filters.errors.append(name)
            return None
        return int(raw)

    def date(name):
        raw = (params.get(name) or "").strip()
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            filters.errors.append(name)
            return None

    filters.commune_id = integer("xa", 1, 2**62)
    if filters.commune_id and not communes_visible_to(user).filter(pk=filters.commune_id).exists():
        filters.errors.append("xa")
        filters.commune_id = None
    filters.course_id = integer("khoa", 1, 2**62)
    audience = (params.get("doi-tuong") or "").strip()
    if audience and audience not in AudienceGroup.values:
        filters.errors.append("doi-tuong")
        audience = ""
    filters.audience = audience
    filters.date_from, filters.date_to = date("tu"), date("den")
    target = integer("muc-tieu", 1, 100)
    filters.target = target if target is not None else DEFAULT_TARGET_PERCENT
    return filters


def enrolments_for(user, filters: Filters):
    qs = scope_to_commune(Enrolment.objects.all(), user, COMMUNE)
    if filters.commune_id:
        qs = qs.filter(**{f"{COMMUNE}_id": filters.commune_id})
    if filters.course_id:
        qs = qs.filter(course_id=filters.course_id)
    if filters.audience:
        qs = qs.filter(learner__profile__audience_group=filters.audience)
    if filters.date_from:
        qs = qs.filter(enrolled_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(enrolled_at__date__lte=filters.date_to)
    return qs


def _totals(qs, key):
    completed = Q(completed_at__isnull=False)
    return (qs.values(key).annotate(
        learners=Count("learner", distinct=True), enrolments=Count("id"),
        completions=Count("id", filter=completed), completers=Count("learner", filter=completed, distinct=True),
    ).order_by(key))


def by_commune(user, filters: Filters):
    """One row per commune the user may see (zeros included: an empty commune is the deepest
    "vùng lõm"), with the completion rate and its gap below the target."""
    communes = communes_visible_to(user)
    if filters.commune_id:
        communes = communes.filter(pk=filters.commune_id)
    counts = {row[f"{COMMUNE}"]: row for row in _totals(enrolments_for(user, filters), COMMUNE)}
    rows = []
    for commune in communes.order_by("code"):
        row = counts.get(commune.pk, {})
        learners = row.get("learners", 0)
        completers = row.get("completers", 0)
        rate = round(completers * 100 / learners, 1) if learners else 0.0
        rows.append({"commune": commune, "learners": learners, "enrolments": row.get("enrolments", 0),
                     "completions": row.get("completions", 0), "completers": completers, "rate": rate,
                     "gap": round(filters.target - rate, 1), "hollow": False})
    below = sorted((r for r in rows if r["gap"] > 0), key=lambda r: (-r["gap"], r["learners"], r["commune"].code))
    for row in below[:HOLLOW_COUNT]:
        row["hollow"] = True
    return rows


def by_audience(user, filters: Filters):
    labels = dict(AudienceGroup.choices)
    rows = _totals(enrolments_for(user, filters), "learner__profile__audience_group")
    return [{"label": labels.get(r["learner__profile__audience_group"]) or _("Chưa khai báo"), **r} for r in rows]


def by_course(user, filters: Filters):
    rows = _totals(enrolments_for(user, filters), "course")
    from .models import CoursePage

    titles = dict(CoursePage.objects.filter(pk__in=[r["course"] for r in rows]).values_list("pk", "title"))
    return [{"label": titles.get(r["course"], r["course"]), **r} for r in rows]


def by_week(user, filters: Filters, weeks=12):
    since = timezone.now() - dt.timedelta(weeks=weeks)
    qs = enrolments_for(user, filters)
    enrolled = dict(qs.filter(enrolled_at__gte=since).annotate(week=TruncWeek("enrolled_at"))
                    .values("week").annotate(n=Count("id")).values_list("week", "n"))
    completed = dict(qs.filter(completed_at__gte=since).annotate(week=TruncWeek("completed_at"))
                     .values("week").annotate(n=Count("id")).values_list("week", "n"))

    def key(value):
        return value.date() if hasattr(value, "date") else value

    enrolled = {key(k): v for k, v in enrolled.items()}
    completed = {key(k): v for k, v in completed.items()}
    return [{"week": week, "enrolments": enrolled.get(week, 0), "completions": completed.get(week, 0)}
            for week in sorted(set(enrolled) | set(completed))]


def with_bars(rows, *keys):
    """Add "<key>_pct" (share of the column's maximum) for the CSS bar charts."""
    for key in keys:
        top = max((r[key] for r in rows), default=0) or 1
        for r in rows:
            r[f"{key}_pct"] = round(r[key] * 100 / top)
    return rows


def commune_matrix(user, filters: Filters):
    """Per commune: learners and completers overall and per audience group (the periodic report's
    indicators). Returns (header, rows) ready for the spreadsheet."""
    groups = list(AudienceGroup.choices)
    base = by_commune(user, filters)
    split = {}
    for row in enrolments_for(user, filters).values(COMMUNE, "learner__profile__audience_group").order_by().annotate(
            g_learners=Count("learner", distinct=True),
            g_completers=Count("learner", filter=Q(completed_at__isnull=False), distinct=True)):
        split[(row[COMMUNE], row["learner__profile__audience_group"])] = (row["g_learners"], row["g_completers"])
    header = [_("Mã xã, phường"), _("Xã, phường"), _("Người học"), _("Lượt ghi danh"), _("Lượt hoàn thành khóa"),
              _("Người hoàn thành ít nhất một khóa"), _("Tỉ lệ hoàn thành (%)")]
    for _value, label in groups:
        header += [_("Người học — %(group)s") % {"group": label}, _("Hoàn thành — %(group)s") % {"group": label}]
    rows = []
    for r in base:
        line = [r["commune"].code, r["commune"].full_name, r["learners"], r["enrolments"], r["completions"],
                r["completers"], r["rate"]]
        for value, _label in groups:
            line += list(split.get((r["commune"].pk, value), (0, 0)))
        rows.append(line)
    return header, rows


def xlsx_bytes(user, filters: Filters):
    import xlsxwriter

    header, rows = commune_matrix(user, filters)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Theo xã, phường")[:31])
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, header, bold)
    for index, line in enumerate(rows, start=1):
        sheet.write_row(index, 0, line)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, len(header), 14)
    sheet.freeze_panes(1, 2)
    book.close()
    return buffer.getvalue(), len(rows)
