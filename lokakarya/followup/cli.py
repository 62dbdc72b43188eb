from flask.cli import AppGroup

followup_cli = AppGroup("followup", help="Follow-up of issues and commitments.")
