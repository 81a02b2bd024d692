"""The console's dark theme: calm, low-glare colours for a control room."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

STYLE = """
QWidget { font-size: 10pt; }
QMainWindow, QDialog { background: #16181d; }
QToolBar { background: #1e2127; border: none; border-bottom: 1px solid #2b2f37; spacing: 4px;
           padding: 3px; }
QToolButton { color: #c9ced8; padding: 5px 14px; border-radius: 4px; }
QToolButton:checked { background: #2f5fa8; color: white; }
QToolButton:hover:!checked { background: #2a2e36; }
QLabel#brand { color: #7fb0ff; font-weight: bold; letter-spacing: 2px; }
QLabel#title { font-size: 13pt; font-weight: bold; color: #e6e9ef; padding-bottom: 6px; }
QLabel#section { font-weight: bold; color: #aab3c2; padding: 4px 0; }
QLabel#muted { color: #8a93a3; }
QLabel#clock { font-family: monospace; font-size: 12pt; color: #e6e9ef; }
QDockWidget::title { background: #1e2127; padding: 5px; color: #aab3c2; }
QTreeView, QListWidget, QTreeWidget { background: #1b1e24; border: 1px solid #2b2f37;
           alternate-background-color: #1f232a; }
QPushButton { background: #2a2e36; color: #dfe3ea; border: 1px solid #363b45;
              border-radius: 4px; padding: 4px 10px; }
QPushButton:hover { background: #333844; }
QPushButton:checked { background: #a83232; border-color: #c44; }
QPushButton:disabled { color: #6b7280; }
QLineEdit, QComboBox, QDateTimeEdit { background: #1b1e24; border: 1px solid #363b45;
              border-radius: 3px; padding: 3px 6px; color: #e6e9ef; }
QTabBar::tab { background: #1e2127; color: #aab3c2; padding: 6px 14px; border: 1px solid #2b2f37;
               border-bottom: none; }
QTabBar::tab:selected { background: #2a2e36; color: white; }
QStatusBar { background: #1e2127; color: #aab3c2; }
QProgressBar { border: 1px solid #363b45; border-radius: 3px; background: #1b1e24;
               text-align: center; color: #e6e9ef; height: 14px; }
QProgressBar::chunk { background: #2f7d4a; }
"""


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#16181d",
        QPalette.ColorRole.WindowText: "#dfe3ea",
        QPalette.ColorRole.Base: "#1b1e24",
        QPalette.ColorRole.AlternateBase: "#1f232a",
        QPalette.ColorRole.Text: "#e6e9ef",
        QPalette.ColorRole.Button: "#2a2e36",
        QPalette.ColorRole.ButtonText: "#dfe3ea",
        QPalette.ColorRole.Highlight: "#2f5fa8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2a2e36",
        QPalette.ColorRole.ToolTipText: "#e6e9ef",
        QPalette.ColorRole.PlaceholderText: "#6b7280",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    app.setPalette(palette)
    app.setStyleSheet(STYLE)
