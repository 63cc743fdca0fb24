"""Write ckpts/demo/example_digit_9.png: the first shipped example (a 9) as a 56×56 8-bit
greyscale PNG (each pixel doubled), so the demo's image-file input path has a real image
to read. Uses only numpy and the standard library (zlib, struct).

Run: python3 scripts/demo/make_example_png.py
"""
import os
import struct
import zlib

import numpy as np

DEMO = os.path.join(os.path.dirname(__file__), "..", "..", "ckpts", "demo")


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main():
    x = np.load(os.path.join(DEMO, "examples.npy"))[0, 0]
    img = np.clip(np.kron(x, np.ones((2, 2))) * 255 + 0.5, 0, 255).astype(np.uint8)
    rows = b"".join(b"\x00" + row.tobytes() for row in img)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", img.shape[1], img.shape[0], 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(rows, 9)) \
        + png_chunk(b"IEND", b"")
    with open(os.path.join(DEMO, "example_digit_9.png"), "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
