"""What anyone may see: the public ITA result card, the greeting in a group, and the /transparency page's data.
Imports every package before it."""
