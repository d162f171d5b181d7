"""The Slack adapter: translates between slack-bolt's AsyncApp and the platform-free core."""
