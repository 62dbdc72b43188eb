from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="Personal data (UU 27/2022).")
