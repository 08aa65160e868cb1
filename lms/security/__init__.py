"""Login lockout, rate limits, client addresses and the Content-Security-Policy."""
