#!/usr/bin/env python3
"""Draws Carryall's app icon (a carry case with a check mark) as a 1024x1024 PNG.

Run from this folder: `python3 draw-icon.py` writes source.png; then
`npm --prefix ../../ui exec tauri icon ../assets/icons/source.png -- -o ../assets/icons` makes
every size and format the bundles need (the Android, iOS and Windows Store sizes are not
kept). Uses only the standard library.
"""
import math
import struct
import zlib

SIZE = 1024
SAMPLES = 2  # supersampling per axis, for smooth edges
TEAL = (14, 107, 110)
WHITE = (255, 255, 255)


def rounded_rect(x, y, x0, y0, x1, y1, r):
    """Signed distance to a rounded rectangle (negative inside)."""
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hx, hy = (x1 - x0) / 2 - r, (y1 - y0) / 2 - r
    dx, dy = abs(x - cx) - hx, abs(y - cy) - hy
    outside = math.hypot(max(dx, 0.0), max(dy, 0.0))
    return outside + min(max(dx, dy), 0.0) - r


def segment(x, y, ax, ay, bx, by):
    """Distance to the segment from a to b."""
    px, py, vx, vy = x - ax, y - ay, bx - ax, by - ay
    t = max(0.0, min(1.0, (px * vx + py * vy) / (vx * vx + vy * vy)))
    return math.hypot(px - vx * t, py - vy * t)


def colour_at(x, y):
    """The colour at a point in unit coordinates, or None outside the icon."""
    if rounded_rect(x, y, 0.04, 0.04, 0.96, 0.96, 0.2) > 0:
        return None
    handle = abs(rounded_rect(x, y, 0.37, 0.2, 0.63, 0.4, 0.07)) < 0.028
    body = rounded_rect(x, y, 0.18, 0.33, 0.82, 0.8, 0.07) < 0
    tick = min(segment(x, y, 0.34, 0.56, 0.46, 0.68), segment(x, y, 0.46, 0.68, 0.67, 0.46)) < 0.045
    if body and not tick:
        return WHITE
    if handle and not body:
        return WHITE
    return TEAL


def main():
    rows = []
    step = 1.0 / (SIZE * SAMPLES)
    for py in range(SIZE):
        row = bytearray([0])  # PNG filter: none
        for px in range(SIZE):
            r = g = b = a = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    c = colour_at((px * SAMPLES + sx + 0.5) * step, (py * SAMPLES + sy + 0.5) * step)
                    if c is not None:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            n = SAMPLES * SAMPLES
            row += bytes([r // a, g // a, b // a, 255 * a // n] if a else [0, 0, 0, 0])
        rows.append(bytes(row))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    with open("source.png", "wb") as out:
        out.write(png)


if __name__ == "__main__":
    main()
