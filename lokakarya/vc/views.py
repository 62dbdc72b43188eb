"""The vc feature's pages and callbacks: the app registers `bp` from here. Each view module
imports bp from vc/blueprint.py (add a provider's callbacks, e.g. bbb_views, to this list)."""
from lokakarya.vc import bbb_views, meeting_views, webhook_views  # noqa: F401  (routes on bp)
from lokakarya.vc.blueprint import bp

__all__ = ["bp"]
