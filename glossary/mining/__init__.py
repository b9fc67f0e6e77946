"""Mining aligned sentence pairs for new glossary concepts and for the renderings of known ones (issue 12).

The TUI and the CLI use these three; everything else in the package is how they work.
"""

from glossary.mining.suggest import Suggestion, accept_suggestion, suggest
from glossary.mining.variants import Rendering, VariantReport, variants

__all__ = ["Rendering", "Suggestion", "VariantReport", "accept_suggestion", "suggest", "variants"]
