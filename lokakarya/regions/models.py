from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.extensions import db


class Province(db.Model):
    __tablename__ = "provinces"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)  # Kemendagri code, "17"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    timezone: Mapped[str] = mapped_column(String(40))  # IANA zone

    regencies: Mapped[list["Regency"]] = relationship(
        back_populates="province", order_by="Regency.code"
    )

    def __repr__(self) -> str:
        return f"<Province {self.code} {self.name}>"


class Regency(db.Model):
    """Kabupaten or kota."""

    __tablename__ = "regencies"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)  # "17.71"
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))  # "kabupaten" or "kota"

    province: Mapped[Province] = relationship(back_populates="regencies")
