"""Database-specific search structures.

PostgreSQL: extensions unaccent and pg_trgm, a trigger that computes the weighted tsvector with the
'simple' configuration (never 'english': it drops Vietnamese syllables such as "an", "to", "so",
"do" as stop words) from the folded and the exact text, a GIN index on it, and trigram indexes for
typo lookup and suggestions.

SQLite: an FTS5 table over the folded columns (external content, kept by triggers). Folding is done
by us (search/text.py), so the tokenizer is told not to remove diacritics itself.

And the abbreviations the provincial plans use, as a starting list organisers can edit."""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
    BEGIN
      NEW.vector :=
        setweight(to_tsvector('simple', coalesce(NEW.folded_a, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(NEW.folded_b, '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(NEW.folded_c, '')), 'C') ||
        setweight(to_tsvector('simple', left(coalesce(NEW.folded_d, ''), 100000)), 'D') ||
        setweight(to_tsvector('simple', lower(coalesce(NEW.text_a, ''))), 'A') ||
        setweight(to_tsvector('simple', lower(coalesce(NEW.text_b, ''))), 'B');
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER search_document_vector_update BEFORE INSERT OR UPDATE
    ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_document_vector()
    """,
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_document_title_trgm ON search_searchdocument USING gin (folded_a gin_trgm_ops)",
    "CREATE INDEX search_vocabulary_word_trgm ON search_vocabulary USING gin (word gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_vocabulary_word_trgm",
    "DROP INDEX IF EXISTS search_document_title_trgm",
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "DROP TRIGGER IF EXISTS search_document_vector_update ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_document_vector()",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
      folded_a, folded_b, folded_c, folded_d,
      content='search_searchdocument', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
      INSERT INTO search_fts(rowid, folded_a, folded_b, folded_c, folded_d)
      VALUES (new.id, new.folded_a, new.folded_b, new.folded_c, new.folded_d);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
      INSERT INTO search_fts(search_fts, rowid, folded_a, folded_b, folded_c, folded_d)
      VALUES ('delete', old.id, old.folded_a, old.folded_b, old.folded_c, old.folded_d);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
      INSERT INTO search_fts(search_fts, rowid, folded_a, folded_b, folded_c, folded_d)
      VALUES ('delete', old.id, old.folded_a, old.folded_b, old.folded_c, old.folded_d);
      INSERT INTO search_fts(rowid, folded_a, folded_b, folded_c, folded_d)
      VALUES (new.id, new.folded_a, new.folded_b, new.folded_c, new.folded_d);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def forward(apps, schema_editor):
    statements = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


SYNONYMS = [
    ("CĐS, chuyển đổi số", False, "Chuyển đổi số"),
    ("DVC, dịch vụ công", False, "Dịch vụ công"),
    ("DVCTT, dịch vụ công trực tuyến", False, ""),
    ("AI, trí tuệ nhân tạo", True, "Chỉ mở rộng khi gõ AI viết hoa: “ai” là đại từ."),
    ("VNeID, định danh điện tử, ứng dụng định danh", False, ""),
    ("ATTT, an toàn thông tin", False, ""),
    ("ANM, an ninh mạng", False, ""),
    ("TTKDTM, thanh toán không dùng tiền mặt", False, ""),
    ("CNSCĐ, CNSCD, công nghệ số cộng đồng, tổ công nghệ số cộng đồng", False, "Tổ công nghệ số cộng đồng"),
    ("BDHVS, bình dân học vụ số", False, ""),
    ("CCCD, căn cước công dân, căn cước", False, ""),
    ("KNS, kỹ năng số", False, ""),
    ("TMĐT, thương mại điện tử", False, ""),
    ("CPĐT, chính phủ điện tử", False, ""),
    ("CQĐT, chính quyền điện tử", False, ""),
    ("UBND, ủy ban nhân dân, uỷ ban nhân dân", False, ""),
    ("KH&CN, KHCN, khoa học và công nghệ, khoa học công nghệ", False, ""),
    ("điện thoại thông minh, smartphone", False, ""),
    ("mật khẩu, password", False, ""),
    ("lừa đảo, scam", False, ""),
    ("thư điện tử, email", False, ""),
]


def seed_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms, case_sensitive, note in SYNONYMS:
        Synonym.objects.get_or_create(terms=terms, defaults={"case_sensitive": case_sensitive, "note": note})


def unseed_synonyms(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=[t for t, _, _ in SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(seed_synonyms, unseed_synonyms),
    ]
