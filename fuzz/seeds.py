#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs to fuzz/seeds/<target>/ (not
committed: `scripts/fuzz.sh` regenerates them; the committed corpus is
fuzz/corpus/<target>/, the seeds and what the fuzzers found, minimised).
Needs Python 3 and Pillow (for the PNG seeds); run from the repository
root. The byte layouts are those of fuzz/src/lib.rs."""
import base64, glob, io, json, os, re, struct, sys

OUT = "fuzz/seeds"


def put(target, name, data):
    os.makedirs(f"{OUT}/{target}", exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(f"{OUT}/{target}/{name}", "wb") as f:
        f.write(data)


# URLs the routes document (examples and warm-ups) and a few more.
urls = []
for path in glob.glob("src/routes/**/*.rs", recursive=True):
    urls += re.findall(r'"(/(?:heart|text|render)[^"]*\?[^"]*)"', open(path).read())
urls += ["/", "/health", "/heart.txt?cols=20&rows=8", "/heart.png?size=32&text=hi&text_color=red",
         "/text.png?text=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7%20abc&dir=rtl&width=64",
         "/text?text=a%0Ab%0Ac&sizes=12,8&max_lines=2&align=justify&width=40",
         "/text.png?text=%F0%9F%91%8D%F0%9F%8F%BD%E2%9D%A4%EF%B8%8F&size=20"]
for i, u in enumerate(sorted(set(urls))):
    if len(u) < 1200:
        put("render_get", f"url{i}", u)
        put("query", f"q{i}", u.split("?", 1)[1] if "?" in u else "")

# Scene elements (examples/scenes), small ones whole.
scenes = []
for path in sorted(glob.glob("examples/scenes/*.json")):
    doc = json.load(open(path))
    scenes.append((os.path.basename(path), doc))
for name, doc in scenes:
    el = json.dumps(doc.get("element", doc), ensure_ascii=False, separators=(",", ":"))
    if len(el) < 6000:
        put("scene", name, b"\x20" + el.encode())
        body = dict(doc, width=64, height=40, dpr=1)
        put("json_body", name, b"\x02" + json.dumps(body, separators=(",", ":")).encode())
put("scene", "tiny", b'\x03{"type":"div","props":{"style":{"display":"flex","backgroundColor":"red","width":10},"children":"hi"}}')
for i, body in enumerate(['{"text":"hi"}', '{"text":"Hello, world","size":20,"width":60,"fit":true}',
                          '{"text":"\u4f60\u597d\u4e16\u754c","wrap":"char","width":30,"dpr":2}',
                          '{"text":"x","sizes":[10,20],"color":"#abc","bg":"transparent"}']):
    put("json_body", f"text{i}", bytes([i % 2]) + body.encode())
put("json_body", "heart", b"\x04{}")

# CSS values: one per property family.
props = re.search(r"const PROPERTIES: &\[&str\] = &\[(.*?)\];", open("fuzz/src/lib.rs").read(), re.S).group(1)
props = re.findall(r'"(\w+)"', props)
values = {
    "background": "linear-gradient(45deg, red 10%, rgba(0,0,255,.5) 80%) no-repeat center / 50% auto, #fff",
    "backgroundImage": "radial-gradient(circle at 20% 30%, #fff, transparent 70%), url(asset:logo.png)",
    "backgroundPosition": "right 10px bottom 20%", "backgroundSize": "cover", "backgroundRepeat": "repeat-x",
    "border": "2px solid currentColor", "borderRadius": "10px 5% / 20px", "boxShadow": "0 4px 12px -2px rgba(0,0,0,.3), inset 1px 1px red",
    "transform": "rotate(15deg) translate(10px, 5%) scale(1.5, .5) skewX(3deg)", "transformOrigin": "left top",
    "flex": "1 1 0%", "flexFlow": "row wrap", "fontFamily": "'Noto Serif', monospace", "fontWeight": "bold",
    "lineHeight": "1.5em", "margin": "1em auto -2px 3rem", "padding": "4px 2%", "inset": "0 auto",
    "color": "hsl(120deg 50% 50% / .5)", "textDecoration": "underline line-through", "aspectRatio": "16 / 9",
    "opacity": "50%", "fontSize": "2em", "letterSpacing": "-0.05em", "gap": "4px 1em", "width": "calc(100% - 2px)",
}
for i, p in enumerate(props):
    put("css", f"{p}", bytes([i]) + values.get(p, "10px").encode())
put("css", "number", bytes([0x80 | props.index("width")]) + b"12.5")

# Colours.
for i, c in enumerate(["red", "#abc", "abcd", "#112233", "#11223344", "rgb(1, 2, 3)", "rgba(1 2 3 / 50%)",
                       "hsl(120 50% 50%)", "hsla(1turn, 10%, 20%, .3)", "transparent", "currentColor",
                       "rebeccapurple", "rgb(1e2 2.5 -3)"]):
    put("color", f"c{i}", c)

# Text layout: flags, primary, size, line height, spacing, dpr, width,
# height, padding, max_lines, align, valign, wrap, dir, sizes, then text.
texts = ["Hello, world", "\u4f60\u597d\uff0c\u4e16\u754c\uff01", "\u0645\u0631\u062d\u0628\u0627 abc 123",
         "\u05e9\u05dc\u05d5\u05dd", "\u0928\u092e\u0938\u094d\u0924\u0947", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
         "\U0001F44D\U0001F3FD \u2764\ufe0f \U0001F468\u200d\U0001F469\u200d\U0001F467", "e\u0301\u0301 a\tb\nc\r\nd",
         "\u202eabc\u202c \u2067x\u2069", "\ud55c\uad6d\uc5b4 \u3053\u3093\u306b\u3061\u306f"]
for i, t in enumerate(texts):
    flags = [0x0f, 0x01, 0x13, 0x05, 0x02, 0x29, 0x00, 0x07, 0x31, 0x0b][i]
    head = bytes([flags, i, 0, 200, 0, 100, 0, 128, 0, 0, 60, 30, 4, 2, i % 6, i % 3, i % 3, i % 3, 2, 0, 120, 0, 90])
    spans = b"".join(bytes([3, 0, 0, 150, 5]) for _ in range((flags >> 4) % 4))
    put("text_layout", f"t{i}", head + spans + t.encode())

# Images: small PNGs of every colour type and bit depth, and the JPEG
# fixtures, behind the byte that picks `data:` base64 (0 PNG, 1 JPEG).
try:
    from PIL import Image
    for mode in ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"]:
        img = Image.new(mode, (5, 3))
        for x in range(5):
            for y in range(3):
                img.putpixel((x, y), (x * 50 + y * 30) % 255 if mode in ("L", "P", "I;16", "1") else
                             tuple([(x * 50 + y * 30) % 255] * len(mode)))
        for interlace in (0, 1):
            buf = io.BytesIO()
            img.save(buf, "PNG", interlace=interlace) if interlace else img.save(buf, "PNG")
            put("image", f"png-{mode.replace(';', '')}-{interlace}", b"\x00" + buf.getvalue())
except ImportError:
    print("no Pillow: PNG seeds skipped", file=sys.stderr)
for path in sorted(glob.glob("tests/fixtures/images/*.jpg")):
    if os.path.getsize(path) < 4096:
        put("image", os.path.basename(path), b"\x01" + open(path, "rb").read())
put("image", "uri", b"\x06data:image/png;base64,iVBORw0KGgo=")
put("image", "asset", b"\x07asset:logo.png")
