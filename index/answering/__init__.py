"""Answering one question: parsing, ranking, evidence checks, abstention, conversation."""
