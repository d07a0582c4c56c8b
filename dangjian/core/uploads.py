"""Checking, storing and cleaning up uploaded files (QUALITY.md item 16).

Every import and attachment goes through `check_upload` before anything else reads the file:
the type is judged by the bytes, never by the name a browser sent; a zip (every .xlsx and
.docx is one) is measured from its central directory before a single entry is decompressed;
every XML part is parsed with defusedxml with DTDs forbidden, because OOXML never needs one
and a DTD is how XXE and "billion laughs" get in. Refusals are `RuleViolation(code="bad_file")`
with a message a school secretary can act on, and nothing else escapes from here.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import os
import secrets
import shutil
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

import defusedxml
import defusedxml.ElementTree as DefusedET
from defusedxml.expatreader import DefusedExpatParser
from django.conf import settings
from django.utils import timezone

from dangjian.core.errors import RuleViolation

BAD_FILE = "bad_file"

# Limits for anything that is a zip. An honest 22,375-member workbook is about 3 MB inflated
# (about 8:1); these leave two orders of magnitude of room and still stop a bomb cold.
MAX_ZIP_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Deflate squeezes a few kilobytes of repeated markup far beyond 100:1, harmlessly; only
# parts (and totals) past this size have the ratio enforced, since only those can hurt.
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# Pixels, not bytes, are what a decoder allocates: a 60 kB PNG can claim 100,000 × 100,000.
MAX_IMAGE_PIXELS = 50_000_000

KIND_LABELS = {
    "xlsx": "Excel 工作簿（.xlsx）",
    "docx": "Word 文档（.docx）",
    "pdf": "PDF 文件",
    "png": "PNG 图片",
    "jpeg": "JPEG 图片",
}
KIND_EXTENSIONS = {"xlsx": ".xlsx", "docx": ".docx", "pdf": ".pdf", "png": ".png", "jpeg": ".jpg"}
KIND_MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
}

# The main part's content type is what tells an .xlsx from a .docx (and from their macro
# and template siblings); file names inside the zip are only conventions.
_MAIN_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "xlsm",
    "application/vnd.ms-excel.template.macroenabled.main+xml": "xlsm",
    "application/vnd.ms-word.document.macroenabled.main+xml": "docm",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xltx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_OTHER_LABELS = {
    "xltx": "Excel 模板（.xltx）",
    "dotx": "Word 模板（.dotx）",
    "pptx": "PowerPoint 演示文稿",
    "xls": "旧版 Excel 97-2003 工作簿（.xls）",
    "doc": "旧版 Word 97-2003 文档（.doc）",
    "zip": "普通压缩包",
    "text": "纯文本（如 CSV）",
}
# Content types (lower-cased) that carry executable content: VBA projects, Excel 4.0 macro
# sheets, ActiveX controls. Any of them anywhere in the package is a refusal.
_ACTIVE_MARKERS = ("macroenabled", "vbaproject", "macrosheet", "activex", "ms-office.vba")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"


def _refuse(message: str) -> RuleViolation:
    return RuleViolation(message, field="file", code=BAD_FILE)


MSG_EMPTY = "文件为空"
MSG_DAMAGED = "文件被截断或已损坏"
MSG_BOMB = "压缩内容异常（疑似压缩炸弹），已拒绝"
MSG_ENCRYPTED = "文件已加密，请先取消密码保护再上传"
MSG_MACRO = "不接受含宏的工作簿（.xlsm）"
MSG_MACRO_DOC = "不接受含宏的 Word 文档（.docm）"
MSG_XML = "文件中的 XML 含有不安全的实体或文档类型声明（DTD），已拒绝"
MSG_PATH = "压缩内容中含有非法路径（绝对路径或 ../），已拒绝"


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed `check_upload`: its kind as judged by content, and where its bytes are.

    `source` is a Path (a temporary upload or a file given by path) or the bytes themselves;
    `read_xlsx` accepts either. `name` is the client's file name, for display only.
    """

    kind: str
    size: int
    sha256: str
    source: Path | bytes = field(repr=False)
    name: str = ""

    @property
    def extension(self) -> str:
        return KIND_EXTENSIONS[self.kind]

    @property
    def content_type(self) -> str:
        return KIND_MIME[self.kind]

    def open(self) -> BinaryIO:
        if isinstance(self.source, bytes):
            return io.BytesIO(self.source)
        return open(self.source, "rb")  # noqa: SIM115 — the caller closes it


