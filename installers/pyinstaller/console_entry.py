"""The frozen ``vedette-console`` executable's entry script (PyInstaller runs a
script, not a console_scripts entry point)."""

import sys

from vedette_console.app import main

sys.exit(main())
