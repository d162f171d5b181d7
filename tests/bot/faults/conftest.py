"""The platform fixtures the fault tests share with the adapters' own tests."""

from tests.bot.discord.conftest import make_world  # noqa: F401
from tests.bot.slack.conftest import clock, fake, sleep  # noqa: F401
