"""The page's parts, imported by app.py (the only entry point); the only package besides app.py that
imports streamlit. state holds the page state and its changes; resources the shared services; the
views draw one tab each (results, chat, documents, library, guide) and the sidebar; render the
shared drawing helpers. Domain decisions live in metrics, planner and workspaces, never here."""
