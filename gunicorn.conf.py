"""gunicorn settings for sendit: `gunicorn -c gunicorn.conf.py sendit.wsgi:application`.

Everything can be changed from the environment (docker-compose.yml sets
what differs on a server).

The proxy question: Caddy terminates TLS and tells us the original scheme in
X-Forwarded-Proto. gunicorn believes that header only from the addresses in
FORWARDED_ALLOW_IPS (the Caddy container's fixed address in
docker-compose.yml; loopback by default for a proxy on the same host) and
then sets wsgi.url_scheme to https, which is what Django's
request.is_secure() reads. From any other peer the header is ignored, so a
client that reaches gunicorn directly cannot pretend to be on https.
"""

from __future__ import annotations

import os

wsgi_app = "sendit.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then (WeasyPrint and imports grow memory).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Only the header Caddy sets; not X-Forwarded-Ssl or X-Forwarded-Protocol.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client's address as Caddy saw it; the path without its query (search
# words can name a pupil).
access_log_format = '%({x-forwarded-for}i)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
