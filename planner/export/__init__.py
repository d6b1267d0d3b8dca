"""Export: a Plan to 公文-format Word or Markdown, and the Word format checker."""
