"""Drafting: facts + template + retrieved passages → Plan; revisions return new Plans."""
