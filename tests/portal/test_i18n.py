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
