from django.db import transaction

from .models import LearnerProfile, User


@transaction.atomic
def user_create(*, full_name: str, password: str, email: str | None = None, phone: str | None = None,
                profile: dict | None = None) -> User:
    """Create a learner account and its profile. Identifiers must already be normalised."""
    user = User(email=email or None, phone=phone or None)
    user.set_full_name(full_name)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    LearnerProfile.objects.create(user=user, **{k: v for k, v in (profile or {}).items() if v not in (None, "")})
    return user
