"""What the scheduled jobs post: the weekly digest, reminders, complaint deadlines and statistics, and the OIT link
check's job. Imports every package before it in the layout order; nothing imports jobs but documents and above."""
