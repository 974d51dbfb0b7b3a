import factory
from factory.django import DjangoModelFactory

from accounts.models import AdministrativeUnit, AudienceGroup, LearnerProfile, User


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = "75"
    level = AdministrativeUnit.Level.PROVINCE
    name = "Đồng Nai"
    kind = "thành phố"


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{27000 + n:05d}")
    level = AdministrativeUnit.Level.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    kind = "xã"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    phone = factory.Sequence(lambda n: f"+8491{n:07d}")
    first_name = "An"
    last_name = "Nguyễn Văn"
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class LearnerProfileFactory(DjangoModelFactory):
    class Meta:
        model = LearnerProfile

    user = factory.SubFactory(UserFactory)
    commune = factory.SubFactory(CommuneFactory)
    audience_group = AudienceGroup.OTHER_ADULT
    birth_year = 1980
