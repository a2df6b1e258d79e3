FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# PDF rendering (WeasyPrint) and pg_dump/pg_restore for `manage.py backup`
# (Debian 12's postgresql-client is 15, the server's version).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core fonts-liberation postgresql-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# Static files are built here with DEBUG off, as production serves them:
# hashed names and compressed copies (whitenoise's manifest storage).
RUN pip install --no-cache-dir . \
 && SECRET_KEY=build-only-collectstatic-key DEBUG=false python manage.py collectstatic --noinput
RUN useradd --create-home sendit \
 && mkdir -p /data/media /data/backups \
 && chown sendit /data/media /data/backups \
 && chmod 700 /data/backups
USER sendit
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
