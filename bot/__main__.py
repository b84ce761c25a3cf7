"""`python -m bot` is `career-bot`."""

import sys

from bot.cli import main

sys.exit(main())
