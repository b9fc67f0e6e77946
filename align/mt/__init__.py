"""Machine translation with any local `transformers` seq2seq model: English drafts and back-translation QE.

torch and transformers are optional extras; nothing in this package imports them at module level, so the core
install can still list these commands and explain what to install.
"""
