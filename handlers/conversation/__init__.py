"""The conversation engine every feature builds on: turns, replies, the flows' state table, phrasing (polite
words, Thai digits), the menu and who may use staff commands, the years a message names, signed links, and the
ports through which features reach storage and the desk. Imports only handlers.ita of handlers/."""
