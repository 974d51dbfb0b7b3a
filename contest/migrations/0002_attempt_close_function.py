"""contest_attempt_close(): the submit hot path on PostgreSQL in one round trip.

A deadline burst is thousands of submits a second. Done from Python, a submit was nine round
trips (session, user, attempt, BEGIN, lock, mark, COMMIT...) and the marking statement was
planned afresh every time. As a PL/pgSQL function it is one call in autocommit: PL/pgSQL keeps
its statements' plans per connection, and each statement takes a fresh snapshot, so marking
after the row lock sees every answer an autosave committed while this call waited for it.

Same rules as the ORM path in contest/services/attempts.py (used on SQLite), which the tests run
on both databases:
- the attempt must belong to p_user's entrant (p_user NULL: any, for the expiry job);
- a closed attempt is returned as it is (retries of a submit, concurrent or not);
- past deadline + grace it closes as expired, stamped at its deadline, with what was saved;
- otherwise p_submit_key NULL (expiry) leaves it open; a key submits it, saving p_prediction
  first (refused when the round asks no prediction question);
- marking: exact set of correct choices, nothing selected is wrong; time counts up to the
  deadline at most, in whole milliseconds (floor);
- the entrant's best result (score desc, then time asc) is upserted unless they are excluded.

outcome: 'closed_now' (this call closed it), 'closed' (already closed), 'open' (left open),
'no_prediction' (refused, nothing changed); then the attempt's columns in the model's field order
(contest.services.attempts reads them with Attempt.from_db). No row: no such attempt for this user."""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION contest_attempt_close(
    p_attempt bigint, p_user bigint, p_submit_key text, p_prediction bigint, p_now timestamptz
) RETURNS TABLE (
    outcome text, id bigint, entrant_id bigint, round_id bigint, number smallint, submitted_at timestamptz,
    status varchar, score integer, max_score integer, correct_count integer, duration_ms bigint,
    prediction bigint, submit_key varchar
) LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    v_status text;
    v_started timestamptz;
    v_deadline timestamptz;
    v_grace integer;
    v_asks boolean;
    v_outcome text := 'closed';
    v_key text := '';
    v_submitted timestamptz;
    v_score integer;
BEGIN
    SELECT a.status, a.started_at, a.deadline, c.grace_seconds, r.prediction_question ~ '[^[:space:]]'
      INTO v_status, v_started, v_deadline, v_grace, v_asks
      FROM contest_attempt a
      JOIN contest_entrant e ON e.id = a.entrant_id
      JOIN contest_round r ON r.id = a.round_id
      JOIN contest_contestpage c ON c.page_ptr_id = r.contest_id
     WHERE a.id = p_attempt AND (p_user IS NULL OR e.user_id = p_user)
       FOR UPDATE OF a;
    IF NOT FOUND THEN
        RETURN;
    END IF;

    IF v_status = 'in_progress' THEN
        IF p_now > v_deadline + make_interval(secs => v_grace) THEN
            v_status := 'expired';
            v_submitted := greatest(v_deadline, v_started);
        ELSIF p_submit_key IS NULL THEN
            v_outcome := 'open';
        ELSIF p_prediction IS NOT NULL AND NOT v_asks THEN
            v_outcome := 'no_prediction';
        ELSE
            IF p_prediction IS NOT NULL THEN
                UPDATE contest_attempt SET prediction = p_prediction WHERE id = p_attempt;
            END IF;
            v_status := 'submitted';
            v_submitted := p_now;
            v_key := p_submit_key;
        END IF;
    END IF;

    IF v_submitted IS NOT NULL THEN
        v_outcome := 'closed_now';
        WITH marks AS (
            SELECT aa.id, (aa.selected <> '[]'::jsonb AND aa.selected @> k.ids AND k.ids @> aa.selected) AS ok
              FROM contest_attemptanswer aa
             CROSS JOIN LATERAL (
                   SELECT COALESCE(jsonb_agg(ch.id), '[]'::jsonb) AS ids FROM quiz_choice ch
                    WHERE ch.question_id = aa.question_id AND ch.is_correct
             ) k
             WHERE aa.attempt_id = p_attempt
        ), marked AS (
            UPDATE contest_attemptanswer aa SET is_correct = marks.ok FROM marks WHERE aa.id = marks.id
            RETURNING marks.ok
        )
        SELECT count(*) FILTER (WHERE ok) INTO v_score FROM marked;

        UPDATE contest_attempt
           SET status = v_status, submitted_at = v_submitted, submit_key = v_key, score = v_score,
               correct_count = v_score,
               duration_ms = greatest(0, floor(extract(epoch FROM least(p_now, v_deadline) - v_started) * 1000))
         WHERE id = p_attempt;

        INSERT INTO contest_roundresult (round_id, entrant_id, attempt_id, score, max_score, duration_ms, prediction,
                                         submitted_at, commune_id, workplace, audience_group)
        SELECT a.round_id, a.entrant_id, a.id, a.score, a.max_score, a.duration_ms, a.prediction, a.submitted_at,
               e.commune_id, e.workplace, e.audience_group
          FROM contest_attempt a JOIN contest_entrant e ON e.id = a.entrant_id
         WHERE a.id = p_attempt AND NOT e.is_excluded
        ON CONFLICT (round_id, entrant_id) DO UPDATE SET
            attempt_id = EXCLUDED.attempt_id, score = EXCLUDED.score, max_score = EXCLUDED.max_score,
            duration_ms = EXCLUDED.duration_ms, prediction = EXCLUDED.prediction,
            submitted_at = EXCLUDED.submitted_at, commune_id = EXCLUDED.commune_id,
            workplace = EXCLUDED.workplace, audience_group = EXCLUDED.audience_group
        WHERE EXCLUDED.score > contest_roundresult.score
           OR (EXCLUDED.score = contest_roundresult.score AND EXCLUDED.duration_ms < contest_roundresult.duration_ms);
    END IF;

    RETURN QUERY
        SELECT v_outcome, a.id, a.entrant_id, a.round_id, a.number, a.submitted_at, a.status, a.score,
               a.max_score, a.correct_count, a.duration_ms, a.prediction, a.submit_key
          FROM contest_attempt a WHERE a.id = p_attempt;
END
$$;
"""

DROP = "DROP FUNCTION IF EXISTS contest_attempt_close(bigint, bigint, text, bigint, timestamptz);"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("contest", "0001_initial"), ("quiz", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
