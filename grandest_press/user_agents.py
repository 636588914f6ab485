"""Robots that fetch a link to show a preview of it (chat tools, social networks, search).

One list, used wherever a page must not count or show itself to them: an embargoed
release's preview link pasted into Slack or WhatsApp is fetched by the tool's robot, which
would otherwise unfurl the title and chapeau for the whole channel.
"""

import re

LINK_PREVIEW_ROBOTS = re.compile(
    r"""
      slackbot              # Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)
    | slack-imgproxy        # Slack-ImgProxy (+https://api.slack.com/robots)
    | facebookexternalhit   # facebookexternalhit/1.1 (+http://www.facebook.com/externalhit…)
    | facebookcatalog       # facebookcatalog/1.0
    | \bfacebot\b           # Facebot
    | twitterbot            # Twitterbot/1.0
    | linkedinbot           # LinkedInBot/1.0 (compatible; Mozilla/5.0; +http://www.linkedin.com)
    | whatsapp              # WhatsApp/2.23.20.0 A
    | telegrambot           # TelegramBot (like TwitterBot)
    | discordbot            # Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)
    | skypeuripreview       # Mozilla/5.0 (Windows NT 6.1) SkypeUriPreview Preview/0.5
    | microsoftpreview      # (compatible; MicrosoftPreview/2.0; +https://aka.ms/MicrosoftPreview)
    | teamsbot              # TeamsBot-LinkPreview
    | mattermost            # mattermost-1.0
    | rocket\.chat          # Rocket.Chat
    | googlebot             # Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)
    | google-inspectiontool # Google-InspectionTool/1.0
    | bingbot               # Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)
    | bingpreview           # BingPreview/1.0b
    | applebot              # Applebot/0.1 (+http://www.apple.com/go/applebot)
    | yandexbot             # Mozilla/5.0 (compatible; YandexBot/3.0)
    | duckduckbot           # DuckDuckBot/1.1
    | pinterestbot          # Mozilla/5.0 (compatible; Pinterestbot/1.0)
    | redditbot             # redditbot/1.0
    | embedly               # Embedly/0.2 (+http://embed.ly)
    | iframely              # Iframely/1.3.1 (+https://iframely.com/docs/about)
    | crawler | spider      # any self-declared crawler: "ExampleCrawler/1.0"
    | \+https?://           # a robot's contact address: "(+http://example.org/bot.html)"
    """,
    re.VERBOSE | re.IGNORECASE,
)


def is_link_preview_robot(user_agent: str) -> bool:
    """True for a robot that fetches links to preview them, by its User-Agent."""
    return LINK_PREVIEW_ROBOTS.search(user_agent) is not None
