import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in Vietnamese: a request to an /en/ page leaves English active on the
    thread, and the service messages asserted here are the Vietnamese ones."""
    with translation.override("vi"):
        yield
