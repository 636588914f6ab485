"""Document validation against zip bombs: real crafted archives, memory measured.

The archives are written byte by byte here (local headers, central directory, end
record), so an entry can declare what a hostile tool would: 400 MiB of zeros deflated
into 400 KB, a thousand entries, an archive nested inside another.
"""

import io
import struct
import tracemalloc
import zlib
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File

from grandest_press import documents

MIB = 1024 * 1024
BOMB_SIZE = 400 * MIB
# What checking an upload may cost above the worker's baseline.
MEMORY_BUDGET = 50 * 1_000_000


@dataclass(frozen=True)
class Entry:
    name: str
    data: bytes  # as stored in the archive
    crc: int
    size: int  # inflated
    method: int = 8  # deflated; 0 is stored


def stored(name: str, content: bytes) -> Entry:
    return Entry(name, content, zlib.crc32(content), len(content), method=0)


def deflated_zeros(name: str, size: int) -> Entry:
    """`size` zero bytes (a multiple of 1 MiB), deflated without ever holding them all:
    after a full flush the compressor starts afresh, so one compressed MiB repeats."""
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MIB):
        crc = zlib.crc32(zeros, crc)
    return Entry(name, chunk * (size // MIB) + compressor.flush(), crc, size)


def deflated(name: str, content: bytes) -> Entry:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Entry(name, data, zlib.crc32(content), len(content))


def zip_archive(entries) -> bytes:
    out = io.BytesIO()
    directory = []
    for entry in entries:
        offset = out.tell()
        name = entry.name.encode()
        sizes = (entry.crc, len(entry.data), entry.size)
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, entry.method, 0, 0x21, *sizes, len(name), 0
            )
        )
        out.write(name + entry.data)
        directory.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                entry.method,
                0,
                0x21,
                *sizes,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    central = b"".join(directory)
    count = min(len(directory), 0xFFFF)
    out.write(central)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), start, 0))
    return out.getvalue()


def odt_bomb() -> bytes:
    return zip_archive(
        [
            deflated_zeros("mimetype", BOMB_SIZE),
            stored("content.xml", b"<office:document-content/>"),
        ]
    )


def office_bomb(main_folder: str) -> bytes:
    return zip_archive(
        [
            stored("[Content_Types].xml", b"<Types/>"),
            deflated_zeros(f"{main_folder}document.xml", BOMB_SIZE),
        ]
    )


def upload(tmp_path, content: bytes, name: str) -> File:
    path = tmp_path / name
    path.write_bytes(content)
    return File(path.open("rb"), name=name)


def check_measuring_memory(file):
    """The validator's verdict on `file` (None or the error) and its peak allocation."""
    tracemalloc.start()
    try:
        documents.validate_document(file)
        verdict = None
    except ValidationError as error:
        verdict = error
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        file.close()
    return verdict, peak


def test_an_opendocument_whose_mimetype_inflates_to_400_mib_is_refused_without_inflating_it(
    tmp_path,
):
    bomb = odt_bomb()
    assert len(bomb) < 500_000
    verdict, peak = check_measuring_memory(upload(tmp_path, bomb, "dossier.odt"))
    assert verdict is not None
    assert peak < MEMORY_BUDGET


@pytest.mark.parametrize(
    ("main_folder", "name"), [("word/", "dossier.docx"), ("xl/", "budget.xlsx"), ("ppt/", "a.pptx")]
)
def test_an_office_document_whose_main_part_inflates_to_400_mib_is_refused(
    tmp_path, main_folder, name
):
    verdict, peak = check_measuring_memory(upload(tmp_path, office_bomb(main_folder), name))
    assert verdict is not None
    assert verdict.messages == [
        "Ce document se décompresse en un volume anormal (archive piégée ou très "
        "inhabituelle) : enregistrez-le en PDF."
    ]
    assert peak < MEMORY_BUDGET


def test_many_entries_each_modest_but_a_gigabyte_together_are_refused(tmp_path):
    # Each part is just small enough to escape the compression ratio check.
    part = deflated("x", bytes(documents.RATIO_CHECKED_ABOVE))
    assert part.size * 1_100 > documents.MAX_INFLATED_SIZE
    entries = [stored("[Content_Types].xml", b"<Types/>")] + [
        Entry(f"word/media/part{number}.xml", part.data, part.crc, part.size)
        for number in range(1_100)
    ]
    verdict, peak = check_measuring_memory(upload(tmp_path, zip_archive(entries), "a.docx"))
    assert verdict is not None
    assert verdict.code == "bomb"
    assert peak < MEMORY_BUDGET


def test_an_archive_with_more_entries_than_any_document_is_refused_before_listing_them(
    tmp_path,
):
    entries = [stored("[Content_Types].xml", b"<Types/>")] + [
        stored(f"word/p{number}.xml", b"") for number in range(documents.MAX_ARCHIVE_ENTRIES + 1)
    ]
    verdict, peak = check_measuring_memory(upload(tmp_path, zip_archive(entries), "a.docx"))
    assert verdict.code == "bomb"
    assert peak < MEMORY_BUDGET


def test_a_bomb_nested_inside_a_document_is_never_inflated(tmp_path):
    archive = zip_archive(
        [
            stored("[Content_Types].xml", b"<Types/>"),
            deflated("word/document.xml", b"<w:document/>"),
            stored("word/embeddings/package.zip", odt_bomb()),
        ]
    )
    verdict, peak = check_measuring_memory(upload(tmp_path, archive, "dossier.docx"))
    assert verdict is None  # the outer document is honest; the inner archive stays closed
    assert peak < MEMORY_BUDGET


def test_an_honest_opendocument_is_still_recognised(tmp_path):
    archive = zip_archive(
        [
            stored("mimetype", b"application/vnd.oasis.opendocument.text"),
            deflated("content.xml", b"<office:document-content/>" * 1000),
        ]
    )
    file = upload(tmp_path, archive, "dossier.odt")
    assert documents.detect_format(file) == "odt"


def test_a_large_honest_spreadsheet_is_accepted(tmp_path):
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c></row>' % (n, n, n * 7919 % 100_003)
        for n in range(1, 200_000)
    )
    archive = zip_archive(
        [stored("[Content_Types].xml", b"<Types/>"), deflated("xl/worksheets/sheet1.xml", rows)]
    )
    verdict, peak = check_measuring_memory(upload(tmp_path, archive, "budget.xlsx"))
    assert verdict is None
    assert peak < MEMORY_BUDGET
