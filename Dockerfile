FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir . \
 && SECRET_KEY=build-only-collectstatic-key DEBUG=false python manage.py collectstatic --noinput
RUN useradd --create-home sendit && mkdir -p /data/media && chown sendit /data/media
USER sendit
EXPOSE 8000
