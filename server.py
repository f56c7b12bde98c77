"""The server: the Streamlit app (app.py) with the session cookie's routes beside it.

Start it with `streamlit run server.py` (make run does); `streamlit run app.py` would serve the app
without the routes, so a reload would ask for the login again.
"""

import streamlit as st

from reviews.web import middleware, routes

app = st.App("app.py", routes=routes(), middleware=middleware())
