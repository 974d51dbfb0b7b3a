from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from .models import User


class PhoneOrEmailBackend(ModelBackend):
    """Authenticate with an e-mail address or a Vietnamese phone number in any common format."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = username if username is not None else kwargs.get(User.USERNAME_FIELD)
        if not identifier or password is None:
            return None
        try:
            user = User.objects.get_by_identifier(identifier)
        except (User.DoesNotExist, ValidationError):
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
