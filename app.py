"""Entry point for `flask`, gunicorn (`gunicorn app:app`) and `flask db …`."""
from lokakarya import create_app

app = create_app()
