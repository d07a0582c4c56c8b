"""Builders for the malformed-file corpus: every hostile file is made here, in memory, by the tests.

No binary is committed: each builder says in code what is wrong with the file it makes, which a
checked-in blob never would.
"""

import io
import struct
import zipfile
import zlib

import xlsxwriter

CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def valid_xlsx(rows=(("姓名", "身份证号"), ("张三", "11010519491231002X"))) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def rezip(original: bytes, *, replace: dict | None = None, add: dict | None = None, drop: set | None = None) -> bytes:
    """A copy of a zip with some parts replaced, added or dropped (names as in the zip)."""
    replace, add, drop = replace or {}, add or {}, drop or set()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, data in add.items():
            target.writestr(name, data)
    return out.getvalue()


def content_types(main: str, extra: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{extra}'
        f'<Types xmlns="{CONTENT_TYPES_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
        "</Types>"
    )


def xlsm_by_content_type() -> bytes:
    return rezip(valid_xlsx(), replace={"[Content_Types].xml": content_types(XLSM_MAIN)})


def xlsm_by_vba_part() -> bytes:
    return rezip(valid_xlsx(), add={"xl/vbaProject.bin": b"\xcc" * 512})


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CONTENT_TYPES_NS}">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/></Types>'
        ))
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body/></w:document>')
    return out.getvalue()


XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def xxe_in_content_types() -> bytes:
    return rezip(valid_xlsx(), replace={"[Content_Types].xml": content_types(XLSX_MAIN, XXE)})


def laughs_in_content_types() -> bytes:
    return rezip(valid_xlsx(), replace={"[Content_Types].xml": content_types(XLSX_MAIN, LAUGHS)})


def _sheet_with(doctype: str, entity: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>{entity}</t></is></c></row></sheetData></worksheet>'
    )


def xxe_in_sheet() -> bytes:
    return rezip(valid_xlsx(), replace={"xl/worksheets/sheet1.xml": _sheet_with(XXE, "&xxe;")})


def laughs_in_sheet() -> bytes:
    return rezip(valid_xlsx(), replace={"xl/worksheets/sheet1.xml": _sheet_with(LAUGHS, "&lol9;")})


def truncated_zip() -> bytes:
    data = valid_xlsx()
    return data[: len(data) // 2]


def zip_with_corrupt_part() -> bytes:
    """The directory is intact but a part's compressed bytes are scrambled (CRC or inflate error)."""
    data = bytearray(valid_xlsx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start, start + min(info.compress_size, 64)):
        data[i] ^= 0x5A
    return bytes(data)


def zip_bomb_of_zeros(megabytes: int = 100) -> bytes:
    """A 100 MB run of zeros in one part: about 100 kB on disk, a 1000:1 ratio."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types(XLSX_MAIN))
        with z.open("xl/workbook.xml", "w") as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(block)
    return out.getvalue()


def zip_of_many_entries(count: int = 10_001) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", content_types(XLSX_MAIN))
        for i in range(count):
            z.writestr(f"xl/p{i}.bin", b"")
    return out.getvalue()


def zip_with_path(name: str) -> bytes:
    return rezip(valid_xlsx(), add={name: b"x"})


def zip_with_encrypted_flag() -> bytes:
    """Sets the 'encrypted' bit of every entry, in the local headers and the central directory."""
    data = bytearray(valid_xlsx())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        while position != -1:
            data[position + flag_offset] |= 0x01
            position = data.find(signature, position + 4)
    return bytes(data)


def ole_file(*stream_names: str) -> bytes:
    """Enough of an OLE compound file to be recognised: the magic, a header, directory names."""
    body = bytearray(OLE_MAGIC + b"\0" * 504)
    for name in stream_names:
        entry = name.encode("utf-16-le").ljust(64, b"\0") + struct.pack("<H", 2 * (len(name) + 1))
        body += entry.ljust(128, b"\0")
    return bytes(body.ljust(4096, b"\0"))


def png(width: int = 2, height: int = 2, *, with_end: bool = True) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(min(height, 4)))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw))
    return data + (chunk(b"IEND", b"") if with_end else b"")


def jpeg(width: int = 16, height: int = 16) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def pdf(*, complete: bool = True, encrypted: bool = False) -> bytes:
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
    if encrypted:
        body += b"trailer<</Root 1 0 R/Encrypt 2 0 R>>\n"
    return body + (b"%%EOF\n" if complete else b"")
