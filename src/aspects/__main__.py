"""Run the `aspects` command with `python -m aspects`."""

from aspects.cli import main

main()
