"""The front server's example configuration stays in step with the app: the same
upload limit, and the same security headers on the refusals nginx makes itself
(checked on a real nginx where one is installed)."""

import ast
import http.client
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from mediation_app.web import CSP
from tests.notifications.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
NGINX = (ROOT / "deploy" / "nginx.conf.example").read_text()


def test_nginx_refuses_bodies_over_the_apps_upload_limit_and_no_smaller(app):
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", NGINX)[1])
    assert megabytes * 1024 * 1024 == app.config["MAX_CONTENT_LENGTH"]


SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}


@pytest.mark.parametrize(("header", "value"), SECURITY_HEADERS.items())
def test_nginx_adds_each_security_header_the_app_sets_to_its_own_refusals(header, value):
    variable = re.search(rf"add_header {header} \$(\w+) always;", NGINX)[1]
    upstream = "upstream_http_" + header.lower().replace("-", "_")
    assert re.search(rf'map \${upstream} \${variable} {{\s*"" "{re.escape(value)}";', NGINX), header


def test_gunicorn_bounds_requests_and_workers():
    # Read, not run: running it would switch this process's metrics to multiprocess mode.
    module = ast.parse((ROOT / "gunicorn.conf.py").read_text())
    settings = {
        node.targets[0].id: node.value.value
        for node in module.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
    }
    assert settings["limit_request_line"] <= 4094 and settings["limit_request_field_size"] <= 8190
    assert settings["limit_request_fields"] <= 100
    assert settings["graceful_timeout"] < settings["timeout"]
    nginx_read = int(re.search(r"proxy_read_timeout (\d+)s;", NGINX)[1])
    assert settings["timeout"] < nginx_read  # a slow request ends as gunicorn's, not a 504


@pytest.fixture
def nginx(tmp_path):
    """The example's HTTPS server run on a local port without TLS: (its port, the
    upstream's port, where nothing listens until a test serves there)."""
    executable = shutil.which("nginx")
    if executable is None:
        pytest.skip("nginx is not installed")
    port = free_port()
    server = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", NGINX, flags=re.DOTALL)
    server = re.sub(r"\n\s*ssl_certificate.*", "", server)
    server = server.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    upstream = free_port()
    server = server.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    temporary = " ".join(f"{kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy"))
    (tmp_path / "nginx.conf").write_text(
        f"daemon off; pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'};\n"
        f"events {{}}\nhttp {{ access_log off; {temporary}\n{server}\n}}\n"
    )
    with subprocess.Popen(  # noqa: S603  (the installed nginx, our configuration)
        [executable, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], stderr=subprocess.PIPE
    ) as process:
        try:
            for _attempt in range(100):
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode())
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield port, upstream
        finally:
            process.terminate()


def _ask(port, method, headers=None, path="/cases"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _security_headers(response) -> dict:
    return {name: response.msg.get_all(name) for name in SECURITY_HEADERS}


def test_nginx_refusals_carry_the_security_headers(nginx, app):
    port, _upstream = nginx
    too_large = {"Content-Length": str(app.config["MAX_CONTENT_LENGTH"] + 1)}
    for response, status in ((_ask(port, "GET"), 502), (_ask(port, "POST", too_large), 413)):
        assert response.status == status
        assert _security_headers(response) == {name: [value] for name, value in SECURITY_HEADERS.items()}


def test_the_apps_answers_pass_nginx_with_each_header_once(nginx, app, monkeypatch):
    port, upstream = nginx
    monkeypatch.setitem(app.config, "PRODUCTION", True)  # HSTS from the app, as behind this server
    server = make_server("127.0.0.1", upstream, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        response = _ask(port, "GET", path="/healthz")
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    assert response.status == 200
    assert _security_headers(response) == {name: [value] for name, value in SECURITY_HEADERS.items()}
