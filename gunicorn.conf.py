"""gunicorn reads this file from the directory it is started in (command-line options win)."""


def when_ready(server):
    from lokakarya.config import unshared_limits_warning

    warning = unshared_limits_warning(server.cfg.workers)
    if warning:
        server.log.warning(warning)
