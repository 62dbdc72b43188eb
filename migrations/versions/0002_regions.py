"""Load the 38 provinces and 514 regencies (idn-area-data 4.0.1, ODbL) with their zones.

Revision ID: 0002_regions
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

from lokakarya.regions.data_files import province_rows, regency_rows

revision = "0002_regions"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

provinces = sa.table("provinces", sa.column("code"), sa.column("name"), sa.column("timezone"))
regencies = sa.table(
    "regencies", sa.column("code"), sa.column("province_code"), sa.column("name"), sa.column("kind")
)


def upgrade():
    op.bulk_insert(provinces, province_rows())
    op.bulk_insert(regencies, regency_rows())


def downgrade():
    op.execute(regencies.delete())
    op.execute(provinces.delete())
