"""Two requests starting the same quiz at once (a double tap) get one sitting, on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from quiz.models import Sitting
from quiz.services import sitting_start
from tests.accounts.factories import UserFactory

from .factories import QuizFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises writers with a file lock; the race needs PostgreSQL")
def test_parallel_starts_make_one_sitting():
    quiz = QuizFactory(with_questions=5)
    user = UserFactory()
    barrier = threading.Barrier(6)
    results, errors = [], []

    def start():
        try:
            barrier.wait()
            results.append(sitting_start(quiz=quiz, user=user).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 1 and len(results) == 6
    assert Sitting.objects.filter(quiz=quiz, user=user).count() == 1
    assert Sitting.objects.get().answers.count() == 5
