"""Officers' case work: the list of open cases, a case's card, its actions (assign, note, close, reopen), the
updates pushed to citizens, and the photos of a case. Imports handlers.ita, conversation and complaints."""
