"""The documents offices publish (DESIGN §10), as plain content: headings, paragraphs, tables, charts."""
