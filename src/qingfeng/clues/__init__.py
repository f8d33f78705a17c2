"""The clue store: clues from models, reports, transfers and complaints, with their subjects and evidence."""
