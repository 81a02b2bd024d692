"""``python -m vedette_api.cli``: the ``vedette`` command."""

import sys

from vedette_api.cli.entry import main

sys.exit(main())
