import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese():
    """A request to an /en/ page leaves English active on the thread; service tests read messages
    in Vietnamese, the source language."""
    translation.activate("vi")
    yield
    translation.activate("vi")
