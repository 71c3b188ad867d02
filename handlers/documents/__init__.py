"""The content of the published documents (analysis, progress report, complaint statistics) as plain data, their
requests and signed links. Imports every package before it; the writers in the top-level documents/ render it."""
