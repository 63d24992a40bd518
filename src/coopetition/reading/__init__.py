"""Reading: files → raw articles and their metadata (readers, corpus, metadata, dedup)."""
