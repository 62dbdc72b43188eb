"""Forms every feature uses."""
from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button only (cancel, delete, toggle, send): the CSRF token is the point."""
