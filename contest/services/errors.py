from django.utils.translation import gettext_lazy as _


class ContestError(Exception):
    """A refusal the entrant or organiser should read (Vietnamese message). `status` is the HTTP
    status the API and views answer with; nothing has been changed when it is raised."""

    def __init__(self, message, *, code="invalid", status=400, field=None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.status = status
        self.field = field

    def __str__(self):
        return str(self.message)


NOT_FOUND = _("Không tìm thấy.")
