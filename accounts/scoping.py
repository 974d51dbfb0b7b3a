"""Commune scoping: which rows of a queryset a user may see. Every queryset that lists learners,
entrants, progress or exports by person goes through `scope_to_commune`, so a commune officer sees
their own commune only, whatever URL or filter they try."""

from django.db.models import QuerySet

VIEW_ALL = "accounts.view_all_communes"


def user_commune_id(user):
    """The commune a user is bound to (their profile's), or None."""
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return getattr(profile, "commune_id", None)


def can_view_all_communes(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.has_perm(VIEW_ALL))


def scope_to_commune(queryset: QuerySet, user, commune_field: str = "commune") -> QuerySet:
    """Limit `queryset` to what `user` may see. `commune_field` is the lookup from the queryset's
    model to AdministrativeUnit, e.g. "entrant__commune" or "learner__profile__commune".

    - superusers and holders of accounts.view_all_communes see everything;
    - anyone else with a commune sees that commune's rows only;
    - everybody else sees nothing.
    """
    if can_view_all_communes(user):
        return queryset
    commune_id = user_commune_id(user)
    if commune_id is None:
        return queryset.none()
    return queryset.filter(**{f"{commune_field}_id": commune_id})


def communes_visible_to(user):
    """The commune units a user may pick in report filters."""
    from .models import AdministrativeUnit

    communes = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)
    if can_view_all_communes(user):
        return communes
    commune_id = user_commune_id(user)
    return communes.filter(pk=commune_id) if commune_id else communes.none()