def check_upload(file, *, kinds: set[str], max_bytes: int, max_uncompressed: int = MAX_UNCOMPRESSED_BYTES) -> CheckedUpload:
    """Accept `file` only if its content is one of `kinds` and it is safe to open; else RuleViolation.

    `file` is a Django UploadedFile, a path (str or Path), bytes, or a binary file object.
    """
    unknown = set(kinds) - set(KIND_LABELS)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")  # a programming error, not a user's
    source, name = _materialise(file, max_bytes)
    try:
        return _check(source, name, kinds=set(kinds), max_bytes=max_bytes, max_uncompressed=max_uncompressed)
    except RuleViolation:
        raise
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error, NotImplementedError):
        # Whatever a hostile file makes the standard library trip over, the user hears one thing.
        raise _refuse(MSG_DAMAGED) from None


def _materialise(file, max_bytes: int) -> tuple[Path | bytes, str]:
    """Path or bytes for the upload, refusing oversize files before reading them where possible."""
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
        _check_size(len(data), max_bytes)
        return data, ""
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        _check_size(path.stat().st_size, max_bytes)
        return path, path.name
    name = Path(getattr(file, "name", "") or "").name
    size = getattr(file, "size", None)
    if size is not None:
        _check_size(size, max_bytes)
    if hasattr(file, "temporary_file_path"):
        return Path(file.temporary_file_path()), name
    if hasattr(file, "seek"):
        file.seek(0)
    if hasattr(file, "chunks"):
        buffer = bytearray()
        for chunk in file.chunks():
            buffer += chunk
            _check_size(len(buffer), max_bytes)
        return bytes(buffer), name
    data = file.read(max_bytes + 1)  # one byte more than allowed is enough to know it's too big
    _check_size(len(data), max_bytes)
    return data, name


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".removesuffix(".0")


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise _refuse(f"文件过大：上限为 {_megabytes(max_bytes)} MB")


