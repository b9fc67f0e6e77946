"""`python -m tui [DOC]`: the review app without the rest of the CLI."""

import typer

from tui.command import review

typer.run(review)
