"""Sentences kept in the store (``storage.stored_words``): written in English whatever
language the writing process speaks, shown in the reader's language, values kept,
and anything Cordon did not write shown as it is."""

from __future__ import annotations

import pytest

from storage import i18n
from storage.i18n import ENGLISH
from storage.stored_words import english, english_n, shown
from tests.desk import Desk


def test_a_kept_sentence_is_written_in_english_in_a_welsh_process(welsh: None) -> None:
    assert english("This version of Cordon cannot reach {network}.", network="x") == (
        "This version of Cordon cannot reach x."
    )
    assert (
        english_n(
            "Gave up after {n} try: {message}", "Gave up after {n} tries: {message}", 1, message="m"
        )
        == "Gave up after 1 try: m"
    )
    assert (
        english_n(
            "Gave up after {n} try: {message}", "Gave up after {n} tries: {message}", 5, message="m"
        )
        == "Gave up after 5 tries: m"
    )


def test_a_kept_sentence_reads_in_welsh_with_its_values(welsh: None) -> None:
    assert shown("The channel needs reconnecting.") == "Mae angen ailgysylltu'r sianel."
    assert shown("This version of Cordon cannot reach bluesky yet.") == (
        "Ni all y fersiwn hon o Cordon gyrraedd bluesky eto."
    )
    # Both English forms of a counting sentence are known, and the count is kept.
    assert shown("Gave up after 1 try: Caught up.") == (
        "Rhoddwyd y gorau iddi ar ôl 1 cynnig: Wedi dal i fyny."
    )
    assert shown("Gave up after 12 tries: The channel needs reconnecting.") == (
        "Rhoddwyd y gorau iddi ar ôl 12 cynnig: Mae angen ailgysylltu'r sianel."
    )


def test_a_sentence_inside_another_is_translated_but_a_name_never_is(welsh: None) -> None:
    # "why" holds a sentence (its full stop dropped inside the brackets): translated.
    assert shown(
        "North Wales Police needs reconnecting (The channel needs reconnecting). It goes out"
        " once the channel is reconnected in Cordon."
    ) == (
        "Mae angen ailgysylltu North Wales Police (Mae angen ailgysylltu'r sianel). Bydd yn"
        " mynd allan unwaith y caiff y sianel ei hailgysylltu yn Cordon."
    )
    # A channel named like one of Cordon's sentences keeps its name.
    assert shown(
        "Caught up.: the network refused what Cordon asked (The channel needs reconnecting.)."
    ) == (
        "Caught up.: gwrthododd y rhwydwaith yr hyn a ofynnodd Cordon (Mae angen"
        " ailgysylltu'r sianel.)."
    )


def test_the_reading_that_explains_the_whole_text_wins(welsh: None) -> None:
    """A sentence inside another also matches a sentence that starts with a name: the
    outer reading, which explains both, is the one shown (a review found these shown
    as "Ni atebodd Gave up after 3 tries: Mastodon mewn pryd.")."""
    assert shown("Gave up after 3 tries: Mastodon did not answer in time.") == (
        "Rhoddwyd y gorau iddi ar ôl 3 cynnig: Ni atebodd Mastodon mewn pryd."
    )
    assert shown(
        "The network refused it: The network no longer accepts Cordon's access: reconnect"
        " the channel in Cordon."
    ) == (
        "Gwrthododd y rhwydwaith hi: Nid yw'r rhwydwaith yn derbyn mynediad Cordon mwyach:"
        " ailgysylltwch y sianel yn Cordon."
    )
    assert shown("Gave up after 1 try: The simulator did not answer in time.") == (
        "Rhoddwyd y gorau iddi ar ôl 1 cynnig: Ni atebodd Efelychydd Cordon mewn pryd."
    )


def test_an_officers_words_are_never_translated(welsh: None) -> None:
    """Only Cordon's kept sentences are looked for, not the window's labels: an
    officer's reason "Outage" or "Report" stays as typed, alone or in a sentence."""
    for typed in ("Outage", "Report", "Closed", "None", "Sent"):
        assert shown(typed) == typed
    assert shown("Stopped by bob: Outage") == "Stopiwyd gan bob: Outage"
    assert shown("Stopped by bob: The channel needs reconnecting.") == (
        "Stopiwyd gan bob: The channel needs reconnecting."
    )


def test_a_very_long_text_is_shown_as_it_is_at_once(welsh: None) -> None:
    long = "Gave up after 2 tries: " + "a, due b; stopped c " * 400  # 8,000 characters
    assert shown(long) == long


def test_a_networks_name_is_translated_only_when_cordon_wrote_it(welsh: None) -> None:
    assert shown("The simulator did not answer in time.") == (
        "Ni atebodd Efelychydd Cordon mewn pryd."
    )
    assert shown("Mastodon did not answer in time.") == "Ni atebodd Mastodon mewn pryd."


