"""Reading a rendered PDF back, as the tests check what it says."""

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """The PDF's text without whitespace (titles are letter-spaced, lines wrap anywhere)."""
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
