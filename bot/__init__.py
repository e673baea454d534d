"""The front ends: the citeqa command line, its REPL, and the Telegram bot."""
