# Kraftsamla's app image: one Streamlit process per container (run several behind deploy/nginx; see
# deploy/compose.yaml and the README's "Drift" section).
#
#   docker build -t kraftsamla-app .
#   docker run -p 8501:8501 -e KRAFTSAMLA_DATABASE_URL=postgresql+psycopg://... \
#              -v /srv/kraftsamla/packages:/packages:ro -e KRAFTSAMLA_DATA=/packages/malmo kraftsamla-app
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The geo stack's wheels (shapely, pyproj, pyogrio) carry GEOS, PROJ and GDAL: no system libraries.
WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

RUN groupadd --system kraftsamla \
    && useradd --system --gid kraftsamla --home-dir /app --no-create-home --shell /usr/sbin/nologin kraftsamla
COPY . .
# The code stays root's and read-only to the app; it writes only the web-map geometry cache (rebuilt on
# demand, see ui/loaders.web_geometry_file) and, without PostgreSQL, the local SQLite file.
RUN mkdir -p static/cache data/local \
    && chown kraftsamla:kraftsamla static/cache data/local
USER kraftsamla

EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", \
     "--server.headless=true", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]
