"""`python -m lstm_tui` runs the command line."""

import sys

from lstm_tui.cli import main

sys.exit(main())
