"""The Telegram front end: the PTB application, handlers, formatting and sending."""
