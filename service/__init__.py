"""presidio-pdf: find, locate and redact personal information in PDFs."""
