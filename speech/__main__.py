"""`python -m speech`: the speech service (see speech/server.py)."""
import sys

from speech.server import main

sys.exit(main())
