"""What each network accepts, in one place, and how each counts a post's length.

Every channel counts with one ``TextRule``: a way of counting (``counting``), a limit,
and, for Mastodon's way, how many characters a link counts as. A network has a default
rule; a Mastodon-compatible channel replaces it with what its own server says (read at
connect and on every sync pass, kept on the channel: ``ServerLimits`` in
``storage.records``). The composer, holding statements, replies, the CSV import, the
exercise scenario checks and the simulator all count through ``TextRule.count``.

The ways of counting, and where each was learned:

* ``x``: X's weighted length, from twitter-text (the reference library X publishes)
  through its conformance-tested Python port ``twitter-text-parser`` (configuration
  v3): most Latin, Greek, Cyrillic and common punctuation weigh 1, other scripts 2,
  every emoji 2 however many code points make it, and every link 23, with or without
  ``https://`` (``met.police.uk/closures`` is a link to X). X also refuses a text with
  one of twitter-text's invalid characters (U+FFFE, U+FFFF, U+202A to U+202E).
* ``mastodon``: Mastodon's ``StatusLengthValidator`` (``app/validators/``, Mastodon 4):
  grapheme clusters (``each_grapheme_cluster``) after every link *with* a scheme
  (``extract_url_without_protocol: false``; Mastodon's own link pattern from
  ``config/initializers/twitter_regex.rb``) is replaced by ``characters_reserved_per_url``
  characters (23) and every mention ``@user@domain`` by ``@user`` (``Account::MENTION_RE``);
  overlapping entities are resolved as twitter-text's ``remove_overlapping_entities``.
  A bare ``example.com`` counts in full. The server says its limit and link length in
  ``/api/v2/instance`` (``configuration.statuses``).
* ``code_points``: GoToSocial (``internal/processing/status``:
  ``len([]rune(status)) + len([]rune(spoiler))``): every Unicode code point, links and
  mentions in full. It reports ``characters_reserved_per_url`` but does not use it.
* ``graphemes``: Bluesky (300 graphemes; links are facets and count as written), and
  Pleroma and Akkoma (``CommonAPI.Utils.validate_character_limit``: Elixir's
  ``String.length``, grapheme clusters, links and mentions in full).
* ``characters``: Facebook Pages (63,206 characters), Instagram captions (2,200),
  LinkedIn posts (3,000): code points, links in full.
* ``threads``: Threads (500): its Posts guide says "Emojis are counted as the number
  of UTF-8 bytes", so a grapheme holding an emoji counts its UTF-8 bytes, every other
  character one; links count in full.
* ``strictest``: a Mastodon-compatible server whose software Cordon does not know: the
  largest of the Mastodon and code-point counts, so nothing it passes is refused for
  length by any of those ways of counting.

``check_text`` returns the sentence an officer needs when a text will not go.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex
from twitter_text import parse_tweet
from twitter_text.extract_urls import is_valid_url
from twitter_text.has_invalid_characters import has_invalid_characters
from twitter_text.regexp.latin_accent_chars import latin_accent_chars
from twitter_text.regexp.valid_domain import valid_domain
from twitter_text.regexp.valid_tco_url import valid_tco_url
from twitter_text.regexp.valid_url_balanced_parens import valid_url_balanced_parens
from twitter_text.regexp.valid_url_preceding_chars import valid_url_preceding_chars

from storage.i18n import N_, _, ngettext
from storage.records import ServerLimits

GRAPHEME = regex.compile(r"\X")
HASHTAG = regex.compile(r"(?<![\w&])#\w")
INSTAGRAM_HASHTAGS = 30
LINK_LENGTH = 23  # X's t.co length, and Mastodon's characters_reserved_per_url

X = "x"
MASTODON = "mastodon"
CODE_POINTS = "code_points"
GRAPHEMES = "graphemes"
CHARACTERS = "characters"
STRICTEST = "strictest"
THREADS = "threads"
COUNTINGS = (X, MASTODON, CODE_POINTS, GRAPHEMES, CHARACTERS, STRICTEST, THREADS)
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")


def graphemes(text: str) -> int:
    return len(GRAPHEME.findall(text))


def x_weighted_length(text: str) -> int:
    """The length X counts: twitter-text v3's ``weightedLength``."""
    return int(parse_tweet(text).weightedLength)


