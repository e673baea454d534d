"""Question sets and their figures: the file format, verdicts, metrics, SQuAD."""
