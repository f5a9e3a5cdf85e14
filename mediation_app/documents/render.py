"""The one place that calls WeasyPrint.

Templates under ``document_templates/`` get a dict of plain values (never ORM
objects) and are autoescaped, so text from the parties stays text. The URL
fetcher serves only the files in ``document_templates/assets`` under the
``asset:`` scheme and refuses everything else: ``file:``, network, data URLs.
"""

import logging
import mimetypes
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "document_templates"
ASSET_ROOT = TEMPLATE_ROOT / "assets"
ASSET_SCHEME = "asset:"
PDF_VARIANT = "pdf/a-3u"

log = logging.getLogger(__name__)

_jinja = Environment(
    loader=FileSystemLoader(TEMPLATE_ROOT),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

# Building the font configuration scans fontconfig; one per process is enough.
_font_config = FontConfiguration()


class RefusedResource(ValueError):
    pass


class AssetFetcher(URLFetcher):
    """Serves ``asset:<name>`` from the templates' asset folder, nothing else."""

    def fetch(self, url, headers=None):
        if not url.startswith(ASSET_SCHEME):
            log.warning("refused resource in a document: %r", url[:200])
            raise RefusedResource("only the application's own assets may be loaded")
        name = url.removeprefix(ASSET_SCHEME)
        path = (ASSET_ROOT / name).resolve()
        if path.parent != ASSET_ROOT or not path.is_file():
            raise RefusedResource(f"unknown asset {name!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})


_fetcher = AssetFetcher()


def render_html(kind: str, context: dict) -> str:
    return _jinja.get_template(f"{kind}/{kind}.html").render(**context)


def html_to_pdf(html: str) -> bytes:
    """HTML to a PDF/A-3u document with the shared fonts and fetcher."""
    document = HTML(string=html, url_fetcher=_fetcher)
    return document.write_pdf(font_config=_font_config, pdf_variant=PDF_VARIANT)


def render_pdf(kind: str, context: dict) -> bytes:
    return html_to_pdf(render_html(kind, context))


def template_version(kind: str) -> str:
    """Recorded with each document so a later reader knows which wording it used."""
    return (TEMPLATE_ROOT / kind / "VERSION").read_text().strip()
