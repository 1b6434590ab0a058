"""Convert scikit-learn's digits.csv.gz into initlab's data/digits.bin.

Input: the CSV that scikit-learn ships as sklearn/datasets/data/digits.csv.gz
(1797 rows; 64 pixel values 0..16 then the label 0..9, comma-separated).
Output: 1797 records of 65 bytes each, in the CSV's row order: the 64 pixels
(row-major 8x8, top-left first) followed by the label.

Usage: python3 convert_digits.py digits.csv.gz digits.bin
"""

import gzip
import sys

ROWS, PIXELS = 1797, 64


def convert(src, dst):
    out = bytearray()
    with gzip.open(src, "rt") as f:
        for line in f:
            values = [int(float(v)) for v in line.strip().split(",")]
            assert len(values) == PIXELS + 1, "expected 65 values per row"
            pixels, label = values[:PIXELS], values[PIXELS]
            assert all(0 <= p <= 16 for p in pixels) and 0 <= label <= 9
            out += bytes(pixels) + bytes([label])
    assert len(out) == ROWS * (PIXELS + 1), "expected 1797 rows"
    with open(dst, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    convert(sys.argv[1], sys.argv[2])
