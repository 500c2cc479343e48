# presidio-pdf service image: gunicorn + UvicornWorker, GiNZA model installed at build time.
# Build: docker build -t presidio-pdf .   Run: docker run -p 8000:8000 -v pdfdata:/data presidio-pdf
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# Dependencies first (pinned by the lock), so code edits do not reinstall them. ja-ginza is a
# regular dependency: the model ships inside the wheel, nothing is downloaded at run time.
COPY pyproject.toml constraints.txt README.md ./
COPY service ./service
RUN pip install -c constraints.txt .

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PRESIDIO_PDF_HOST=0.0.0.0 \
    PRESIDIO_PDF_PORT=8000 \
    PRESIDIO_PDF_DATA_DIR=/data
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /data && chown app:app /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY gunicorn.conf.py ./
USER app
VOLUME ["/data"]
EXPOSE 8000
# Readiness (workers have loaded the model) rather than liveness: an instance that cannot
# scan yet should not receive traffic. start-period covers the model warm-up.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8000/readyz', timeout=2).status != 200)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
