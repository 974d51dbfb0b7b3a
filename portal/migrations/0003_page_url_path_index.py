from django.db import migrations


class Migration(migrations.Migration):
    """HomePage.route looks pages up by url_path; Wagtail does not index that column."""

    dependencies = [("portal", "0002_footer"), ("wagtailcore", "0098_apitoken")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS portal_page_url_path_idx ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS portal_page_url_path_idx",
        )
    ]
