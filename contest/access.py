"""Who may do what in the contest's admin views and exports (checked server-side, per object).

- organisers: superusers, members of "Ban tổ chức cuộc thi", anyone with accounts.view_all_communes
  (the administrators' role): every contest view, every export, every download;
- commune officers: accounts.view_commune_reports and a commune on their profile: participation and
  exports of their own commune only, and downloads of the exports they asked for themselves (an
  organiser's export of the same commune may hold unmasked personal data);
- personal data (phone, citizen ID, birth date) in full only with accounts.view_personal_data.
Everybody else (editors, moderators, anonymous) gets nothing."""

from accounts.scoping import VIEW_ALL, user_commune_id

from .services.registration import is_organiser

VIEW_COMMUNE_REPORTS = "accounts.view_commune_reports"
VIEW_PERSONAL_DATA = "accounts.view_personal_data"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_contest_organiser(user) -> bool:
    return _active(user) and (user.is_superuser or user.has_perm(VIEW_ALL) or is_organiser(user))


def officer_commune_id(user):
    """The commune a commune officer reports for, or None (also None for organisers)."""
    if not _active(user) or is_contest_organiser(user) or not user.has_perm(VIEW_COMMUNE_REPORTS):
        return None
    return user_commune_id(user)


def can_view_participation(user) -> bool:
    return is_contest_organiser(user) or officer_commune_id(user) is not None


def sees_personal_data(user) -> bool:
    return _active(user) and user.has_perm(VIEW_PERSONAL_DATA)


def can_download(user, record) -> bool:
    if is_contest_organiser(user):
        return True
    commune_id = officer_commune_id(user)
    return (commune_id is not None and record.scope_commune_id == commune_id and record.user_id == user.pk)


def visible_exports(user, queryset):
    if is_contest_organiser(user):
        return queryset
    commune_id = officer_commune_id(user)
    if commune_id is None:
        return queryset.none()
    return queryset.filter(scope_commune_id=commune_id, user=user)
