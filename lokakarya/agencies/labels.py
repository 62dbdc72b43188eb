"""Agency kinds as people read them, in the user's language (forms, lists, filters, exports)."""
from flask_babel import lazy_gettext as _l


def kind_labels() -> dict[str, str]:
    return {
        "dukcapil": _l("Dinas Dukcapil"),
        "dpmptsp": _l("DPMPTSP"),
        "setda": _l("Sekretariat Daerah / Biro Organisasi"),
        "ministry": _l("Kementerian / lembaga pusat"),
        "other": _l("Lainnya"),
    }
