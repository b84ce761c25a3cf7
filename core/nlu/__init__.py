"""Understanding messages: the spaCy pipeline, term matching and the intent parser."""
