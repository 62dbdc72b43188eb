from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.extensions import db
from lokakarya.regions.models import Province, Regency
from lokakarya.timeutil import UTCDateTime, now_utc

AGENCY_KINDS = ("dukcapil", "dpmptsp", "setda", "ministry", "other")


class Agency(db.Model):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # one of AGENCY_KINDS
    # Central bodies (kind "ministry") have no province.
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"), index=True)
    regency_code: Mapped[str | None] = mapped_column(ForeignKey("regencies.code"))
    # Agencies filed by registrants ("my agency is not listed") wait for an organiser.
    approved: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    province: Mapped[Province | None] = relationship()
    regency: Mapped[Regency | None] = relationship()

    def __repr__(self) -> str:
        return f"<Agency {self.id} {self.name}>"
