"""Sample blogs for the importer: a WordPress export (WXR) and an RSS 2.0 feed.

Both describe the same made-up blog, "Han River Notes", with posts written
the way blogs write them: a lead-in naming the source, a photo with a
caption, the quoted report in a blockquote (attributed by a link, a
`<cite>` or a dash line), the blogger's comment, embedded tweets with their
script, videos, share buttons, and in the export WordPress's raw storage
(no `<p>`, blank lines, `[caption]` shortcodes), pages, attachments, a
draft and a password-protected post.

    uv run python tests/importer/samples.py    # rewrites tests/importer/data/

`benchmarks/import_bench.py` uses the same functions for 10,000 posts.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

DATA = Path(__file__).resolve().parent / "data"
SITE = "https://hanriver.example.org"
SAMPLE_POSTS = 60

_TOPICS = (
    ("the Seoul subway", "Seoul Metro", "fares", "Yonhap"),
    ("the kimchi festival", "the Seoul city government", "visitors", "The Korea Herald"),
    ("the Han River bridges", "the transport ministry", "repairs", "JoongAng Ilbo"),
    ("the Busan film festival", "the festival committee", "screenings", "Reuters"),
    ("the Jeju ferry service", "the coast guard", "sailings", "Yonhap"),
    ("the DMZ peace trail", "the unification ministry", "hikers", "The Korea Times"),
    ("the KTX high-speed line", "Korail", "tickets", "Yonhap"),
    ("the Gyeongbok palace", "the Cultural Heritage Administration", "night tours", "Arirang"),
    ("the baseball season", "the KBO", "attendance", "The Chosun Ilbo"),
    ("the cherry blossom forecast", "the weather agency", "blooms", "KBS"),
    ("the Incheon airport expansion", "the airport corporation", "flights", "Reuters"),
    ("the minimum wage talks", "the labor ministry", "wages", "The Hankyoreh"),
)
_VERBS = ("announced", "confirmed", "reported", "said", "warned", "revealed")
_MOODS = (
    "I am not surprised by this at all.",
    "This is good news for anyone living in the city.",
    "It will be interesting to see how long this lasts.",
    "Readers who were here in the nineties will remember the last time.",
    "I doubt many people will notice the difference.",
    "Let me know in the comments what you think.",
)
_TAGS = ("Seoul", "Busan", "Jeju", "transport", "culture", "economy", "travel", "weather")
_CATEGORIES = ("News", "Travel", "Culture", "Uncategorized")


@dataclass(frozen=True)
class SamplePost:
    """One post of the sample blog, and the HTML it is stored as."""

    number: int
    slug: str
    title: str
    local: dt.datetime
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    html: str
    """As a feed's content:encoded carries it (paragraphs in <p>)."""
    raw: str
    """As WordPress stores it (blank lines between paragraphs, shortcodes)."""

    @property
    def link(self) -> str:
        return f"{SITE}/{self.local:%Y/%m/%d}/{self.slug}/"


def _title(rng: random.Random, topic: tuple[str, str, str, str], number: int) -> str:
    subject, org, thing, _ = topic
    forms = (
        f"{org} changes its plans for {subject}",
        f"What the new {thing} mean for {subject}",
        f"{subject} sets a record for {thing}",
        f"Why {org} is rethinking {subject}",
    )
    title = rng.choice(forms)
    return f"{title[0].upper()}{title[1:]} ({number})"


