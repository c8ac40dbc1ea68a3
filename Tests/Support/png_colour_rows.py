#!/usr/bin/env python3
"""Where a flat colour appears in a PNG screenshot: prints the first and last pixel row that holds
at least MIN pixels of exactly that colour (or "none"). Used by the Chromium tests to check that an
element with a distinctive background is on the first screen. Standard library only (zlib)."""
import struct
import sys
import zlib


def rows(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("not a PNG: " + path)
    pos, idat, width, height, depth, colour, interlace = 8, b"", 0, 0, 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit("unsupported PNG (depth %d, colour type %d, interlace %d)" % (depth, colour, interlace))
    channels = 4 if colour == 6 else 3
    stride = width * channels
    raw = zlib.decompress(idat)
    previous = bytearray(stride)
    out = []
    for y in range(height):
        filter_type = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if filter_type == 1:
                line[i] = (line[i] + left) & 0xFF
            elif filter_type == 2:
                line[i] = (line[i] + up) & 0xFF
            elif filter_type == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif filter_type == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        out.append((line, channels))
        previous = line
    return width, height, out


def main():
    path, colour, minimum = sys.argv[1], sys.argv[2].lstrip("#"), int(sys.argv[3])
    target = bytes(int(colour[i:i + 2], 16) for i in (0, 2, 4))
    width, height, lines = rows(path)
    hits = []
    for y, (line, channels) in enumerate(lines):
        count = sum(1 for x in range(width) if bytes(line[x * channels:x * channels + 3]) == target)
        if count >= minimum:
            hits.append(y)
    print("%dx%d" % (width, height), "%d %d" % (hits[0], hits[-1]) if hits else "none")


if __name__ == "__main__":
    main()
