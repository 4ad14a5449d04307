#!/usr/bin/env python3
"""Draws the example cards' images in assets/ (CC0, our own work).

    python3 scripts/draw-assets.py        # rewrites the files below in assets/

Standard library only, deterministic: each image is a stack of flat shapes
given as signed distance functions, anti-aliased analytically (coverage =
clamp(0.5 - distance, 0, 1), one sample per pixel) and composited "over" in
order. PNGs are written with a per-row adaptive filter and zlib level 9.

- logo.png       128x128 RGBA: an "E" mark of rounded bars on a gradient squircle
- portrait-1.png 256x256 RGB: a flat illustrated portrait (hair in a bun)
- portrait-2.png 256x256 RGB: a flat illustrated portrait (short hair, glasses)
- headphones.png 320x320 RGBA: a flat product illustration with a soft shadow
"""
import math
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets")


def hexrgb(h):
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


# ----------------------------------------------------------------- shapes
def circle(cx, cy, r):
    return lambda x, y: math.hypot(x - cx, y - cy) - r


def ellipse(cx, cy, rx, ry):
    # Not an exact distance, close enough for anti-aliasing at these sizes.
    def d(x, y):
        k = math.hypot((x - cx) / rx, (y - cy) / ry)
        return (k - 1) * min(rx, ry)
    return d


def rrect(x0, y0, x1, y1, r):
    cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2

    def d(x, y):
        qx, qy = abs(x - cx) - hw + r, abs(y - cy) - hh + r
        return math.hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - r
    return d


def ring(cx, cy, r, width):
    return lambda x, y: abs(math.hypot(x - cx, y - cy) - r) - width / 2


def intersect(*fs):
    return lambda x, y: max(f(x, y) for f in fs)


def subtract(a, b):
    return lambda x, y: max(a(x, y), -b(x, y))


def above(y0):
    return lambda x, y: y - y0


def below(y0):
    return lambda x, y: y0 - y


# ----------------------------------------------------------------- paints
def solid(h, alpha=1.0):
    c = hexrgb(h)
    return lambda x, y: (c, alpha)


def linear(h0, h1, x0, y0, x1, y1):
    a, b = hexrgb(h0), hexrgb(h1)
    dx, dy = x1 - x0, y1 - y0
    n = dx * dx + dy * dy

    def p(x, y):
        t = min(1.0, max(0.0, ((x - x0) * dx + (y - y0) * dy) / n))
        return tuple(a[i] + (b[i] - a[i]) * t for i in range(3)), 1.0
    return p


# ----------------------------------------------------------------- raster
def draw(size, layers, background=None):
    """layers: (sdf, paint[, softness]); returns rows of RGBA floats."""
    w = h = size
    px = [[(0.0, 0.0, 0.0, 0.0)] * w for _ in range(h)]
    for y in range(h):
        row = px[y]
        for x in range(w):
            fx, fy = x + 0.5, y + 0.5
            r = g = b = a = 0.0
            if background:
                (r, g, b), a = background(fx, fy)
            for layer in layers:
                sdf, paint = layer[0], layer[1]
                soft = layer[2] if len(layer) > 2 else 1.0
                cov = min(1.0, max(0.0, 0.5 - sdf(fx, fy) / soft))
                if cov <= 0.0:
                    continue
                (lr, lg, lb), la = paint(fx, fy)
                sa = la * cov
                # premultiplied "over"
                r, g, b = lr * sa + r * (1 - sa), lg * sa + g * (1 - sa), lb * sa + b * (1 - sa)
                a = sa + a * (1 - sa)
            row[x] = (r, g, b, a)
    return px


def png(path, px, alpha):
    h, w = len(px), len(px[0])
    ch = 4 if alpha else 3
    raw_rows = []
    for row in px:
        out = bytearray()
        for r, g, b, a in row:
            if alpha:
                # un-premultiply for PNG's straight alpha
                if a > 0:
                    out += bytes(round(min(1.0, v / a) * 255) for v in (r, g, b))
                else:
                    out += b"\0\0\0"
                out.append(round(a * 255))
            else:
                out += bytes(round(min(1.0, max(0.0, v)) * 255) for v in (r, g, b))
        raw_rows.append(bytes(out))
    data = bytearray()
    prev = bytes(len(raw_rows[0]))
    for cur in raw_rows:
        best = None
        for ftype in range(5):
            f = bytearray([ftype])
            for i, v in enumerate(cur):
                left = cur[i - ch] if i >= ch else 0
                up = prev[i]
                ul = prev[i - ch] if i >= ch else 0
                if ftype == 0:
                    pred = 0
                elif ftype == 1:
                    pred = left
                elif ftype == 2:
                    pred = up
                elif ftype == 3:
                    pred = (left + up) // 2
                else:
                    p = left + up - ul
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                    pred = left if pa <= pb and pa <= pc else up if pb <= pc else ul
                f.append((v - pred) & 0xFF)
            score = sum(v if v < 128 else 256 - v for v in f[1:])
            if best is None or score < best[0]:
                best = (score, f)
        data += best[1]
        prev = cur

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6 if alpha else 2, 0, 0, 0)
    blob = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(data), 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(blob)
    print(f"{os.path.relpath(path)}: {w}x{h}, {len(blob):,} bytes")


