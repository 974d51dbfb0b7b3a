"""Attempt tokens: a signed proof that an attempt belongs to the user it was started for.

The take page and the API hand one out with every attempt in progress; autosave and submit
accept it in the `X-Attempt-Token` header instead of the session. At the deadline a province's
entrants submit within the same minutes: reading the session and the user for each of those
requests cost more than the submit itself, and the token needs neither (only the signature).
It grants nothing but writing answers to and submitting that one attempt, which the server
refuses anyway once the attempt is closed. Being a header, not a cookie, a browser never sends
it by itself, so it needs no CSRF token."""

from django.core import signing

SALT = "contest.attempt-token"
MAX_AGE = 24 * 3600  # longer than any round's time limit; a closed attempt takes no writes


def attempt_token(user_id: int, attempt_id: int) -> str:
    return signing.dumps([user_id, attempt_id], salt=SALT, compress=False)


def attempt_token_user(token, attempt_id) -> int | None:
    """The user id the token was issued to for this attempt, or None."""
    try:
        user_id, token_attempt = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        attempt_id = int(attempt_id)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return user_id if token_attempt == attempt_id and isinstance(user_id, int) else None
