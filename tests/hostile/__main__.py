"""python -m tests.hostile DIR: write every hostile case to DIR, to try by hand."""

from tests.hostile import main

main()
