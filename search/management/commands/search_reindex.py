"""Rebuild the search index from what the apps register.

The database index is rebuilt row by row (searches keep answering throughout). With Elasticsearch
configured, a new versioned index is built and the alias swapped to it in one atomic call, so
searches never see a half-built index; the old index is then deleted."""

from django.core.management.base import BaseCommand, CommandError

from search.backends import elasticsearch_available
from search.maintenance import rebuild_database_index, repair


class Command(BaseCommand):
    help = "Rebuild the search index (database, and Elasticsearch behind its alias when configured)."

    def add_arguments(self, parser):
        parser.add_argument("--database-only", action="store_true", help="Skip Elasticsearch.")
        parser.add_argument("--elasticsearch-only", action="store_true", help="Skip the database index.")

    def handle(self, *args, **options):
        from django.conf import settings

        if not options["elasticsearch_only"]:
            count = rebuild_database_index()
            report = repair()
            self.stdout.write(f"database index: {count} objects indexed; removed {report['removed']} stale")
        if options["database_only"]:
            return
        if not settings.ELASTICSEARCH_URL:
            self.stdout.write("Elasticsearch not configured (ELASTICSEARCH_URL): database backend only")
            return
        if not elasticsearch_available(timeout=3):
            raise CommandError(f"Elasticsearch at {settings.ELASTICSEARCH_URL} is unreachable")
        from search.elastic import ElasticsearchBackend

        result = ElasticsearchBackend().reindex()
        self.stdout.write(f"elasticsearch: {result['documents']} documents in {result['index']}; "
                          f"alias swapped from {result['replaced'] or 'nothing'}")
