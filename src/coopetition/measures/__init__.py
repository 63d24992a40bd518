"""Measures: text → measurements (cues, labels, sentence vectors, quantities, numerals, statistics, metrics, network)."""
