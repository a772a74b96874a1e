import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from app.main import create_app


@pytest.fixture()
def service():
    logs = io.StringIO()
    app = create_app(service="under-test", version="test", environment="test", log_stream=logs)

    @app.get("/boom")
    async def boom() -> dict:
        raise RuntimeError("exploded")

    with TestClient(app) as client:
        yield client, logs, app


def log_lines(logs: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in logs.getvalue().splitlines()]


def sample(text: str, name: str, **labels: str) -> float | None:
    """Value of the series `name` whose labels include all of `labels`, in any order."""
    for line in text.splitlines():
        match = re.match(r"^([a-z_:]+)\{(.*)\} (\S+)$", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(match.group(3))
    return None


def test_healthz(service):
    client, _, _ = service
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_503_until_ready(service):
    client, _, app = service
    assert client.get("/readyz").status_code == 200
    app.state.ready = False
    assert client.get("/readyz").status_code == 503


def test_request_id_and_trace_id_are_logged(service):
    client, logs, _ = service
    response = client.get(
        "/",
        headers={
            "x-request-id": "abc-123",
            "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        },
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "abc-123"
    line = next(line for line in log_lines(logs) if line.get("requestId") == "abc-123")
    assert line["level"] == "info"
    assert line["route"] == "/"
    assert line["status"] == 200
    assert line["traceId"] == "0af7651916cd43dd8448eb211c80319c"


def test_unusable_request_id_is_replaced(service):
    client, _, _ = service
    response = client.get("/", headers={"x-request-id": "bad id with spaces"})
    assert re.fullmatch(r"[0-9a-f-]{36}", response.headers["x-request-id"])


def test_handler_error_is_a_500_without_details(service):
    client, logs, _ = service
    response = client.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"] == "internal error"
    assert any(line["level"] == "error" and line["error"] == "exploded" for line in log_lines(logs))


def test_metrics(service):
    client, _, _ = service
    client.get("/")
    client.get("/no/such/path")
    client.get("/boom")
    text = client.get("/metrics").text
    ok = {"service": "under-test", "method": "GET", "route": "/"}
    assert sample(text, "http_requests_total", **ok, status_code="200") >= 1
    assert sample(text, "http_requests_total", route="unmatched", status_code="404") == 1
    assert sample(text, "http_request_errors_total", route="/boom", service="under-test") == 1
    assert sample(text, "http_request_errors_total", route="/") is None
    assert sample(text, "http_request_duration_seconds_bucket", **ok, le="0.3") >= 1
    assert sample(text, "service_build_info", service="under-test", version="test") == 1
    assert sample(text, "process_cpu_seconds_total", service="under-test") is not None
    assert 'route="/healthz"' not in text
