"""Returning freed heap memory to the OS between the phases of a big build."""

from __future__ import annotations

import contextlib
import ctypes


def release_memory() -> None:
    """Hand freed heap back to the OS (glibc keeps it otherwise, inflating the peak RSS)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)
