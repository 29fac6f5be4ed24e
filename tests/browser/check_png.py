#!/usr/bin/env python3
"""Checks a screenshot: a PNG of the expected size that is not blank.

    check_png.py shot.png 1200 900

Decodes the PNG with zlib only (8-bit RGB or RGBA, non-interlaced: what Chromium writes),
then requires at least MIN_COLORS distinct colours and at most MAX_SHARE of the pixels in the
most common one (a blank or error page is one colour with a little text). Prints the figures.
"""
import struct
import sys
import zlib
from collections import Counter

MIN_COLORS = 8
MAX_SHARE = 0.97


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, header, idat = 8, None, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {color}, interlace {interlace}")
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if kind == 1: line[x] = (line[x] + left) & 0xFF
            elif kind == 2: line[x] = (line[x] + up) & 0xFF
            elif kind == 3: line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[x] = (line[x] + pred) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    width, height, channels, rows = read_png(path)
    if (width, height) != (want_w, want_h):
        print(f"FAIL: {path} is {width}x{height}, expected {want_w}x{want_h}", file=sys.stderr)
        return 1
    colors = Counter()
    for row in rows:
        for x in range(0, len(row), channels):
            colors[row[x:x + 3]] += 1
    share = colors.most_common(1)[0][1] / (width * height)
    print(f"{path}: {width}x{height}, {len(colors)} colours, the commonest covers {share:.1%}")
    if len(colors) < MIN_COLORS or share > MAX_SHARE:
        print(f"FAIL: {path} looks blank", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
