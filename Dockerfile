# Production image: gunicorn serving the portal, static files via whitenoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PORT=8000

RUN useradd --create-home --uid 1000 portal
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=portal:portal . .

# Build-time only values so that the settings load; the real ones come from the environment.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build.invalid python manage.py compile_translations \
 && SECRET_KEY=build-only ALLOWED_HOSTS=build.invalid python manage.py collectstatic --noinput

# Mount points of the file volumes, owned by the app user (a new volume takes this owner).
RUN mkdir -p /app/media /app/private_media && chown portal:portal /app/media /app/private_media

USER portal
EXPOSE 8000
CMD ["sh", "-c", "gunicorn portal.wsgi:application --bind 0.0.0.0:${PORT} --workers ${GUNICORN_WORKERS:-3} --access-logfile - --error-logfile -"]