def _sample_post(rng: random.Random, number: int, start: dt.datetime, step: int) -> SamplePost:
    topic = _TOPICS[number % len(_TOPICS)]
    subject, org, thing, outlet = topic
    title = _title(rng, topic, number)
    slug = "-".join(title.lower().replace("(", "").replace(")", "").split())
    when = start + dt.timedelta(days=number * step, hours=rng.randrange(6, 24))
    count = rng.randrange(2, 90) * 1000
    verb = rng.choice(_VERBS)
    report = (
        f"{org[0].upper()}{org[1:]} {verb} on {when:%A} that {thing} for {subject} would rise "
        f"to {count:,} this year, the highest figure since records began."
    )
    second = (
        f"Officials said the change follows months of complaints and that "
        f"“further steps” for {subject} would be decided by the end of {when:%B}."
    )
    caption = f"Crowds gather near {subject} on {when:%B %d, %Y}. ({outlet})"
    comment = rng.choice(_MOODS)
    style = number % 4
    share = (
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>'
        '<ul><li><a class="share-twitter" href="https://twitter.com/share?url=x">Twitter</a>'
        f'</li><li><a href="{SITE}/?share=facebook&amp;nb=1">Facebook</a></li></ul></div>'
    )
    script = '<script async src="https://platform.twitter.com/widgets.js"></script>'
    photo = f'<img src="{SITE}/wp-content/uploads/{number}.jpg" alt="" width="600" />'
    story = f"https://news.example.com/{number}"
    lead = f'Here is the latest on {subject} from <a href="{story}">{outlet}</a>:'
    if style == 0:
        quote = f"<blockquote><p>{report}</p><p>{second}</p></blockquote>"
        after = f'<p><a href="{story}">{outlet}</a></p>'
        raw_quote, raw_after = f"<blockquote>{report}\n\n{second}</blockquote>", after
    elif style == 1:
        quote = (
            f'<blockquote class="wp-block-quote"><p>{report}</p><cite>{outlet}</cite></blockquote>'
        )
        after = raw_after = ""
        raw_quote = quote
    elif style == 2:
        quote = f"<blockquote><p>{report}</p><p>— {outlet}</p></blockquote>"
        after = raw_after = ""
        raw_quote = f"<blockquote>{report}\n\n— {outlet}</blockquote>"
    else:
        quote = (
            '<blockquote class="twitter-tweet"><p lang="en">'
            f"Big news about {subject} today: {thing} are up again.</p>"
            f'&mdash; {outlet} (@news) <a href="{story}">{when:%B %d, %Y}</a></blockquote>'
        )
        after, raw_quote, raw_after = script, quote, script
    html = (
        f"<p>{lead}</p>"
        f'<figure class="wp-caption aligncenter">{photo}'
        f'<figcaption class="wp-caption-text">{caption}</figcaption></figure>'
        f"{quote}{after}"
        f"<p>{comment} You can read more at the link.</p>"
        '<p><iframe src="https://www.youtube.com/embed/xyz" width="560"></iframe></p>'
        f"<style>.wp-caption {{ margin: 0 }}</style>{share}"
    )
    raw = (
        f"{lead}\n\n"
        f'[caption id="attachment_{number}" align="aligncenter" width="600"]{photo} '
        f"{caption}[/caption]\n\n"
        f"{raw_quote}\n{raw_after}\n\n"
        f"{comment} You can read more at the link.\n\n"
        "[embed]https://www.youtube.com/watch?v=xyz[/embed]"
    )
    categories = (_CATEGORIES[number % len(_CATEGORIES)],)
    tags = tuple(rng.sample(_TAGS, 2))
    return SamplePost(number, slug, title, when, categories, tags, html, raw)


