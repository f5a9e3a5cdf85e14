"""The one place that calls WeasyPrint.

Templates under ``document_templates/`` get a dict of plain values (never ORM
objects) and are autoescaped, so text from the parties stays text. The URL
fetcher serves only the files in ``document_templates/assets`` under the
``asset:`` scheme, plus the images handed to one render under ``image:``
(signatures and seals), and refuses everything else: ``file:``, network, data URLs.

Every PDF leaves here signed by the centre that issues it (``centre_signature``), after
layout and before anyone hashes or stores it, so the recorded SHA-256 is that of the
final file.

Layout runs in a separate worker process so that it can be bounded in time: a
document that does not finish within the limit is abandoned (the worker is
killed and replaced) and the caller's transaction fails cleanly. The worker
keeps one font configuration for all its renders.
"""

import atexit
import itertools
import logging
import mimetypes
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint.urls import URLFetcher, URLFetcherResponse

if TYPE_CHECKING:  # the layout workers run this module and never sign
    from mediation_app.documents.centre_signature import DocumentSigner

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "document_templates"
ASSET_ROOT = TEMPLATE_ROOT / "assets"
ASSET_SCHEME = "asset:"
IMAGE_SCHEME = "image:"
PDF_VARIANT = "pdf/a-3u"
STYLESHEET = "base.css"  # applied to every document by the renderer
DEFAULT_TIMEOUT = 30.0  # seconds (the app passes DOCUMENT_RENDER_TIMEOUT)

log = logging.getLogger(__name__)

_jinja = Environment(
    loader=FileSystemLoader(TEMPLATE_ROOT),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class RefusedResource(ValueError):
    pass


class RenderTimeout(RuntimeError):
    pass


class AssetFetcher(URLFetcher):
    """Serves ``asset:<name>`` from the templates' asset folder and ``image:<name>``
    from the images given to this render; nothing else."""

    def __init__(self, images: dict[str, bytes] | None = None):
        super().__init__()
        self.images = images or {}

    def fetch(self, url, headers=None):
        if url.startswith(IMAGE_SCHEME) and url.removeprefix(IMAGE_SCHEME) in self.images:
            content = self.images[url.removeprefix(IMAGE_SCHEME)]
            return URLFetcherResponse(url, content, headers={"Content-Type": "image/png"})
        if not url.startswith(ASSET_SCHEME):
            log.warning("refused resource in a document: %r", url[:200])
            raise RefusedResource("only the application's own assets may be loaded")
        name = url.removeprefix(ASSET_SCHEME)
        path = (ASSET_ROOT / name).resolve()
        if path.parent != ASSET_ROOT or not path.is_file():
            raise RefusedResource(f"unknown asset {name!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})


class Layout:
    """HTML to PDF/A-3u with the restricted fetcher, the shared stylesheet
    (``assets/base.css``, parsed once) and one font configuration (a fontconfig scan)."""

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.stylesheet = CSS(filename=str(ASSET_ROOT / STYLESHEET), font_config=self.font_config)

    def __call__(self, html: str, images: dict[str, bytes] | None = None) -> bytes:
        from weasyprint import HTML

        document = HTML(string=html, url_fetcher=AssetFetcher(images))
        return document.write_pdf(
            stylesheets=[self.stylesheet], font_config=self.font_config, pdf_variant=PDF_VARIANT
        )


def _serve(connection) -> None:
    """The worker's loop: one :class:`Layout` for every render."""
    layout = Layout()
    while True:
        try:
            html, images = connection.recv()
        except EOFError:
            return
        try:
            connection.send((layout(html, images), None))
        except Exception as error:
            connection.send((None, f"{type(error).__name__}: {error}"))


class _Worker:
    """One rendering process, started on first use and replaced after a timeout.
    It renders one document at a time; time spent waiting for it counts towards the limit."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None
        self._connection = None

    def _start(self) -> None:
        # A fresh interpreter (never a fork of a threaded server) talking over a socket pair.
        self._connection, child = Pipe()
        argv = [sys.executable, "-m", __name__, str(child.fileno())]  # fixed: this interpreter, this module
        self._process = subprocess.Popen(argv, pass_fds=[child.fileno()])  # noqa: S603
        child.close()

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._connection.close()
        self._process = self._connection = None

    def render(self, html: str, images: dict[str, bytes] | None, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        if not self._lock.acquire(timeout=timeout):
            raise RenderTimeout("the renderer stayed busy for the whole time limit")
        try:
            if self._process is None or self._process.poll() is not None:
                self._start()
            self._connection.send((html, images or {}))
            if not self._connection.poll(max(0.0, deadline - time.monotonic())):
                log.error("document rendering exceeded %.1fs; renderer restarted", timeout)
                self.stop()
                raise RenderTimeout(f"rendering took longer than {timeout:.1f}s")
            pdf, error = self._connection.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            self.stop()
            raise
        finally:
            self._lock.release()
        if error:
            raise RuntimeError(f"document rendering failed: {error}")
        return pdf


class _Pool:
    """A few workers, so that the documents of one action (acceptance issues two) lay
    out side by side on separate cores; WeasyPrint is CPU-bound and single-threaded."""

    def __init__(self, size: int):
        self._workers = [_Worker() for _ in range(size)]
        self._threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="pdf-dispatch")
        self._next = itertools.count()

    def render_many(self, jobs: list[tuple[str, dict | None]], timeout: float) -> list[bytes]:
        start = next(self._next)  # spread concurrent callers over the workers
        workers = [self._workers[(start + i) % len(self._workers)] for i in range(len(jobs))]
        if len(jobs) == 1:
            return [workers[0].render(*jobs[0], timeout)]
        futures = [
            self._threads.submit(w.render, *job, timeout) for w, job in zip(workers, jobs, strict=True)
        ]
        return [future.result() for future in futures]

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()


RENDERERS = min(2, os.cpu_count() or 1)
_pool = _Pool(RENDERERS)
atexit.register(_pool.close)  # end the renderer processes with this one, not after it


def render_html(kind: str, context: dict) -> str:
    return _jinja.get_template(f"{kind}/{kind}.html").render(**context)


def lay_out(html: str, images: dict[str, bytes] | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF/A of ``html`` before it is signed (what the benchmarks time against bare
    WeasyPrint); :class:`RenderTimeout` past ``timeout`` seconds."""
    return _pool.render_many([(html, images)], timeout)[0]


def html_to_pdf(
    html: str,
    images: dict[str, bytes] | None = None,
    *,
    signer: "DocumentSigner",
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """Lay out ``html`` in a worker and sign it with ``signer``."""
    return signer.sign(lay_out(html, images, timeout=timeout))


def render_many(
    jobs: list[tuple[str, dict, dict | None]], *, signer: "DocumentSigner", timeout: float = DEFAULT_TIMEOUT
) -> list[bytes]:
    """Several (template, values, images) at once, laid out in parallel within ``timeout``,
    each signed with ``signer``."""
    pages = [(render_html(kind, values), images) for kind, values, images in jobs]
    return [signer.sign(pdf) for pdf in _pool.render_many(pages, timeout)]


def render_pdf(
    kind: str,
    context: dict,
    images: dict[str, bytes] | None = None,
    *,
    signer: "DocumentSigner",
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    return render_many([(kind, context, images)], signer=signer, timeout=timeout)[0]


def template_version(kind: str) -> str:
    """Recorded with each document so a later reader knows which wording it used."""
    return (TEMPLATE_ROOT / kind / "VERSION").read_text().strip()


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1])))
