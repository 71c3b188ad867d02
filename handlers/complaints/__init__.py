"""Confidential complaints: the intake flow in LINE, the desk (case numbers, receipts, limits), what the citizen
follows with a receipt, ratings, the status sync and the statistics. Imports handlers.ita and handlers.conversation."""
