"""Handheld look: light background (read in a bright shop), big type, 88 px touch targets."""

from __future__ import annotations

WIDTH, HEIGHT = 480, 854
TOUCH = 88

STYLE = """
QWidget#console { background: #f4f1ec; }
QLabel { color: #1d1d1f; }
QFrame#header { background: #1d1d1f; }
QFrame#header QLabel { color: #ffffff; }
QLabel#title { font-size: 24px; font-weight: 700; }
QFrame#header QLabel#subtitle { font-size: 17px; color: #d8d8d8; }
QFrame#header QLabel#status_online { font-size: 16px; color: #7ee081; }
QFrame#header QLabel#status_offline { font-size: 16px; color: #ff8a80; font-weight: 700; }
QLabel#banner { background: #fff3cd; color: #5c4400; font-size: 17px; padding: 10px; }
QLabel#empty { font-size: 21px; color: #6b6b6b; }
QFrame#card { background: #ffffff; border: 2px solid #e2ddd5; border-radius: 14px; }
QFrame#card[escalated="true"] { border: 3px solid #d9480f; }
QFrame#card[mine="true"] { border: 3px solid #2b8a3e; }
QLabel#size { font-size: 44px; font-weight: 800; color: #1d1d1f; }
QLabel#product { font-size: 20px; font-weight: 600; }
QLabel#detail { font-size: 17px; color: #555555; }
QLabel#off_floor { font-size: 18px; font-weight: 700; color: #1d1d1f; }
QLabel#badge { font-size: 15px; font-weight: 700; color: #ffffff; background: #d9480f;
               border-radius: 8px; padding: 4px 10px; }
QLabel#claimed { font-size: 19px; color: #2b5f9e; font-weight: 600; }
QPushButton { font-size: 22px; font-weight: 700; border-radius: 12px; min-height: 88px; }
QPushButton#claim { background: #1d1d1f; color: #ffffff; }
QPushButton#claim:pressed { background: #444444; }
QPushButton#done { background: #2b8a3e; color: #ffffff; }
QPushButton#done:pressed { background: #237032; }
"""
