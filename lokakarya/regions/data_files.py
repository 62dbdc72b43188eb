"""Read the shipped idn-area-data CSVs into plain rows (used by the data migration)."""
import csv
from pathlib import Path

from lokakarya.regions.zones import province_timezone

DATA_DIR = Path(__file__).parent / "data"


def province_rows() -> list[dict]:
    with (DATA_DIR / "provinces.csv").open(encoding="utf-8") as fh:
        return [
            {"code": r["code"], "name": r["name"], "timezone": province_timezone(r["code"])}
            for r in csv.DictReader(fh)
        ]


def regency_rows() -> list[dict]:
    with (DATA_DIR / "regencies.csv").open(encoding="utf-8") as fh:
        return [
            {
                "code": r["code"],
                "province_code": r["province_code"],
                "name": r["name"],
                "kind": "kota" if r["name"].startswith("Kota ") else "kabupaten",
            }
            for r in csv.DictReader(fh)
        ]
