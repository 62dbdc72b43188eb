"""Materials' files in the shared upload storage (area "materials")."""
from functools import partial

from lokakarya.core import storage

AREA = "materials"
path_for = partial(storage.path_for, AREA)
save = partial(storage.save, AREA)
remove = partial(storage.remove, AREA)
