"""Articles on disk: finding, reading and cleaning them, and bringing them in."""
