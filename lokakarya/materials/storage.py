"""Materials' files in the shared upload storage (area "materials")."""
from functools import partial

from lokakarya.core import storage

AREA = "materials"
existing = partial(storage.existing, AREA)
save = partial(storage.save, AREA)
remove = partial(storage.remove, AREA)
