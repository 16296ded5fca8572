"""File → Article → analyzed document: pure analysis, spaCy only; no store, no Slack."""
