"""Connecting a channel: the Qt-free part the connect window drives.

One flow object per network. Each class says what the window must ask the officer
for in ``FIELDS`` (``FieldSpec``: name, label, hint, secret, default, required); the
names are its constructor's keyword arguments. Bad input raises ``ConnectFailed``
(``reason="bad_input"``) from the constructor.

Browser sign-ins (``MastodonConnect``, ``XConnect``, ``FacebookConnect``)::

    async with MastodonConnect(instance_url="mastodon.social") as flow:  # start()
        open_in_browser(flow.authorize_url())
        redirect = await flow.wait_for_redirect(timeout=300)
        result = await flow.finish(redirect)             # ConnectResult

Facebook's ``finish`` returns the Pages (``FacebookPage``: id, name, can_post) for the
officer to pick from, and ``await flow.choose_page(page_id)`` returns the
``ConnectResult``. X and Facebook need the callback registered with their app, so
give them ``redirect_port=`` the port of the registered
``http://127.0.0.1:{port}/callback`` (``flow.redirect_uri`` says what to register).

Bluesky (no browser)::

    async with BlueskyConnect(handle="force.bsky.social", app_password="...") as flow:
        result = await flow.connect()

``ConnectResult`` (network, handle, display_name, base_url, secrets, expires_utc) maps
onto ``console.channels.base.Account``; the caller keeps ``secrets`` in the
encrypted store. Every failure is ``ConnectFailed``: ``str()`` is a sentence for the
officer and ``.reason`` a short word; neither ever holds a secret.
"""

from console.connect.base import CALLBACK_PORT, ConnectFailed, ConnectResult, FieldSpec
from console.connect.bluesky import BlueskyConnect
from console.connect.facebook import FacebookConnect, FacebookPage, InstagramConnect
from console.connect.linkedin import LinkedInConnect
from console.connect.loopback import Redirect, RedirectListener
from console.connect.mastodon import MastodonConnect
from console.connect.oauth import OAuthFlow
from console.connect.threads import ThreadsConnect
from console.connect.x import XConnect

__all__ = [
    "CALLBACK_PORT",
    "BlueskyConnect",
    "ConnectFailed",
    "ConnectResult",
    "FacebookConnect",
    "FacebookPage",
    "FieldSpec",
    "InstagramConnect",
    "LinkedInConnect",
    "MastodonConnect",
    "OAuthFlow",
    "Redirect",
    "RedirectListener",
    "ThreadsConnect",
    "XConnect",
]
