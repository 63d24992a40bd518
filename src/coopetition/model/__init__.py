"""Model: fitting and validating the measures, and the hand-coding tools that feed them; imported by nothing below it."""
