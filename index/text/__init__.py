"""Text analysis for index and questions: tokens, sentences, spelling, synonyms, features."""
