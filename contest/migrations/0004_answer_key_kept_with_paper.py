"""The key is kept with the paper: each drawn question carries its correct choice ids from the
draw (AttemptAnswer.correct_ids), so closing an attempt marks it with one count over its own rows
instead of reading the bank and writing a verdict per answer (about a third of
contest_attempt_close()'s time in a deadline burst). An answer's verdict is derived from the
stored key when the result is read (AttemptAnswer.is_correct)."""

import importlib

from django.db import migrations, models

CLOSE_0002 = importlib.import_module("contest.migrations.0002_attempt_close_function").CREATE

MARK_0002 = """        WITH marks AS (
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
"""

# Exactly the correct choices, and something chosen: AttemptAnswer.is_correct says the same.
MARK = """        SELECT count(*) FILTER (WHERE aa.selected <> '[]'::jsonb AND aa.selected @> aa.correct_ids
                                      AND aa.correct_ids @> aa.selected)
          INTO v_score FROM contest_attemptanswer aa WHERE aa.attempt_id = p_attempt;
"""

assert MARK_0002 in CLOSE_0002
CLOSE = CLOSE_0002.replace(MARK_0002, MARK)


def run_on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


def copy_keys(apps, schema_editor):
    """Papers drawn before this migration take the bank's current key."""
    AttemptAnswer = apps.get_model("contest", "AttemptAnswer")
    Choice = apps.get_model("quiz", "Choice")
    keys = {}
    drawn = AttemptAnswer.objects.values("question_id")
    for question_id, choice_id in (Choice.objects.filter(is_correct=True, question_id__in=drawn)
                                   .order_by("position", "id").values_list("question_id", "id")):
        keys.setdefault(question_id, []).append(choice_id)
    for question_id, ids in keys.items():
        AttemptAnswer.objects.filter(question_id=question_id).update(correct_ids=ids)


class Migration(migrations.Migration):

    dependencies = [
        ('contest', '0003_lean_hot_path_indexes'),
        ('quiz', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='attemptanswer',
            name='correct_ids',
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(copy_keys, migrations.RunPython.noop),
        migrations.RunPython(run_on_postgresql(CLOSE), run_on_postgresql(CLOSE_0002)),
        migrations.RemoveField(
            model_name='attemptanswer',
            name='is_correct',
        ),
    ]