# -- Mastodon's count (StatusLengthValidator#countable_text) -------------------------------
#
# Mastodon's link pattern is twitter-text's ``valid_url`` with the path and query parts
# replaced (config/initializers/twitter_regex.rb) and more schemes. Only links with a
# scheme count as links (extract_url_without_protocol: false). The path's ending
# characters keep twitter-text's own balanced-parentheses part: Mastodon redefines that
# part only after it has built the ending characters from the original.

_UCHARS = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
    "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
)
_PATH_CHAR = r"[^\p{White_Space}<>()?]"
_PATH_PARENS = rf"\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*))\)"
_PATH_END = (
    r"[^\p{White_Space}()?!*\"'「」<>;:=,.$%\[\]~&|@]"
    rf"|(?:{valid_url_balanced_parens.pattern})"
)
_PATH = (
    rf"(?:(?:{_PATH_CHAR}*(?:{_PATH_PARENS}{_PATH_CHAR}*)*(?:{_PATH_END}))"
    rf"|(?:{_PATH_CHAR}+/))"
)
_QUERY = rf"[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@\^{_UCHARS}]"
_QUERY_END = rf"[a-z0-9_&=#/\-{_UCHARS}]"
MASTODON_URL = regex.compile(
    rf"(({valid_url_preceding_chars.pattern})"
    r"(((?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://)?"
    rf"({valid_domain.pattern})"
    r"(?::([0-9]+))?"
    rf"(/{_PATH}*)?"
    rf"(\?{_QUERY}*{_QUERY_END})?))",
    regex.IGNORECASE | regex.VERSION0,
)
# Account::MENTION_RE (Mastodon 4) and twitter-text's end_mention_match.
MASTODON_MENTION = regex.compile(
    r"(?<![=/\w])@(([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@[\w.-]+\w+)?)", regex.IGNORECASE
)
_MENTION_END = regex.compile(rf"^(?:[@＠{latin_accent_chars.pattern}]|://)")
_BLANK = regex.compile(r"^[\p{White_Space}]*$")


def _mastodon_entities(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, screen name or None for a link), overlaps removed."""
    found: list[tuple[int, int, str | None]] = []
    if ":" in text:
        for match in MASTODON_URL.finditer(text):
            protocol, domain = match.group(4), match.group(5)
            if not protocol:
                continue
            url = match.group(3)
            start, end = match.start(3), match.end(3)
            tco = valid_tco_url.search(url)
            if tco:
                if tco.group(1) and len(tco.group(1)) > 40:
                    continue
                end = start + len(tco.group(0))
            if not is_valid_url(url, protocol, domain):
                continue
            found.append((start, end, None))
    if "@" in text or "＠" in text:
        for match in MASTODON_MENTION.finditer(text):
            if _MENTION_END.match(text, match.end()):
                continue
            found.append((match.start(1) - 1, match.end(1), match.group(1)))
    found.sort(key=lambda entity: entity[0])
    kept: list[tuple[int, int, str | None]] = []
    for entity in found:
        if kept and kept[-1][1] > entity[0]:
            continue
        kept.append(entity)
    return kept


def mastodon_length(text: str, url_length: int = LINK_LENGTH) -> int:
    """Mastodon's count: graphemes, a link with a scheme as ``url_length``, a mention
    ``@user@domain`` as ``@user``."""
    if _BLANK.match(text):
        return 0
    parts = []
    position = 0
    for start, end, screen_name in _mastodon_entities(text):
        parts.append(text[position:start])
        if screen_name is None:
            parts.append("x" * url_length)
        else:
            parts.append("@" + screen_name.split("@")[0])
        position = end
    parts.append(text[position:])
    return graphemes("".join(parts))


def code_points(text: str) -> int:
    return len(text)


def threads_length(text: str) -> int:
    """Threads' count: a grapheme with an emoji in it as its UTF-8 bytes, every other
    character as one."""
    return sum(
        len(cluster.encode("utf-8")) if _EMOJI.search(cluster) else len(cluster)
        for cluster in GRAPHEME.findall(text)
    )


def count(counting: str, text: str, url_length: int = LINK_LENGTH) -> int:
    """``text``'s length as the way of counting ``counting`` measures it."""
    if counting == X:
        return x_weighted_length(text)
    if counting == MASTODON:
        return mastodon_length(text, url_length)
    if counting == CODE_POINTS:
        return code_points(text)
    if counting == GRAPHEMES:
        return graphemes(text)
    if counting == CHARACTERS:
        return len(text)
    if counting == STRICTEST:
        return max(mastodon_length(text, url_length), code_points(text))
    if counting == THREADS:
        return threads_length(text)
    raise ValueError(f"Cordon does not know the way of counting {counting!r}.")


