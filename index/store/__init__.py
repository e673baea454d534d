"""Built indexes on disk: the cached index, the column store, keeping them current."""
