"""The connect dialog end to end against loopback networks: Mastodon in the "browser"
(httpx following the authorize URL back to Cordon's listener, injected as the URL
opener), Bluesky with an app password, Facebook, Instagram and LinkedIn with the Page
chosen, Threads with a Page for its images, a refusal in the browser; the countdown
and Cancel; refusals up front; and no secret left in a box, a prompt or a log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import httpx
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console import credentials
from console import users as user_admin
from console.session import Session
from storage import channels
from storage.records import Channel, Role
from storage.store import Transaction
from tests.channels.servers.scripted_http import LoopbackServer, run
from tests.connect.helpers import CLOSE_WINDOW, browse, free_port
from tests.connect.servers.bluesky_server import BlueskyAccount, BlueskyApp
from tests.connect.servers.facebook_oauth import FacebookOAuthApp
from tests.connect.servers.instagram_oauth import InstagramOAuthApp
from tests.connect.servers.linkedin_oauth import LinkedInOAuthApp
from tests.connect.servers.mastodon_oauth import MastodonOAuthServer
from tests.connect.servers.mastodon_oauth import start as start_mastodon
from tests.connect.servers.threads_oauth import ThreadsOAuthApp
from tests.gui.waiting import until
from tests.helpers import FAST_KDF
from ui.channels.connect_dialog import ConnectDialog
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.frame.main_window import MainWindow

pytestmark = pytest.mark.asyncio

HANDLE = "northshire-police.bsky.test"
APP_PASSWORD = "abcd-efgh-ijkl-mnop"


class Browser:
    """The officer's browser: opens each URL it is given, following redirects."""

    def __init__(self, follow: bool = True) -> None:
        self.follow = follow
        self.opened: list[str] = []
        self.pages: list[httpx.Response] = []
        self._tasks: set[asyncio.Task[None]] = set()

    def __call__(self, url: str) -> None:
        self.opened.append(url)
        if self.follow:
            task = asyncio.ensure_future(self._visit(url))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _visit(self, url: str) -> None:
        self.pages.append(await browse(url))


@pytest.fixture
def mastodon() -> Iterator[MastodonOAuthServer]:
    server = start_mastodon()
    yield server
    server.stop()


@pytest.fixture
def bluesky() -> Iterator[LoopbackServer]:
    accounts = [
        BlueskyAccount(HANDLE, "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "main password", {APP_PASSWORD})
    ]
    pds = run(BlueskyApp(accounts))
    entryway = run(BlueskyApp(accounts, pds_url=pds.url))
    yield entryway
    entryway.stop()
    pds.stop()


@pytest.fixture
def facebook() -> Iterator[LoopbackServer]:
    server = run(FacebookOAuthApp())
    yield server
    server.stop()


async def add_channel(session: Session, name: str, network: str, account: str) -> Channel:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )

    def add(tx: Transaction) -> Channel:
        added = channels.insert(
            tx.db, name=name, network=network, account=account, area="", now=tx.now()
        )
        found = channels.get(tx.db, added)
        assert found is not None
        return found

    return await session.store.write(add)


