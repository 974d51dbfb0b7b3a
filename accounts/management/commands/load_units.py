import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.units import UnitFileError, load_units, parse_units

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEFAULT_FILE = DATA_DIR / "dongnai_units.csv"
NATIONAL_FILE = DATA_DIR / "vn_units_2025-07-01.csv"


class Command(BaseCommand):
    help = (
        "Nạp đơn vị hành chính cấp xã từ CSV. Mặc định: 95 xã, phường của Đồng Nai (từ 30/4/2026). "
        "Với --national, nạp một tỉnh (hoặc cả nước) từ danh mục 34 tỉnh, thành."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="CSV code,name,kind hoặc province_code,province_name,code,name,kind")
        parser.add_argument("--national", action="store_true", help="dùng danh mục toàn quốc kèm theo")
        parser.add_argument("--province", help="chỉ nạp tỉnh có mã này (2 chữ số) từ tệp toàn quốc; 'all' cho cả nước")
        parser.add_argument("--province-code", default="75", help="mã tỉnh cho tệp code,name,kind (mặc định 75)")
        parser.add_argument("--province-name", default="Thành phố Đồng Nai")
        parser.add_argument("--effective", type=dt.date.fromisoformat, default=None,
                            help="ngày dữ liệu có hiệu lực, YYYY-MM-DD (mặc định: 2026-04-30 cho tệp mặc định)")

    def handle(self, *args, **options):
        path = options["file"] or (NATIONAL_FILE if options["national"] else DEFAULT_FILE)
        effective = options["effective"]
        if effective is None and path == DEFAULT_FILE:
            effective = dt.date(2026, 4, 30)
        if effective is None and path == NATIONAL_FILE:
            effective = dt.date(2025, 7, 1)
        only = options["province"]
        if path == NATIONAL_FILE and not only:
            only = settings.PROVINCE_CODE
        if only == "all":
            only = None
        try:
            with open(path, encoding="utf-8-sig", newline="") as stream:
                rows = parse_units(
                    stream, province_code=options["province_code"],
                    province_name=options["province_name"], only_province=only,
                )
        except FileNotFoundError:
            raise CommandError(f"Không tìm thấy tệp {path}") from None
        except UnicodeDecodeError:
            raise CommandError(f"Tệp {path} không phải UTF-8.") from None
        except UnitFileError as error:
            raise CommandError("Không nạp gì cả vì tệp có lỗi:\n" + "\n".join(error.problems)) from None
        result = load_units(rows, effective=effective)
        self.stdout.write(
            f"Đã nạp {len(rows)} đơn vị từ {path.name}: {result.created} mới, "
            f"{result.updated} thay đổi, {result.unchanged} giữ nguyên."
        )
