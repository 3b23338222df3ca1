"""A Word file as its zip package, for writing revision marks into it (used by
:mod:`.tracked_docx`).

Only the main document part (``word/document.xml``) and the core properties
(``docProps/core.xml``) are parsed and written back; every other part — styles,
numbering, headers and footers, footnotes, images, settings, custom XML — is copied
from the new file as it is, byte for byte. The bytes are checked first by
:func:`consultkit.readers.files.check_docx_bytes` (empty, junk, encrypted, legacy .doc,
oversized parts are clear errors).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from pathlib import Path

from docx.oxml.parser import parse_xml
from lxml import etree

from ..errors import CorruptFileError, ExportError
from ..readers.files import check_docx_bytes, read_bytes, source_name

_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_NUMBERING = "/numbering"
_CORE = "/core-properties"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


def _rels(data: bytes, base: str) -> dict[str, str]:
    """Relationship type suffix -> part name, for a .rels part of a part in ``base``."""
    out = {}
    for rel in etree.fromstring(data).iter(_PKG_REL):
        if rel.get("TargetMode") == "External":
            continue
        kind = rel.get("Type", "")
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(base, target))
        out.setdefault(kind[kind.rfind("/"):], name)
    return out


class Package:
    """The parts of a .docx; :attr:`document` is the parsed main part (python-docx's
    element classes, so its helpers work on it)."""

    def __init__(self, source):
        self.name = source_name(source)
        data = read_bytes(source)
        check_docx_bytes(data, self.name)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            top = _rels(self.zip.read("_rels/.rels"), "")
            self.main = top[_OFFICE_DOCUMENT]
            self.core = top.get(_CORE)
            folder, leaf = posixpath.split(self.main)
            rels_name = posixpath.join(folder, "_rels", leaf + ".rels")
            names = set(self.zip.namelist())
            parts = _rels(self.zip.read(rels_name), folder) if rels_name in names else {}
            self.numbering_part = parts.get(_NUMBERING) if parts.get(_NUMBERING) in names else None
            self.document = parse_xml(self.zip.read(self.main))
        except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as exc:
            raise CorruptFileError(f"không đọc được tệp Word ({type(exc).__name__}: {exc})",
                                   path=self.name,
                                   hint="Mở tệp bằng Word hoặc LibreOffice rồi lưu lại") from exc
        self.body = self.document.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
        if self.body is None:
            raise CorruptFileError("tệp Word không có phần nội dung văn bản (w:body)", path=self.name,
                                   hint="Mở tệp bằng Word hoặc LibreOffice rồi lưu lại")

    def numbering(self):
        """The numbering part's root element, or None."""
        if self.numbering_part is None:
            return None
        return etree.fromstring(self.zip.read(self.numbering_part))

    def _core_xml(self, author: str, when: dt.datetime) -> bytes | None:
        if self.core is None or self.core not in self.zip.namelist():
            return None
        root = etree.fromstring(self.zip.read(self.core))
        stamp = when.replace(tzinfo=None).isoformat() + "Z"

        def child(tag: str):
            el = root.find(tag)
            if el is None:
                el = etree.SubElement(root, tag)
            return el

        child(_CP + "lastModifiedBy").text = author
        modified = child(_DCTERMS + "modified")
        modified.text = stamp
        modified.set(_XSI + "type", "dcterms:W3CDTF")
        revision = child(_CP + "revision")
        try:
            revision.text = str(int(revision.text or "0") + 1)
        except ValueError:
            revision.text = "1"
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def save(self, path: str | Path, *, author: str, when: dt.datetime) -> Path:
        """Write the package with the (edited) main part and updated core properties."""
        path = Path(path)
        changed = {self.main: etree.tostring(self.document, xml_declaration=True,
                                             encoding="UTF-8", standalone=True)}
        core = self._core_xml(author, when)
        if core is not None:
            changed[self.core] = core
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
                for info in self.zip.infolist():
                    data = changed.get(info.filename)
                    if data is None:
                        data = self.zip.read(info)
                    out.writestr(info, data, compress_type=info.compress_type)
        except OSError as exc:
            raise ExportError(f"không ghi được tệp ({exc.strerror or exc})", path=path,
                              hint="Đóng tệp nếu đang mở trong Word, hoặc chọn thư mục khác") from exc
        return path


__all__ = ["Package"]
