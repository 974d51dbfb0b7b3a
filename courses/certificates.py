"""Certificate PDFs (reportlab) with a QR code (segno) pointing at the public verification page.
Vietnamese needs a TrueType font with its diacritics: DejaVu Sans (Debian fonts-dejavu-core);
reportlab's built-in Helvetica cannot draw "ữ" or "ệ"."""

import io
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

FONT_PATH = os.environ.get("CERTIFICATE_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD_PATH = os.environ.get("CERTIFICATE_FONT_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def font_available() -> bool:
    return os.path.exists(FONT_PATH)


def _register_fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "HVS" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("HVS", FONT_PATH))
        bold = FONT_BOLD_PATH if os.path.exists(FONT_BOLD_PATH) else FONT_PATH
        pdfmetrics.registerFont(TTFont("HVS-Bold", bold))
    return "HVS", "HVS-Bold"


def verification_url(certificate) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + certificate.get_absolute_url()


def pdf_bytes(certificate) -> bytes:
    import segno
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    regular, bold = _register_fonts()
    url = verification_url(certificate)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Giấy chứng nhận {certificate.code}")
    pdf.setAuthor(settings.WAGTAIL_SITE_NAME)
    pdf.setStrokeColorRGB(0.05, 0.3, 0.55)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    with override("vi"):
        centre = width / 2
        pdf.setFont(bold, 16)
        pdf.drawCentredString(centre, height - 35 * mm, settings.WAGTAIL_SITE_NAME.upper())
        pdf.setFont(bold, 30)
        pdf.drawCentredString(centre, height - 60 * mm, _("GIẤY CHỨNG NHẬN"))
        pdf.setFont(regular, 15)
        pdf.drawCentredString(centre, height - 78 * mm, _("Chứng nhận"))
        pdf.setFont(bold, 26)
        pdf.drawCentredString(centre, height - 95 * mm, certificate.learner_name)
        pdf.setFont(regular, 15)
        pdf.drawCentredString(centre, height - 112 * mm, _("đã hoàn thành khóa học"))
        pdf.setFont(bold, 20)
        pdf.drawCentredString(centre, height - 127 * mm, certificate.course_title[:80])
        issued = timezone.localtime(certificate.issued_at).date()
        pdf.setFont(regular, 13)
        pdf.drawCentredString(centre, height - 145 * mm, _("Ngày cấp: %(date)s") % {"date": issued.strftime("%d/%m/%Y")})
        pdf.setFont(regular, 10)
        pdf.drawString(20 * mm, 26 * mm, _("Mã chứng nhận: %(code)s") % {"code": certificate.code})
        pdf.drawString(20 * mm, 20 * mm, _("Kiểm tra tại: %(url)s") % {"url": url})
    qr = segno.make(url, error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=6, border=2)
    png.seek(0)
    size = 38 * mm
    pdf.drawImage(ImageReader(png), width - 20 * mm - size, 18 * mm, size, size)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render_pdf(certificate):
    data = pdf_bytes(certificate)
    certificate.pdf.save(f"chung-nhan-{certificate.code}.pdf", ContentFile(data), save=False)
    type(certificate).objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return certificate