def test_what_cordon_did_not_write_is_shown_as_it_is(welsh: None) -> None:
    # A network's own words, an officer's reason, an empty field.
    for text in ("Validation failed: Text character limit of 500 exceeded", "road closed", ""):
        assert shown(text) == text
    # Cordon's words around a network's: the network's stay English.
    assert shown("The network refused it: Status is a duplicate") == (
        "Gwrthododd y rhwydwaith hi: Status is a duplicate"
    )


def test_in_english_a_kept_sentence_is_shown_unchanged() -> None:
    assert shown("The channel needs reconnecting.") == "The channel needs reconnecting."


@pytest.mark.asyncio
async def test_a_welsh_engine_keeps_a_failed_posts_reason_in_english_for_every_reader(
    desk: Desk, welsh: None
) -> None:
    """The publisher, in a process speaking Welsh, gives up on a post the simulator
    refuses five times: the store keeps the English sentence (an English console
    reads it as it is), and a Welsh console shows it in Welsh."""
    created = await desk.post("Road closed on the A55")
    desk.simulator.fail_next(*["500"] * 5)
    desk.clock.advance(minutes=2)
    for _ in range(5):
        await desk.publisher.publish_due()
        desk.clock.advance(minutes=20)
    kept = await desk.officer.store.run(
        lambda db: db.execute("SELECT last_error FROM targets WHERE id = ?", (created,)).fetchone()
    )
    assert kept[0].startswith("Gave up after 5 tries: ")
    assert shown(kept[0]).startswith("Rhoddwyd y gorau iddi ar ôl 5 cynnig: ")
    i18n.use(ENGLISH)
    assert shown(kept[0]) == kept[0]


def test_a_refusal_raised_kept_says_itself_here_and_keeps_its_english(welsh: None) -> None:
    """A refusal another process may store (the engine refusing a window's request):
    ``str()`` is this process's language, ``english`` the kept sentence, which a
    reader in either language reads back with ``shown``."""
    from storage.errors import StoreError

    refused = StoreError.kept(
        english("The exercise lasts {value}: jump to a time within it.", value="3h")
    )
    assert str(refused) == "Mae'r ymarfer yn para 3h: neidiwch i amser o'i fewn."
    assert refused.english == "The exercise lasts 3h: jump to a time within it."
    assert shown(refused.english) == str(refused)
    # One raised without a kept sentence (a storage error's) keeps what it says.
    assert StoreError("Disk full.").english == "Disk full."
    i18n.use(ENGLISH)
    assert shown(refused.english) == "The exercise lasts 3h: jump to a time within it."
    assert str(StoreError.kept(refused.english)) == refused.english


def test_a_refusal_for_want_of_a_role_names_the_action_and_roles_in_the_readers_language(
    welsh: None,
) -> None:
    """``NotPermitted`` is kept in English with its labels (the action's, the roles'),
    each translated where it is read: a Welsh process says it as it always did."""
    from console.permissions import Action, NotPermitted, require
    from storage.records import Role, User

    officer = User(1, "dora", "Dora", True, frozenset({Role.ADMINISTRATOR, Role.DUTY_OFFICER}), "")
    with pytest.raises(NotPermitted) as one_role:
        require(officer, Action.APPROVE)
    assert one_role.value.english == (
        "Approving or rejecting content needs the Approver role;"
        " you hold Administrator, Duty officer."
    )
    assert (
        str(one_role.value)
        == shown(one_role.value.english)
        == (
            "Mae Cymeradwyo neu wrthod cynnwys angen rôl Cymeradwywr;"
            " mae gennych chi Gweinyddwr, Swyddog ar ddyletswydd."
        )
    )
    nobody = User(2, "ned", "Ned", True, frozenset(), "")
    with pytest.raises(NotPermitted) as several:
        require(nobody, Action.ENGAGE_INCIDENT)
    assert several.value.english == (
        "Engaging incident mode needs the Approver or Duty officer role; you hold no role."
    )
    assert str(several.value) == (
        "Mae Cychwyn modd digwyddiad angen rôl Cymeradwywr neu Swyddog ar ddyletswydd;"
        " mae gennych chi dim rôl."
    )
    disabled = User(3, "val", "Val", False, frozenset({Role.TRAINER}), "")
    with pytest.raises(NotPermitted) as off:
        require(disabled, Action.CONTROL_EXERCISE)
    assert off.value.english == "Val's account is disabled: ask an administrator."
    assert str(off.value) == "Mae cyfrif Val wedi'i analluogi: gofynnwch i weinyddwr."
    i18n.use(ENGLISH)
    assert shown(several.value.english) == several.value.english
