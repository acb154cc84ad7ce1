"""`python -m reader`: the same as the `reader` command."""

import sys

from reader.cli import main

# The guard matters: worker processes are spawned, and import this module again.
if __name__ == "__main__":
    sys.exit(main())