@dataclass(frozen=True)
class TextRule:
    """How one channel counts a post, and how many it takes."""

    counting: str
    limit: int
    url_length: int = LINK_LENGTH  # Mastodon's characters_reserved_per_url

    def count(self, text: str) -> int:
        return count(self.counting, text, self.url_length)

    def remaining(self, text: str) -> int:
        """How many characters are left (negative: how many too many)."""
        return self.limit - self.count(text)


# What each Mastodon-compatible server software counts with (nodeinfo's software.name).
SOFTWARE_COUNTING = {
    "mastodon": MASTODON,
    "hometown": MASTODON,  # a Mastodon fork; its validator is Mastodon's
    "glitchsoc": MASTODON,
    "gotosocial": CODE_POINTS,
    "pleroma": GRAPHEMES,
    "akkoma": GRAPHEMES,
}


def counting_for_software(name: str) -> str:
    """The way of counting of a server software (``strictest`` for one not known)."""
    return SOFTWARE_COUNTING.get(name.strip().lower(), STRICTEST)


@dataclass(frozen=True)
class Network:
    key: str
    english: str  # its name in English (N_-marked when it has words to translate)
    rule: TextRule  # the default, until the channel's server says otherwise
    unit: str
    images_max: int
    image_max_bytes: int
    alt_text_required: bool
    native_scheduling: bool
    can_delete: bool
    # No post without an image (Instagram): a text goes out as a statement card.
    needs_image: bool = False
    # No open posting API: an officer posts it by hand and says so (console.manual).
    manual: bool = False

    @property
    def label(self) -> str:
        """Its name in the officer's language (``Simulator``: ``Efelychydd``)."""
        return _(self.english)

    @property
    def limit(self) -> int:
        return self.rule.limit


NETWORKS: dict[str, Network] = {
    n.key: n
    for n in (
        Network(
            "bluesky",
            "Bluesky",
            TextRule(GRAPHEMES, 300),
            "characters",
            4,
            1_000_000,
            True,
            False,
            True,
        ),
        Network(
            "x",
            "X",
            TextRule(X, 280),
            "characters",
            4,
            5_000_000,
            True,
            False,
            True,
        ),
        Network(
            "mastodon",
            "Mastodon",
            TextRule(MASTODON, 500),
            "characters",
            4,
            16_000_000,
            True,
            True,
            True,
        ),
        Network(
            "facebook",
            N_("Facebook Page"),
            TextRule(CHARACTERS, 63_206),
            "characters",
            10,
            10_000_000,
            True,
            True,
            True,
        ),
        Network(
            "threads",
            "Threads",
            TextRule(THREADS, 500),
            "characters",
            20,  # a carousel
            8_000_000,
            True,
            False,
            True,
        ),
        Network(
            "instagram",
            "Instagram",
            TextRule(CHARACTERS, 2200),
            "characters",
            10,  # a carousel
            8_000_000,
            True,
            False,
            False,  # its API deletes nothing
            needs_image=True,
        ),
        Network(
            "linkedin",
            N_("LinkedIn Page"),
            TextRule(CHARACTERS, 3000),
            "characters",
            20,  # a multi-image post
            8_000_000,
            True,
            False,
            True,
        ),
        # No open posting API: Cordon keeps the post, reminds, copies, records (manual).
        *(
            Network(
                key,
                label,
                TextRule(CHARACTERS, 100_000),  # pasted by hand: the site's own box decides
                "characters",
                0,
                0,
                False,
                False,
                False,
                manual=True,
            )
            for key, label in (
                ("nextdoor", N_("Nextdoor (by hand)")),
                ("whatsapp_channel", N_("WhatsApp Channel (by hand)")),
                ("website", N_("Force website (by hand)")),
            )
        ),
        # The simulator plays a Mastodon-like network, with the limit its settings give.
        Network(
            "simulator",
            N_("Simulator"),
            TextRule(MASTODON, 500),
            "characters",
            4,
            5_000_000,
            True,
            True,
            True,
        ),
    )
}


