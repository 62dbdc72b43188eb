from flask.cli import AppGroup

reminders_cli = AppGroup("reminders", help="Session reminders.")
