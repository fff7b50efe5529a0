"""MurmurHash3_x86_32 straight from Austin Appleby's reference C (public domain).

Only a test oracle: written from the algorithm, independent of the mmh3 package that the
compiler uses, so a packaging or encoding difference in mmh3 would show up as a failure.
"""

from __future__ import annotations

MASK = 0xFFFFFFFF
C1, C2 = 0xCC9E2D51, 0x1B873593


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & MASK


def _mix_k(k: int) -> int:
    k = (k * C1) & MASK
    k = _rotl(k, 15)
    return (k * C2) & MASK


def murmur3_x86_32(data: bytes, seed: int = 0) -> int:
    h = seed & MASK
    blocks = len(data) // 4
    for i in range(blocks):
        h ^= _mix_k(int.from_bytes(data[4 * i:4 * i + 4], "little"))
        h = _rotl(h, 13)
        h = (h * 5 + 0xE6546B64) & MASK
    tail = data[4 * blocks:]
    if tail:
        h ^= _mix_k(int.from_bytes(tail, "little"))
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    return h ^ (h >> 16)
