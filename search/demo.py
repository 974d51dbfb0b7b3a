"""seed_demo: index whatever the other apps seeded (runs last; idempotent)."""

from .maintenance import rebuild_database_index, repair


def seed(command):
    count = rebuild_database_index()
    report = repair()
    command.stdout.write(f"search: {count} objects indexed ({report['removed']} stale entries removed)")
