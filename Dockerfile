FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY icp ./icp
COPY signals ./signals
COPY workers ./workers
COPY inmarket ./inmarket
RUN pip install --no-cache-dir .
WORKDIR /data
ENTRYPOINT ["inmarket"]
CMD ["run"]
