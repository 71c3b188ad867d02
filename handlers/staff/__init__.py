"""The whole assistant (which command or flow answers whom), staff cards, registration and the FAQ: the top of
handlers/, which may import every other package and which none imports."""
