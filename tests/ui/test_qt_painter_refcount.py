"""Guards the PySide6 pin: painting thousands of frames must not corrupt None's refcount.

PySide6 6.12.0 lost a reference to None on most QPainter calls; on Python 3.11 that
aborts the interpreter (SIGABRT, 'none_dealloc') after a few seconds of a live mirror.
"""

import subprocess
import sys

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication
app = QApplication([])
canvas = QImage(64, 64, QImage.Format.Format_RGB32)
before = sys.getrefcount(None)
for _ in range(5000):
    p = QPainter(canvas)
    p.fillRect(canvas.rect(), QColor(0, 0, 0, 70))
    p.drawEllipse(QPointF(10, 10), 5.0, 5.0)
    p.drawImage(QRectF(0, 0, 8, 8), canvas)
    p.end()
print(sys.getrefcount(None) - before)
"""


def test_painting_keeps_none_refcount_balanced():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip().splitlines()[-1])) < 1000
