"""twitter-text's conformance cases for the weighted length (configuration v3).

Transcribed from twitter-text's ``conformance/validate.yml`` (the
``WeightedTweetsWithDiscountedEmojiCounterTest`` and
``UnicodeDirectionalMarkerCounterTest`` sections; https://github.com/twitter/twitter-text,
Apache License 2.0, Copyright 2011 Twitter, Inc.): each case's text, its
``weightedLength`` and whether X takes it (``valid``). Long repeated texts are written
as the repetition they are; characters that cannot be seen are written as escapes.
"""

from __future__ import annotations

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 11 UTF-16 units
CJK_160 = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)
KANA = "あいうえおかきくけこ"
LONG_LABEL = "https://" + "somesuperlongurl" * 249 + ".com/foo "
PUNCTUATION = (
    "This is a tweet with general punctuation characters: "
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b"
    " \u2010 \u2011 \u2012 \u2013 \u2014 \u2015 \u2016  \u2017 \u2018 \u2019 \u201a \u201b"
    " \u201c \u201d \u201e \u201f \u2032 \u2033 \u2034 \u2035 \u2036 \u2037"
)

# (description, text, weightedLength, valid)
CASES: list[tuple[str, str, int, bool]] = [
    ("Regular Tweet with url", "Hi http://test.co", 26, True),
    ("Just url", "http://test.co", 23, True),
    ("Long tweet, overflow at char index 280", "285 chars-" + "xxxxxxxxxx-" * 25, 285, False),
    (
        "Long tweet with url in the middle",
        "285 chars- http://www.twitter.com/jack " + "xxxxxxxxxx-" * 24,
        299,
        False,
    ),
    (
        "Long tweet with url at the end",
        "xxxxxxxxxx-" * 24 + " http://www.twitter.com/jack ",
        289,
        False,
    ),
    ("10 url string, no overflow", "https://www.twitter.com/aloha " * 10, 240, True),
    ("160 CJK char", CJK_160, 320, False),
    ("160 emoji char", "\U0001f637" * 160, 320, False),
    ("3 latin char + 160 CJK char", "the" + CJK_160, 323, False),
    (
        "282 chars with a normalized character within valid range but outside 280",
        "282 chars-" + "xxxxxxxxxx-" * 24 + "xxxxxA\u0301x",
        281,
        False,
    ),
    ("'Á' is normalized into 1 char", "A\u0301B", 2, True),
    ("A mix of single byte, double word and emoji", "H\U0001f431\u263a" + FAMILY, 7, True),
    ("Emoji inside the BMP", "\U0001f637\U0001f47e\U0001f621\U0001f525\U0001f4a9", 10, True),
    (
        "Emoji with skin tone modifiers",
        "\U0001f64b\U0001f3fd\U0001f468\u200d\U0001f3a4",
        4,
        True,
    ),
    ("General punctuation, no ZWJ/ZWNJ", PUNCTUATION, 110, True),
    (
        "Long url with invalid domain labels and short url",
        "Long url with invalid domain labels and a short url: "
        + LONG_LABEL * 3
        + "https://validurl.com",
        12079,
        False,
    ),
    (
        "A 64 character domain without protocol",
        "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com",
        68,
        True,
    ),
    (
        "CJK host longer than 63 punycode characters",
        KANA * 12 + " http://" + KANA * 5 + "あいう.com",
        358,
        False,
    ),
    (
        "CJK host shorter than 63 punycode characters",
        KANA * 12 + " http://" + KANA * 5 + "あい.com",
        264,
        True,
    ),
    ("140 family emoji", FAMILY * 140, 280, True),
    (
        "Unicode 10.0 emoji",
        "Unicode 10.0 emoji: \U0001f92a; \U0001f9d5; \U0001f9d5\U0001f3fe; "
        "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
        34,
        True,
    ),
    (
        "Unicode 9.0 emoji",
        "Unicode 9.0 emoji: \U0001f920; \U0001f483; \U0001f483\U0001f3fe",
        29,
        True,
    ),
    ("Handle invalid characters", "ABC\u202a\uffffABC\ufffe", 12, False),
    (
        "Directional characters are valid",
        "\u2066\u202ahttp://foobar.\u067e\u0627\u06a9\u0633\u062a\u0627\u0646/\u202c\u2069",
        31,
        True,
    ),
]
