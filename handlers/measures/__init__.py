"""Improvement measures: the อัปเดต flow by units, staleness, evidence photos and their links. Imports
handlers.ita, conversation, complaints and casework (shared change ids and who is asking)."""
