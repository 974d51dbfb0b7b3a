import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def test_vietnamese_is_the_default_and_source_language_and_english_is_on():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES][:2] == ["vi", "en"]
    assert settings.WAGTAIL_I18N_ENABLED


def test_vietnamese_urls_are_unprefixed_and_english_prefixed():
    with translation.override("vi"):
        assert reverse("accounts:login") == "/tai-khoan/dang-nhap/"
    with translation.override("en"):
        assert reverse("accounts:login") == "/en/tai-khoan/dang-nhap/"


@pytest.mark.django_db
def test_interface_strings_follow_the_url_language(client):
    assert "Đăng nhập" in client.get("/tai-khoan/dang-nhap/").content.decode()
    english = client.get("/en/tai-khoan/dang-nhap/").content.decode()
    assert 'lang="en"' in english
    assert "Log in" in english and "Skip to main content" in english


def test_a_custom_language_code_can_be_added_by_setting(tmp_path):
    import polib

    catalogue = tmp_path / "cmo" / "LC_MESSAGES"
    catalogue.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "cmo"}
    po.append(polib.POEntry(msgid="Đăng nhập", msgstr="Lăp"))
    po.save_as_mofile(str(catalogue / "django.mo"))
    code = (
        "import django; django.setup(); from django.utils import translation; from django.urls import reverse;"
        "from django.utils.translation import get_supported_language_variant as v;"
        "print(v('cmo'));"
        "translation.activate('cmo'); print(reverse('accounts:login'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.local",
           "CONTENT_LANGUAGES": "vi,en,cmo", "LANGUAGE_NAMES": "cmo:Bhnông", "EXTRA_LOCALE_PATHS": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["cmo", "/cmo/tai-khoan/dang-nhap/"]


def test_every_english_catalogue_entry_is_translated():
    import polib

    catalogues = list(ROOT.glob("locale/en/LC_MESSAGES/*.po")) + list(ROOT.glob("*/locale/en/LC_MESSAGES/*.po"))
    assert catalogues, "no English catalogue"
    for path in catalogues:
        po = polib.pofile(str(path))
        missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        assert not missing, f"{path.relative_to(ROOT)}: {len(missing)} untranslated, e.g. {missing[:5]}"


def _source_strings():
    """Literal gettext strings of our own code and templates, as makemessages would extract them
    (there is no GNU gettext on the machines, so a careful regex stands in for xgettext)."""
    import re

    python_call = re.compile(r"""\b(?:_|gettext|gettext_lazy|pgettext_lazy|pgettext)\(\s*(?:(["'])[^"']*\1\s*,\s*)?"""
                             r"""(?P<q>["'])(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""")
    trans_tag = re.compile(r"""{%\s*trans(?:late)?\s+(?P<q>["'])(?P<s>.*?)(?P=q)""")
    block = re.compile(r"{%\s*blocktrans(?:late)?(?P<args>[^%]*)%}(?P<s>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)
    variable = re.compile(r"{{\s*(\w+)\s*}}")
    own = [p for p in ROOT.iterdir() if p.is_dir() and (p / "apps.py").exists()] + [ROOT / "templates"]
    found = {}
    for folder in own:
        for path in folder.rglob("*"):
            if "migrations" in path.parts or path.suffix not in (".py", ".html", ".txt"):
                continue
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".py":
                for m in python_call.finditer(text):
                    found[m["s"].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")] = path
                continue
            for m in trans_tag.finditer(text):
                found[m["s"]] = path
            for m in block.finditer(text):
                if "count" in m["args"].split() or "{% plural" in m["s"] or "context" in m["args"].split():
                    continue
                s = m["s"]
                if "trimmed" in m["args"].split():
                    s = " ".join(line.strip() for line in s.strip().splitlines() if line.strip())
                found[variable.sub(r"%(\1)s", s.replace("%", "%%"))] = path
    return found


def test_every_source_string_has_an_english_translation():
    import polib

    translated = set()
    for path in list(ROOT.glob("locale/en/LC_MESSAGES/django.po")) + list(ROOT.glob("*/locale/en/LC_MESSAGES/django.po")):
        translated |= {e.msgid for e in polib.pofile(str(path)) if e.msgstr}
    missing = {s: str(p.relative_to(ROOT)) for s, p in _source_strings().items() if s and s not in translated}
    assert not missing, f"{len(missing)} strings have no English translation, e.g. {list(missing.items())[:8]}"
