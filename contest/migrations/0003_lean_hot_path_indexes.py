"""Fewer index writes on the submit path: single-column foreign-key indexes that a composite
index already leads with are dropped, and answer rows leave room on their page so autosave and
marking are HOT updates on PostgreSQL (no index entry written at all)."""

import django.db.models.deletion
from django.db import migrations, models

ANSWER_FILLFACTOR = 70


def answer_fillfactor(value):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name("contest_attemptanswer")
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {value})")
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('contest', '0002_attempt_close_function'),
    ]

    operations = [
        migrations.AlterField(
            model_name='attempt',
            name='entrant',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='contest.entrant'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='round',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='contest.round'),
        ),
        migrations.AlterField(
            model_name='attemptanswer',
            name='attempt',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='contest.attempt'),
        ),
        migrations.AlterField(
            model_name='roundresult',
            name='round',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='results', to='contest.round'),
        ),
        migrations.RunPython(answer_fillfactor(ANSWER_FILLFACTOR), answer_fillfactor(100)),
    ]
