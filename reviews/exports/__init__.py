"""Pure builders of exported files (CSV, Word): data in, bytes out. No database, no Streamlit."""
