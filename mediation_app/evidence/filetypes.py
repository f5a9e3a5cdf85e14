"""What an uploaded file really is, judged by its content (magic bytes), not its name."""

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    names: tuple[str, ...]  # extensions a file of this type may carry


PDF = FileType(".pdf", "application/pdf", (".pdf",))
PNG = FileType(".png", "image/png", (".png",))
JPEG = FileType(".jpg", "image/jpeg", (".jpg", ".jpeg"))
DOCX = FileType(
    ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = FileType(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
# Word 97-2003 and Excel 97-2003 share the OLE2 container; the name tells them apart.
OLE2 = FileType(".doc", "application/octet-stream", (".doc", ".xls"))

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _office_open_xml(content: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def detect(content: bytes) -> FileType | None:
    """The accepted type of ``content``, or ``None`` for anything else (HTML, scripts, …)."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(_OLE2_MAGIC):
        return OLE2
    if content.startswith(b"PK\x03\x04"):
        return _office_open_xml(content)
    return None
