"""The WSGI entry point for a production server: `waitress-serve wsgi:app` (or gunicorn, mod_wsgi)."""

from procurement.app import create_app

app = create_app()
