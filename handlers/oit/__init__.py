"""The OIT checklist's links: the link rules and verdicts, and the flow by which a unit hands in a link. Imports the
packages below it (ita, conversation, complaints, casework, measures)."""