def sample_posts(count: int, seed: int = 0) -> list[SamplePost]:
    """`count` posts, oldest first, the same for the same seed."""
    rng = random.Random(seed)
    start = dt.datetime(2000, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    step = max(1, 9000 // count)  # about 25 years of posts, whatever their number
    return [_sample_post(rng, number, start, step) for number in range(1, count + 1)]


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _wxr_item(post: SamplePost, *, kind: str = "post", status: str = "publish") -> str:
    gmt = post.local.astimezone(dt.UTC)
    terms = [("category", c) for c in post.categories] + [("post_tag", t) for t in post.tags]
    categories = "".join(
        f'<category domain="{domain}" nicename={quoteattr(name.lower())}>{_cdata(name)}</category>'
        for domain, name in terms
    )
    return f"""
  <item>
    <title>{escape(post.title)}</title>
    <link>{post.link}</link>
    <pubDate>{gmt:%a, %d %b %Y %H:%M:%S} +0000</pubDate>
    <dc:creator>{_cdata("robert")}</dc:creator>
    <guid isPermaLink="false">{SITE}/?p={post.number}</guid>
    <description></description>
    <content:encoded>{_cdata(post.raw)}</content:encoded>
    <excerpt:encoded>{_cdata("")}</excerpt:encoded>
    <wp:post_id>{post.number}</wp:post_id>
    <wp:post_date>{_cdata(f"{post.local:%Y-%m-%d %H:%M:%S}")}</wp:post_date>
    <wp:post_date_gmt>{_cdata(f"{gmt:%Y-%m-%d %H:%M:%S}")}</wp:post_date_gmt>
    <wp:comment_status>{_cdata("open")}</wp:comment_status>
    <wp:post_name>{_cdata(post.slug)}</wp:post_name>
    <wp:status>{_cdata(status)}</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>{_cdata(kind)}</wp:post_type>
    <wp:post_password>{_cdata("")}</wp:post_password>
    <wp:is_sticky>0</wp:is_sticky>
    {categories}
    <wp:postmeta>
      <wp:meta_key>{_cdata("_edit_last")}</wp:meta_key>
      <wp:meta_value>{_cdata("1")}</wp:meta_value>
    </wp:postmeta>
  </item>"""


def make_wxr(count: int, seed: int = 0) -> bytes:
    """A WordPress 1.2 export with `count` published posts and the usual other items."""
    posts = sample_posts(count, seed)
    extra = sample_posts(count + 6, seed)[count:]
    items = [_wxr_item(p) for p in posts]
    items.append(_wxr_item(extra[0], kind="page"))
    items.append(_wxr_item(extra[1], kind="attachment", status="inherit"))
    items.append(_wxr_item(extra[2], kind="attachment", status="inherit"))
    items.append(_wxr_item(extra[3], status="draft"))
    items.append(_wxr_item(extra[4], kind="nav_menu_item"))
    protected = _wxr_item(extra[5]).replace(
        f"<wp:post_password>{_cdata('')}", f"<wp:post_password>{_cdata('hunter2')}"
    )
    items.append(protected)
    body = "".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Han River Notes</title>
  <link>{SITE}</link>
  <description>A blog about life in Korea</description>
  <pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate>
  <language>en-US</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <wp:base_blog_url>{SITE}</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>{_cdata("robert")}</wp:author_login></wp:author>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>{_cdata("news")}</wp:category_nicename><wp:cat_name>{_cdata("News")}</wp:cat_name></wp:category>
  <generator>https://wordpress.org/?v=6.4</generator>
{body}
</channel>
</rss>
""".encode()


def _rss_item(post: SamplePost) -> str:
    gmt = post.local.astimezone(dt.UTC)
    terms = "".join(f"<category>{_cdata(t)}</category>" for t in (*post.categories, *post.tags))
    footer = (
        f'<p>The post <a href="{post.link}">{escape(post.title)}</a> appeared first on '
        "Han River Notes.</p>"
    )
    return f"""
    <item>
      <title>{escape(post.title)}</title>
      <link>{post.link}</link>
      <dc:creator>{_cdata("robert")}</dc:creator>
      <pubDate>{gmt:%a, %d %b %Y %H:%M:%S} +0000</pubDate>
      {terms}
      <guid isPermaLink="false">{SITE}/?p={post.number}</guid>
      <description>{_cdata(post.title + " [&#8230;]")}</description>
      <content:encoded>{_cdata(post.html + footer)}</content:encoded>
    </item>"""


def make_rss(count: int, seed: int = 0) -> bytes:
    """An RSS 2.0 feed, as WordPress writes one, with the `count` newest posts first."""
    posts = sample_posts(count, seed)
    body = "".join(_rss_item(p) for p in reversed(posts))
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
<channel>
  <title>Han River Notes</title>
  <atom:link href="{SITE}/feed/" rel="self" type="application/rss+xml" />
  <link>{SITE}</link>
  <description>A blog about life in Korea</description>
  <lastBuildDate>Mon, 01 Jan 2024 00:00:00 +0000</lastBuildDate>
  <language>en-US</language>
  <sy:updatePeriod>hourly</sy:updatePeriod>
  <generator>https://wordpress.org/?v=6.4</generator>
{body}
</channel>
</rss>
""".encode()


SAMPLES = {"sample-wxr.xml": make_wxr, "sample-feed.xml": make_rss}


def main() -> int:
    DATA.mkdir(exist_ok=True)
    for name, make in SAMPLES.items():
        (DATA / name).write_bytes(make(SAMPLE_POSTS))
        print(f"wrote {DATA / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
