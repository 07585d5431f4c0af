"""Human post-editing: review packages out (XLIFF, bilingual DOCX) and reviewed translations back in."""