def _check(source: Path | bytes, name: str, *, kinds, max_bytes, max_uncompressed) -> CheckedUpload:
    with _open_source(source) as handle:
        head = handle.read(4096)
        if not head:
            raise _refuse(MSG_EMPTY)
        handle.seek(0)
        digest, size = _sha256(handle, max_bytes)
        handle.seek(0)
        if head.startswith(_ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
            kind = _check_zip(handle, size, kinds=kinds, max_uncompressed=max_uncompressed)
        elif head.startswith(_OLE_MAGIC):
            _refuse_ole(handle, kinds)
        elif head.startswith(_PNG_MAGIC):
            kind = "png"
            _expect(kind, kinds)
            _check_png(handle, size)
        elif head.startswith(_JPEG_MAGIC):
            kind = "jpeg"
            _expect(kind, kinds)
            _check_jpeg(handle)
        elif head.startswith(_PDF_MAGIC):
            kind = "pdf"
            _expect(kind, kinds)
            _check_pdf(handle, size)
        else:
            _expect("text" if _looks_like_text(head) else None, kinds)
        if kind in {"png", "jpeg"}:
            handle.seek(0)
            _verify_image_with_pillow(handle)
    return CheckedUpload(kind=kind, size=size, sha256=digest, source=source, name=name)


@contextlib.contextmanager
def _open_source(source: Path | bytes) -> Iterator[BinaryIO]:
    if isinstance(source, bytes):
        yield io.BytesIO(source)
    else:
        with open(source, "rb") as handle:
            yield handle


def _sha256(handle: BinaryIO, max_bytes: int) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
        _check_size(size, max_bytes)  # a file that grew after it was measured
    return digest.hexdigest(), size


def _expect(kind: str | None, kinds: set[str]) -> None:
    """Refuse unless the detected kind is wanted, naming what was expected and what arrived."""
    if kind in kinds:
        return
    wanted = "、".join(KIND_LABELS[k] for k in sorted(kinds))
    got = (KIND_LABELS.get(kind) or _OTHER_LABELS.get(kind)) if kind else None
    message = f"文件类型不符：内容不是 {wanted}" if len(kinds) == 1 else f"文件类型不符：只接受 {wanted}"
    if got:
        message += f"，而是{' ' if got[0].isascii() else ''}{got}"
    if kind in {"xls", "doc"}:
        message += "；请在 Excel / WPS 中另存为新格式后上传"
    raise _refuse(message)


def _looks_like_text(head: bytes) -> bool:
    # GB18030 decodes nearly any byte string, so control characters are what rule text out.
    if any(b < 0x20 and b not in (0x09, 0x0A, 0x0D) for b in head):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


# --- OLE compound files: legacy .xls/.doc, and encrypted OOXML --------------------------------


def _refuse_ole(handle: BinaryIO, kinds: set[str]) -> None:
    """Every OLE file is refused; the point is to say why.

    Stream names sit in the directory as UTF-16LE, so a scan for them is enough to tell an
    encrypted OOXML package (EncryptionInfo + EncryptedPackage, MS-OFFCRYPTO) from an old
    workbook or document, without a full compound-file parser for a file we will not open.
    """
    data = handle.read()
    names = {n: n.encode("utf-16-le") in data for n in ("EncryptionInfo", "EncryptedPackage", "Workbook", "Book", "WordDocument")}
    if names["EncryptionInfo"] or names["EncryptedPackage"]:
        raise _refuse(MSG_ENCRYPTED)
    if names["Workbook"] or names["Book"]:
        _expect("xls", kinds)
    if names["WordDocument"]:
        _expect("doc", kinds)
    _expect(None, kinds)


# --- Zip packages: .xlsx, .docx -------------------------------------------------------------


def _check_zip(handle: BinaryIO, size: int, *, kinds: set[str], max_uncompressed: int) -> str:
    try:
        archive = zipfile.ZipFile(handle)
    except zipfile.BadZipFile:
        raise _refuse(MSG_DAMAGED) from None
    with archive:
        infos = archive.infolist()
        _check_zip_directory(infos, size, max_uncompressed)
        kind = _package_kind(archive, infos)
        if kind in {"xlsm", "docm"}:
            raise _refuse(MSG_MACRO if kind == "xlsm" else MSG_MACRO_DOC)
        _expect(kind, kinds)
        # Only now, with every size known to be bounded, is anything inflated: each XML part is
        # parsed (DTDs forbidden), each other part read through, so a CRC error or a part cut
        # short shows up here rather than halfway through an import.
        for info in infos:
            if not info.is_dir():
                _read_part(archive, info)
    return kind


def _check_zip_directory(infos: list[zipfile.ZipInfo], size: int, max_uncompressed: int) -> None:
    if not infos:
        raise _refuse(MSG_DAMAGED)
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _refuse(MSG_BOMB)
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts or "\x00" in name:
            raise _refuse(MSG_PATH)
        if name.lower() in seen:
            # Two entries with one name: which one a reader takes differs between readers.
            raise _refuse(MSG_DAMAGED)
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise _refuse(MSG_ENCRYPTED)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(MSG_DAMAGED)
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise _refuse(MSG_BOMB)
        total += info.file_size
        if total > max_uncompressed:
            raise _refuse(MSG_BOMB)
    if total > RATIO_FLOOR_BYTES and total > MAX_COMPRESSION_RATIO * max(size, 1):
        raise _refuse(MSG_BOMB)


def _package_kind(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str:
    """What the package says it is, from [Content_Types].xml, after refusing active content."""
    names = {info.filename.lower(): info for info in infos}
    for name in names:
        if name.endswith("vbaproject.bin") or "/macrosheets/" in f"/{name}" or "/activex/" in f"/{name}":
            raise _refuse(MSG_MACRO_DOC if name.startswith("word/") else MSG_MACRO)
    info = names.get("[content_types].xml")
    if info is None:
        return "zip"  # a plain zip, an OpenDocument file, anything but OOXML
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        raise _refuse(MSG_BOMB)
    raw = _read_part(archive, info)
    try:
        root = DefusedET.fromstring(raw, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise _refuse(MSG_XML) from None
    except Exception:  # noqa: BLE001 — ParseError and anything else expat says: a broken package
        raise _refuse(MSG_DAMAGED) from None
    kind = None
    for element in root.iter():
        content_type = (element.get("ContentType") or "").strip().lower()
        if any(marker in content_type for marker in _ACTIVE_MARKERS):
            raise _refuse(MSG_MACRO_DOC if "word" in content_type else MSG_MACRO)
        found = _MAIN_CONTENT_TYPES.get(content_type)
        if found:
            part = (element.get("PartName") or "").lstrip("/").lower()
            if part and part not in names:
                raise _refuse(MSG_DAMAGED)  # the main part is declared but missing
            kind = kind or found
    return kind or "zip"


class _Silent(ContentHandler):
    """Receives the SAX events and drops them: parsing is done only for defusedxml's verdict."""


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Inflate one part in chunks, never past its declared size; XML parts go through defusedxml.

    Returns the bytes only for [Content_Types].xml (already capped at 1 MB); other parts are
    streamed so a 150 MB sheet does not sit in memory twice.
    """
    keep = info.filename.lower() == "[content_types].xml"
    is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    parser = None
    if is_xml and not keep:
        parser = DefusedExpatParser(forbid_dtd=True)
        parser.setContentHandler(_Silent())
    kept = bytearray()
    seen = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                seen += len(chunk)
                if seen > info.file_size:
                    raise _refuse(MSG_BOMB)  # the part inflates past what the directory declared
                if keep:
                    kept += chunk
                elif parser is not None:
                    parser.feed(chunk)
        if parser is not None:
            parser.close()
    except defusedxml.DefusedXmlException:
        raise _refuse(MSG_XML) from None
    except SAXException:
        raise _refuse(MSG_DAMAGED) from None
    return bytes(kept)


# --- Images and PDF --------------------------------------------------------------------------


def _check_png(handle: BinaryIO, size: int) -> None:
    header = handle.read(33)
    if len(header) < 33 or header[12:16] != b"IHDR":
        raise _refuse(MSG_DAMAGED)
    width, height = struct.unpack(">II", header[16:24])
    _check_pixels(width, height)
    handle.seek(max(size - 64, 0))
    if b"IEND" not in handle.read():
        raise _refuse(MSG_DAMAGED)


def _check_jpeg(handle: BinaryIO) -> None:
    """Walk the segments to the frame header for the image size.

    The end marker is not required: phones append data after it (motion photos) and decoders
    accept it, so a missing frame header is what counts as damaged.
    """
    handle.seek(2)
    while True:
        marker = handle.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            raise _refuse(MSG_DAMAGED)
        code = marker[1]
        if code == 0xFF:
            handle.seek(-1, os.SEEK_CUR)  # fill byte
            continue
        if 0xD0 <= code <= 0xD9 or code == 0x01:
            continue  # markers without a length
        length_bytes = handle.read(2)
        if len(length_bytes) < 2:
            raise _refuse(MSG_DAMAGED)
        length = struct.unpack(">H", length_bytes)[0]
        if length < 2:
            raise _refuse(MSG_DAMAGED)
        if code in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            frame = handle.read(5)
            if len(frame) < 5:
                raise _refuse(MSG_DAMAGED)
            height, width = struct.unpack(">HH", frame[1:5])
            _check_pixels(width, height)
            return
        handle.seek(length - 2, os.SEEK_CUR)


def _check_pixels(width: int, height: int) -> None:
    if width == 0 or height == 0:
        raise _refuse(MSG_DAMAGED)
    if width * height > MAX_IMAGE_PIXELS:
        raise _refuse(f"图片尺寸过大（{width}×{height}），请缩小后上传")


def _check_pdf(handle: BinaryIO, size: int) -> None:
    # A PDF is read from its end (the cross-reference table); without %%EOF it was cut short.
    handle.seek(max(size - 1024, 0))
    if b"%%EOF" not in handle.read():
        raise _refuse(MSG_DAMAGED)
    handle.seek(0)
    if b"/Encrypt" in handle.read():
        raise _refuse(MSG_ENCRYPTED)


PILLOW_AVAILABLE = importlib.util.find_spec("PIL") is not None


def _verify_image_with_pillow(handle: BinaryIO) -> None:
    """A full structural check when Pillow is installed; the magic-byte checks above otherwise."""
    if not PILLOW_AVAILABLE:
        return
    from PIL import Image

    with contextlib.suppress(AttributeError):
        Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(handle) as image:
            image.verify()
    except Image.DecompressionBombError:
        raise _refuse("图片尺寸过大，请缩小后上传") from None
    except Exception:  # noqa: BLE001 — Pillow raises many types for a bad image; all mean "damaged"
        raise _refuse(MSG_DAMAGED) from None


# --- Storage ---------------------------------------------------------------------------------


def upload_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads"


def store_upload(checked: CheckedUpload) -> Path:
    """Copy a checked file to MEDIA_ROOT/uploads/<yyyy>/<random hex><ext> and return the path.

    The name is random so it says nothing about the content and cannot be guessed; MEDIA_ROOT
    is outside the web root, so the file is only ever served through a view that checks scope.
    """
    directory = upload_root() / f"{timezone.localdate():%Y}"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / f"{secrets.token_hex(16)}{checked.extension}"
    # O_EXCL: never write through a file (or link) that is already there.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out, checked.open() as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


@contextlib.contextmanager
def temporary_upload(file, *, suffix: str = "", max_bytes: int | None = None) -> Iterator[Path]:
    """Copy an upload to a private temporary file, yield its path, and always remove it.

    Removal happens on success, on a RuleViolation and on any other exception, so a refused
    or crashed import leaves no personal data behind in the temp directory.
    """
    directory = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or None
    fd, name = tempfile.mkstemp(prefix="dangjian-upload-", suffix=suffix, dir=directory)  # mode 0600
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            written = 0
            for chunk in _chunks(file):
                written += len(chunk)
                if max_bytes is not None:
                    _check_size(written, max_bytes)
                out.write(chunk)
        yield path
    finally:
        path.unlink(missing_ok=True)


def _chunks(file) -> Iterator[bytes]:
    if isinstance(file, bytes | bytearray | memoryview):
        yield bytes(file)
    elif isinstance(file, str | os.PathLike):
        with open(file, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                yield chunk
    elif hasattr(file, "chunks"):
        if hasattr(file, "seek"):
            file.seek(0)
        yield from file.chunks()
    else:
        while chunk := file.read(1024 * 1024):
            yield chunk
