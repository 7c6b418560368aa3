"""Read parts of a saved array or file with pread, not through a memory map.

A mapped file's pages count as the process's resident memory once touched, and with the
readahead of this machine's disk (8 MB) one touched row maps megabytes around it: after a
few hundred questions on a 1M-chunk index the float vectors alone (1.5 GB) were resident.
Pages read with pread stay in the system's shared, reclaimable page cache instead, and a
question reads only the rows and postings it uses.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def _open(path: str) -> int:
    return os.open(path, os.O_RDONLY)


def read_rows(array: "np.ndarray", ids: "np.ndarray") -> "np.ndarray":
    """`array[ids]` (rows of a 2-D array, `ids` ascending); a memory-mapped array is read
    from its file row by row, without touching the map."""
    import numpy as np

    if not isinstance(array, np.memmap) or array.filename is None or not array.flags.c_contiguous:
        return np.asarray(array[ids])
    row = array.shape[1] * array.itemsize
    fd = _open(array.filename)
    try:
        data = b"".join(os.pread(fd, row, array.offset + int(i) * row) for i in ids)
    finally:
        os.close(fd)
    return np.frombuffer(data, dtype=array.dtype).reshape(len(ids), array.shape[1])


def read_span(array: "np.ndarray", start: int, end: int) -> "np.ndarray":
    """`array[start:end]` of a 1-D array; a memory-mapped one is read from its file."""
    import numpy as np

    if not isinstance(array, np.memmap) or array.filename is None or array.ndim != 1:
        return np.asarray(array[start:end])
    fd = _open(array.filename)
    try:
        data = os.pread(fd, (end - start) * array.itemsize, array.offset + start * array.itemsize)
    finally:
        os.close(fd)
    return np.frombuffer(data, dtype=array.dtype)


class TextFile:
    """A file of UTF-8 texts read by byte range; the descriptor stays open, so a version
    removed by a writer after this process opened it can still be read."""

    def __init__(self, path: str) -> None:
        self._fd = _open(path)
        self.size = os.fstat(self._fd).st_size

    def read(self, start: int, end: int) -> str:
        data = os.pread(self._fd, end - start, start)
        if len(data) != end - start:
            raise OSError(f"short read from a text table ({len(data)} of {end - start} bytes)")
        return data.decode("utf-8")

    def __del__(self) -> None:
        try:
            os.close(self._fd)
        except (OSError, AttributeError):
            pass
