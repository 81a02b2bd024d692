"""python -m vedette_console"""

import sys

from vedette_console.app import main

sys.exit(main())