# ----------------------------------------------------------------- images
def logo():
    s = 128
    layers = [
        (rrect(6, 6, 122, 122, 30), linear("#6366f1", "#06b6d4", 6, 6, 122, 122)),
        # the "E": a spine and three bars, rounded
        (rrect(38, 34, 54, 94, 6), solid("#ffffff")),
        (rrect(38, 34, 92, 50, 8), solid("#ffffff")),
        (rrect(38, 56, 80, 72, 8), solid("#ffffff")),
        (rrect(38, 78, 92, 94, 8), solid("#ffffff")),
    ]
    png(os.path.join(OUT, "logo.png"), draw(s, layers), alpha=True)


def portrait(name, bg0, bg1, skin, shade, hair, shirt, bun=False, glasses=False):
    s = 256
    head = ellipse(128, 116, 46, 56)
    layers = [
        # shoulders and neck
        (ellipse(128, 292, 104, 90), solid(shirt)),
        (rrect(108, 150, 148, 208, 18), solid(shade)),
        
    ]
    if bun:
        layers += [
            (circle(128, 50, 28), solid(hair)),
            (ellipse(128, 108, 58, 66), solid(hair)),
        ]
    else:
        layers += [(ellipse(128, 100, 54, 52), solid(hair))]
    layers += [
        (circle(80, 122, 9), solid(shade)),   # ears
        (circle(176, 122, 9), solid(shade)),
        (head, solid(skin)),
        # hair over the forehead: the hair shape above a curved hairline
        (subtract(ellipse(128, 100, 56 if bun else 54, 60 if bun else 52),
                  ellipse(136, 132, 52, 50)), solid(hair)),
        # eyes and a smile
        (circle(110, 122, 4.5), solid("#1f2937")),
        (circle(146, 122, 4.5), solid("#1f2937")),
        (intersect(ring(128, 136, 18, 4), below(146)), solid("#9f1239", 0.8)),
        (circle(100, 140, 8), solid("#fb7185", 0.25), 3.0),  # cheeks
        (circle(156, 140, 8), solid("#fb7185", 0.25), 3.0),
    ]
    if glasses:
        layers += [
            (ring(110, 122, 14, 4), solid("#111827")),
            (ring(146, 122, 14, 4), solid("#111827")),
            (rrect(122, 119, 134, 123, 2), solid("#111827")),
        ]
    px = draw(s, layers, background=linear(bg0, bg1, 0, 0, s, s))
    png(os.path.join(OUT, name), px, alpha=False)


def headphones():
    s = 320
    layers = [
        # soft shadow on the ground
        (ellipse(160, 294, 118, 12), solid("#0f172a", 0.22), 10.0),
        # headband: the upper half of a thick ring, then its padding
        (intersect(ring(160, 176, 112, 22), above(182)), linear("#334155", "#0f172a", 40, 60, 280, 60)),
        (intersect(ring(160, 176, 104, 10), above(120), below(52)), solid("#64748b", 0.9)),
        # sliders into the cups
        (rrect(38, 170, 62, 212, 6), solid("#94a3b8")),
        (rrect(258, 170, 282, 212, 6), solid("#94a3b8")),
        # cups with a lighter front and a cushion facing in
        (rrect(20, 196, 84, 290, 28), linear("#fb923c", "#c2410c", 20, 196, 84, 290)),
        (rrect(236, 196, 300, 290, 28), linear("#fb923c", "#c2410c", 236, 196, 300, 290)),
        (rrect(72, 206, 96, 280, 12), solid("#1f2937")),
        (rrect(224, 206, 248, 280, 12), solid("#1f2937")),
        (rrect(32, 212, 44, 264, 6), solid("#ffffff", 0.35)),
        (rrect(248, 212, 260, 264, 6), solid("#ffffff", 0.35)),
    ]
    png(os.path.join(OUT, "headphones.png"), draw(s, layers), alpha=True)


if __name__ == "__main__":
    logo()
    portrait("portrait-1.png", "#fde68a", "#fb7185", "#f1c27d", "#d9a066", "#3f2a1d", "#4f46e5", bun=True)
    portrait("portrait-2.png", "#a5f3fc", "#818cf8", "#8d5524", "#6f4118", "#111827", "#0f766e", glasses=True)
    headphones()