def network(key: str) -> Network:
    try:
        return NETWORKS[key]
    except KeyError:
        raise ValueError(f"Cordon does not know the network {key!r}.") from None


def rule_for(key: str, limits: ServerLimits | None = None) -> TextRule:
    """The channel's rule: what its server said (``limits``), else the network's."""
    default = network(key).rule
    if limits is None:
        return default
    counting = limits.counting if limits.counting in COUNTINGS else default.counting
    return TextRule(
        counting,
        limits.max_characters or default.limit,
        limits.url_length or default.url_length,
    )


def channel_rule(db: Any, channel_id: int, key: str) -> TextRule:
    """The rule of a stored channel (its server's, where Cordon has read it)."""
    from storage import channels

    return rule_for(key, channels.limits_of(db, channel_id))


def remaining(key: str, text: str, rule: TextRule | None = None) -> int:
    """How many characters are left (negative: how many too many)."""
    return (rule or network(key).rule).remaining(text)


def check_text(key: str, text: str, rule: TextRule | None = None) -> str | None:
    """A sentence saying what to change, or None when the network will take it."""
    spec = network(key)
    rule = rule or spec.rule
    if not text.strip():
        return _("The post for {network} is empty: write something first.").format(
            network=spec.label
        )
    if rule.counting == X and has_invalid_characters(text):
        return _(
            "{network} refuses this text: it holds a character X does not accept "
            "(U+FFFE, U+FFFF or a direction override, U+202A to U+202E). Remove it."
        ).format(network=spec.label)
    if key == "instagram" and len(HASHTAG.findall(text)) > INSTAGRAM_HASHTAGS:
        return _(
            "Instagram takes at most {limit} hashtags in a caption: this has {n}. Remove some."
        ).format(limit=INSTAGRAM_HASHTAGS, n=len(HASHTAG.findall(text)))
    over = -rule.remaining(text)
    if over > 0:
        return ngettext(
            "{network} allows {limit} {unit}: this is {over} character too long. Shorten it, "
            "or give this channel its own shorter version.",
            "{network} allows {limit} {unit}: this is {over} characters too long. Shorten "
            "it, or give this channel its own shorter version.",
            over,
        ).format(network=spec.label, limit=rule.limit, unit=_(spec.unit), over=over)
    return None


# The units a network counts in, as the window shows them (translated where shown).
UNITS = (N_("characters"), N_("graphemes"))


def image_type(data: bytes) -> str | None:
    """The image's type from its first bytes (never from its name)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_images(
    key: str, images: list[tuple[str, bytes, str]], limits: ServerLimits | None = None
) -> str | None:
    """``images`` as (file name, bytes, alt text): a sentence if the network (or the
    channel's own server, ``limits``) would refuse them or an officer forgot the alt
    text, else None."""
    spec = network(key)
    images_max = (limits.images_max if limits else None) or spec.images_max
    max_bytes = (limits.image_max_bytes if limits else None) or spec.image_max_bytes
    if len(images) > images_max:
        extra = len(images) - images_max
        return _("{network} takes at most {limit} images: remove {extra}.").format(
            network=spec.label, limit=images_max, extra=extra
        )
    for name, data, alt in images:
        if not alt.strip():
            return _(
                "{name} has no alt text: describe the image for people who cannot see it."
            ).format(name=name)
        if image_type(data) is None:
            return _("{name} is not a JPEG, PNG, GIF or WebP image.").format(name=name)
        if len(data) > max_bytes:
            limit = max_bytes / 1_000_000
            return _(
                "{name} is larger than {network}'s {limit:g} MB limit: make it smaller."
            ).format(name=name, network=spec.label, limit=limit)
    return None
