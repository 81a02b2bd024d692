"""The frozen ``vedette`` command line's entry script (PyInstaller runs a script,
not a console_scripts entry point)."""

import sys

from vedette_api.cli.entry import main

sys.exit(main())
