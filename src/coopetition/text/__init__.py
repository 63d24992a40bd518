"""Text: raw text → clean, segmented text (charset, cleaning, furniture, segmentation, actor names)."""
