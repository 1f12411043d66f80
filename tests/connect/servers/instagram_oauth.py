"""The loopback Instagram Graph API on its Facebook Page's Graph API, with Facebook Login
and the Page list (``facebook_oauth``), for the Instagram connect flow's tests: the
server's Page has the Instagram account linked; the second Page has none."""

from __future__ import annotations

from tests.channels.servers.instagram_server import InstagramApp
from tests.connect.servers.facebook_oauth import FacebookOAuthApp


class InstagramOAuthApp(FacebookOAuthApp, InstagramApp):
    pass