async def test_mastodon_from_the_health_view_through_the_browser(
    session: Session,
    qtbot: QtBot,
    mastodon: MastodonOAuthServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    channel = await add_channel(session, "Force Mastodon", "mastodon", "force")
    window = MainWindow(session)
    qtbot.addWidget(window)
    browser = Browser()
    window.sync_parts.open_url = browser
    window.show()
    window.show_area("channels")
    view = window.health_view
    await until(lambda: view.model.rowCount() == 1)
    assert view.model.data(view.model.index(0, 5)) == "not connected"
    view.select_channel(channel.id)
    assert view.connect_button.text() == "&Connect…"
    view.connect_button.click()
    dialog = window.sync_parts.connect_dialog
    assert dialog is not None and dialog.isVisible()
    assert "sign-in page in your web browser" in dialog.intro.text()
    dialog.fields["instance_url"].setText(mastodon.url)
    dialog.connect_button.click()
    await until(lambda: dialog.connected)
    assert browser.opened and browser.opened[0].startswith(mastodon.url + "/oauth/authorize")
    assert CLOSE_WINDOW in browser.pages[0].text
    assert dialog.message.text().startswith("Force Mastodon is connected as Cordon.")
    assert "No posts were waiting for it." in dialog.message.text()
    shown = await credentials.connection(session.store, channel.id)
    assert shown.connected and shown.base_url == mastodon.url
    assert set(shown.keys) == {"access_token", "client_id", "client_secret"}
    found = await session.store.run(lambda db: channels.get(db, channel.id))
    assert found is not None and found.account == "cordon"  # the account signed in
    await until(lambda: view.model.data(view.model.index(0, 2)) == "@cordon")
    assert view.model.data(view.model.index(0, 5)) == "no expiry"
    assert "is connected" in view.result.text()
    token = next(iter(mastodon.state.tokens))
    said = "\n".join([*PROMPTS.shown, *(r.getMessage() for r in caplog.records),
                      dialog.message.text(), view.result.text()])  # fmt: skip
    assert token not in said
    dialog.cancel_button.click()  # now "Close"
    window.close_for_good()


async def test_the_countdown_and_cancel(
    session: Session, qtbot: QtBot, mastodon: MastodonOAuthServer
) -> None:
    channel = await add_channel(session, "Force Mastodon", "mastodon", "force")
    browser = Browser(follow=False)  # the officer never signs in
    dialog = ConnectDialog(session, channel, Tasks(), open_url=browser)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["instance_url"].setText(mastodon.url)
    dialog.connect_button.click()
    await until(lambda: "5 min left" in dialog.waiting.text())
    assert dialog.waiting.text().startswith("Waiting for you to sign in in the browser… 5 min ")
    await until(lambda: "4 min 59 s left" in dialog.waiting.text())  # it counts down
    assert not dialog.connect_button.isEnabled() and dialog.reopen_button.isVisible()
    dialog.reopen_button.click()
    assert len(browser.opened) == 2 and browser.opened[0] == browser.opened[1]
    dialog.cancel_button.click()
    await until(lambda: not dialog.busy)
    assert dialog.message.text() == "Cancelled: nothing was connected."
    assert dialog.isVisible() and dialog.connect_button.isEnabled()
    assert not (await credentials.connection(session.store, channel.id)).connected
    dialog.cancel_button.click()
    assert not dialog.isVisible()


async def test_bluesky_with_an_app_password(
    session: Session, qtbot: QtBot, bluesky: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    channel = await add_channel(session, "Force Bluesky", "bluesky", "force.bsky.social")
    browser = Browser(follow=False)
    dialog = ConnectDialog(
        session, channel, Tasks(), open_url=browser, options={"plc_url": bluesky.url}
    )
    qtbot.addWidget(dialog)
    dialog.show()
    password = dialog.fields["app_password"]
    assert password.echoMode() is password.EchoMode.Password
    assert "App passwords" in dialog.link.text()
    dialog.link.linkActivated.emit("https://bsky.app/settings/app-passwords")
    assert browser.opened == ["https://bsky.app/settings/app-passwords"]
    dialog.fields["handle"].setText(HANDLE)
    dialog.fields["entryway"].setText(bluesky.url)
    password.setText("aaaa-bbbb-cccc-dddd")  # not its app password
    dialog.connect_button.click()
    await until(lambda: not dialog.busy and dialog.message.isVisible())
    assert "did not accept that app password" in dialog.message.text()
    assert password.text() == ""  # cleared after use
    password.setText(APP_PASSWORD)
    dialog.connect_button.click()
    # The PDS checks an app password with scrypt: on a busy machine (three test runs at
    # once) its answer has come after more than 10 s.
    await until(lambda: dialog.connected, seconds=30)
    assert password.text() == ""
    assert dialog.message.text().startswith(f"Force Bluesky is connected as @{HANDLE}.")
    assert "Its access lasts until" in dialog.message.text()
    shown = await credentials.connection(session.store, channel.id)
    assert shown.connected and shown.expires_utc is not None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert APP_PASSWORD not in logged and APP_PASSWORD not in "\n".join(PROMPTS.shown)


async def test_facebook_lets_the_officer_choose_the_page(
    session: Session, qtbot: QtBot, facebook: LoopbackServer
) -> None:
    channel = await add_channel(session, "Force Facebook", "facebook", "force")
    dialog = ConnectDialog(
        session, channel, Tasks(), open_url=Browser(),
        options={"dialog_url": facebook.url, "graph_url": facebook.url},
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["app_id"].setText("555")
    dialog.fields["app_secret"].setText("app-secret-value")
    dialog.fields["redirect_port"].setText(str(free_port()))
    dialog.connect_button.click()
    await until(lambda: dialog.page_button.isVisible())
    assert "Choose the force's Page" in dialog.waiting.text()
    assert [dialog.pages.itemText(i) for i in range(dialog.pages.count())] == [
        "Cordon Police",
        "Cordon Fire (insights only) (your role cannot post)",
    ]
    assert dialog.pages.currentData() == "1000001"
    dialog.page_button.click()
    await until(lambda: dialog.connected)
    assert dialog.message.text().startswith("Force Facebook is connected as Cordon Police.")
    assert dialog.fields["app_secret"].text() == ""
    found = await session.store.run(lambda db: channels.get(db, channel.id))
    assert found is not None and found.account == "1000001"  # the Page's id


async def test_refused_up_front_in_an_exercise_store_and_for_officers(
    exercise_session: Session, session: Session, qtbot: QtBot
) -> None:
    channel = await add_channel(exercise_session, "Live Bluesky", "bluesky", "force.bsky.social")
    dialog = ConnectDialog(exercise_session, channel, Tasks())
    qtbot.addWidget(dialog)
    assert "This is an exercise store" in dialog.refusal.text()
    assert not dialog.connect_button.isEnabled()
    assert not dialog.fields["app_password"].isEnabled()

    officer = await user_admin.add_user(
        session, name="dora", password="duty officer phrase", roles=[Role.DUTY_OFFICER],
        kdf=FAST_KDF,
    )  # fmt: skip
    plain = await session.store.write(
        lambda tx: channels.insert(
            tx.db, name="Masto", network="mastodon", account="force", area="", now=tx.now()
        )
    )
    found = await session.store.run(lambda db: channels.get(db, plain))
    assert found is not None
    refused = ConnectDialog(Session(session.store, officer, via="test"), found, Tasks())
    qtbot.addWidget(refused)
    assert refused.refusal.text().startswith("Only an administrator can connect channels")
    assert not refused.connect_button.isEnabled()


async def test_a_simulator_channel_reconnects_in_an_exercise_store(
    exercise_session: Session, qtbot: QtBot
) -> None:
    """What a token_expired inject asks of the team: the dialog reconnects a simulator
    channel with nothing typed, and the store keeps no secret and no address for it."""
    channel = await add_channel(exercise_session, "Wessex Police", "simulator", "wessexpolice")
    dialog = ConnectDialog(exercise_session, channel, Tasks())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.refusal.isVisible() and dialog.connect_button.isEnabled()
    assert "needs no account" in dialog.intro.text()
    dialog.connect_button.click()
    await until(lambda: dialog.connected)
    shown = await credentials.connection(exercise_session.store, channel.id)
    assert shown.connected and shown.keys == () and shown.base_url == ""


@pytest.fixture
def threads() -> Iterator[tuple[LoopbackServer, ThreadsOAuthApp]]:
    app = ThreadsOAuthApp()
    server = run(app)
    yield server, app
    server.stop()


@pytest.fixture
def instagram() -> Iterator[tuple[LoopbackServer, InstagramOAuthApp]]:
    app = InstagramOAuthApp()
    server = run(app)
    yield server, app
    server.stop()


@pytest.fixture
def linkedin() -> Iterator[tuple[LoopbackServer, LinkedInOAuthApp]]:
    app = LinkedInOAuthApp()
    server = run(app)
    yield server, app
    server.stop()


async def test_threads_through_the_browser_with_a_page_for_images(
    session: Session,
    qtbot: QtBot,
    threads: tuple[LoopbackServer, ThreadsOAuthApp],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    server, app = threads
    channel = await add_channel(session, "Force Threads", "threads", "force")
    browser = Browser()
    dialog = ConnectDialog(
        session, channel, Tasks(), open_url=browser,
        options={"authorize_url": server.url, "graph_url": server.url},
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    assert list(dialog.fields) == ["app_id", "app_secret", "page_id", "page_access_token",
                                   "redirect_port"]  # fmt: skip
    dialog.fields["app_id"].setText("998877")
    dialog.fields["app_secret"].setText("threads-app-secret")
    dialog.fields["page_id"].setText("1000001")
    dialog.fields["page_access_token"].setText("EAAPpage-token")
    dialog.fields["redirect_port"].setText(str(free_port()))
    dialog.connect_button.click()
    await until(lambda: dialog.connected)

    assert browser.opened and browser.opened[0].startswith(server.url)
    assert dialog.message.text().startswith("Force Threads is connected as Cordon Police.")
    assert "Its access lasts until" in dialog.message.text()
    assert dialog.fields["app_secret"].text() == dialog.fields["page_access_token"].text() == ""
    found = await session.store.run(lambda db: channels.get(db, channel.id))
    assert found is not None and found.account == app.user_id
    shown = await credentials.connection(session.store, channel.id)
    assert shown.connected
    said = "\n".join(r.getMessage() for r in caplog.records) + "\n".join(PROMPTS.shown)
    assert "threads-app-secret" not in said and "EAAPpage-token" not in said


async def test_instagram_through_the_page_it_is_linked_to(
    session: Session, qtbot: QtBot, instagram: tuple[LoopbackServer, InstagramOAuthApp]
) -> None:
    server, app = instagram
    channel = await add_channel(session, "Force Instagram", "instagram", "force")
    dialog = ConnectDialog(
        session, channel, Tasks(), open_url=Browser(),
        options={"dialog_url": server.url, "graph_url": server.url},
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["app_id"].setText("555")
    dialog.fields["app_secret"].setText("app-secret-value")
    dialog.fields["redirect_port"].setText(str(free_port()))
    dialog.connect_button.click()
    await until(lambda: dialog.page_button.isVisible())
    assert [dialog.pages.itemText(i) for i in range(dialog.pages.count())] == [
        "@cordonpolice (through Cordon Police)"
    ]
    dialog.page_button.click()
    await until(lambda: dialog.connected)
    assert dialog.message.text().startswith("Force Instagram is connected as @cordonpolice.")
    found = await session.store.run(lambda db: channels.get(db, channel.id))
    assert found is not None and found.account == app.ig_user


async def start_linkedin(
    session: Session, qtbot: QtBot, server: LoopbackServer
) -> tuple[Channel, ConnectDialog]:
    """A LinkedIn channel's dialog, filled in and Connect pressed."""
    channel = await add_channel(session, "Force LinkedIn", "linkedin", "force")
    dialog = ConnectDialog(
        session, channel, Tasks(), open_url=Browser(),
        options={"oauth_url": f"{server.url}/oauth/v2", "api_url": server.url},
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["client_id"].setText("78linkedinclient")
    dialog.fields["client_secret"].setText("linkedin-client-secret")
    dialog.fields["redirect_port"].setText(str(free_port()))
    dialog.connect_button.click()
    return channel, dialog


async def test_linkedin_lets_the_officer_choose_the_organisation_page(
    session: Session, qtbot: QtBot, linkedin: tuple[LoopbackServer, LinkedInOAuthApp]
) -> None:
    server, app = linkedin
    channel, dialog = await start_linkedin(session, qtbot, server)
    await until(lambda: dialog.page_button.isVisible())
    assert dialog.pages.itemText(0) == "Cordon Police"
    dialog.page_button.click()
    await until(lambda: dialog.connected)
    assert dialog.message.text().startswith("Force LinkedIn is connected as Cordon Police.")
    found = await session.store.run(lambda db: channels.get(db, channel.id))
    assert found is not None and found.account == app.organization


async def test_a_refusal_in_the_browser_lets_the_officer_start_again(
    session: Session, qtbot: QtBot, linkedin: tuple[LoopbackServer, LinkedInOAuthApp]
) -> None:
    server, app = linkedin
    app.codes.consent = "deny"
    channel, dialog = await start_linkedin(session, qtbot, server)
    await until(lambda: dialog.message.isVisible() and not dialog.busy)
    assert not dialog.connected
    assert dialog.message.text().startswith(
        "You did not allow Cordon to use the Pages on LinkedIn, so nothing was connected."
    )
    assert dialog.connect_button.isEnabled()  # the officer can start again
    assert "linkedin-client-secret" not in dialog.message.text()
    shown = await credentials.connection(session.store, channel.id)
    assert not shown.connected


async def test_the_connect_window_asks_and_answers_in_welsh(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """Each network's fields and hints, and what connecting did, in Welsh (they were
    English)."""
    from PySide6.QtWidgets import QLabel

    from console.credentials import Connected
    from storage.i18n import ENGLISH, WELSH
    from ui.common.translations import install

    channel = await add_channel(session, "Force Bluesky", "bluesky", "force")
    install(qapp, WELSH)
    try:
        dialog = ConnectDialog(session, channel, Tasks(), open_url=Browser(follow=False))
        qtbot.addWidget(dialog)
        shown = [label.text() for label in dialog.findChildren(QLabel)]
        said = dialog.outcome_sentence(None, Connected(channel.id, (1, 2), 1, (3,)))
        nothing = dialog.outcome_sentence(None, Connected(channel.id, (), 0))
    finally:
        install(qapp, ENGLISH)
    assert "Handlen Bluesky" in shown and "Er enghraifft policeforce.bsky.social." in shown
    assert not any(text.startswith(("Bluesky handle", "App password", "For example"))
                   for text in shown)  # fmt: skip
    assert said.startswith("Mae Force Bluesky wedi'i chysylltu. Aeth 2 neges"), said
    assert "Mae 1 ohonynt wedi'i hatal" in said and "yn y Ciw" in said, said
    assert nothing.endswith("Nid oedd unrhyw neges yn aros amdani.")
    # English as it was: the plural forms from cordon_en.ts.
    english = dialog.outcome_sentence(None, Connected(channel.id, (1, 2), 1, (3,)))
    assert english == (
        "Force Bluesky is connected. 2 posts that were waiting for this channel went back "
        "on the queue. 1 of them is held by the incident in progress, for review. 1 post's "
        "time passed while it was disconnected: it is now missed; reschedule or cancel it in "
        "the Queue."
    )
