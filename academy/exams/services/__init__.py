"""Writes of the exams app, split by subject (bank, formats, attempts, commission, results)."""
