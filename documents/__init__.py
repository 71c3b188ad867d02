"""Writers of the published documents: .docx (python-docx), chart images (Pillow + raqm), PDF (LibreOffice)."""
