"""Search backends behind one interface: rank-bm25, tantivy, SphinxQL and naive."""
