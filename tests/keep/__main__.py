"""python -m tests.keep DIR: write the folder of what people keep to DIR."""

from tests.keep import main

main()
