from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail import hooks

from .models import AdministrativeUnit


class AdministrativeUnitFilterSet(WagtailFilterSet):
    class Meta:
        model = AdministrativeUnit
        fields = ["level", "kind", "parent"]


class AdministrativeUnitViewSet(ModelViewSet):
    """Units are reference data loaded by `manage.py load_units`; the admin lists and inspects them."""

    model = AdministrativeUnit
    icon = "site"
    menu_label = _("Đơn vị hành chính")
    add_to_settings_menu = True
    list_display = ["code", "full_name", "parent", "valid_from"]
    search_fields = ["code", "name"]
    filterset_class = AdministrativeUnitFilterSet
    inspect_view_enabled = True
    form_fields = ["name", "kind", "valid_from", "valid_until"]
    list_per_page = 100


@hooks.register("register_admin_viewset")
def register_units():
    return AdministrativeUnitViewSet("administrative_units")
