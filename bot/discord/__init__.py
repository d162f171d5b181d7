"""The Discord adapter: translates between discord.py 2.7 and the platform-free core."""
