"""A post's HTML to body and quotes: what stays, what goes, how a quote's source is found."""

from __future__ import annotations

from bot.importer.htmltext import html_to_text, inline_text
from bot.importer.shortcodes import expand_shortcodes
from bot.knowledge.models import Quote

POST = "https://blog.example.org/2023/03/21/post/"


def test_paragraphs_are_separated_by_a_blank_line() -> None:
    """Each block is a paragraph; inline tags and odd whitespace inside one collapse."""
    text = html_to_text("<p>One <b>bold</b>\n  word.</p><h2>Head</h2><ul><li>a</li><li>b</li></ul>")
    assert text.body == "One bold word.\n\nHead\n\na\n\nb"


def test_a_line_break_stays_a_line_break() -> None:
    """`<br>` is a line break inside its paragraph."""
    assert html_to_text("<p>Line one<br>line two</p>").body == "Line one\nline two"


def test_scripts_styles_embeds_and_images_are_dropped() -> None:
    """Code, styling, forms, frames and images carry no text of the post."""
    html = (
        "<p>Kept.</p><script>var x = 'dropped';</script><style>p { color: red }</style>"
        '<p><img src="a.jpg" alt="alt text"><iframe src="v"></iframe>'
        "<form><input value='v'><button>Send</button></form>After.</p><!-- a comment -->"
    )
    assert html_to_text(html).body == "Kept.\n\nAfter."


def test_share_buttons_and_related_posts_are_dropped() -> None:
    """Widgets found by class or id, and share links found by their address, go."""
    html = (
        "<p>The post.</p>"
        '<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3>'
        '<a href="https://twitter.com/share?x">Twitter</a></div>'
        '<div id="jp-relatedposts"><h3>Related</h3><p>Other post</p></div>'
        '<ul class="social-share"><li>Share</li></ul>'
        '<p><a href="https://www.facebook.com/sharer/sharer.php?u=x">Share on Facebook</a></p>'
        '<p><a href="https://blog.example.org/post/?share=email">Email</a> Tail.</p>'
    )
    assert html_to_text(html).body == "The post.\n\nTail."


def test_captions_are_kept() -> None:
    """`<figcaption>` and WordPress's `.wp-caption-text` stay, each as a paragraph."""
    html = (
        '<figure><img src="a.jpg"><figcaption>First caption</figcaption></figure>'
        '<div class="wp-caption"><img src="b.jpg"><p class="wp-caption-text">Second</p></div>'
    )
    assert html_to_text(html).body == "First caption\n\nSecond"


def test_a_blockquote_becomes_a_quote_and_leaves_the_body() -> None:
    """The quoted text is a quote, paragraphs kept; the body is the author's own words."""
    html = (
        "<p>Before.</p><blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote><p>After.</p>"
    )
    text = html_to_text(html)
    assert text.body == "Before.\n\nAfter."
    assert text.quotes == (Quote("Quoted one.\n\nQuoted two."),)


def test_source_from_a_cite_element() -> None:
    """A `<cite>` in the quote names its source and is not part of its text."""
    html = (
        '<blockquote class="wp-block-quote"><p>Text.</p><cite>The Korea Herald</cite></blockquote>'
    )
    assert html_to_text(html).quotes == (Quote("Text.", "The Korea Herald"),)


def test_source_from_a_footer_with_a_link() -> None:
    """A `<footer>` in the quote names the source; its link is the source's URL."""
    html = '<blockquote><p>Text.</p><footer>— <a href="https://news.example/1">Reuters</a></footer></blockquote>'
    assert html_to_text(html).quotes == (Quote("Text.", "Reuters", "https://news.example/1"),)


def test_source_from_the_lead_in_link() -> None:
    """The one link of the paragraph introducing the quote (ending in ':') is its source."""
    html = (
        '<p>Here is what <a href="/go/yonhap">Yonhap</a> is reporting:</p>'
        '<figure><img src="p.jpg"><figcaption>A photo</figcaption></figure>'
        "<blockquote><p>Text.</p></blockquote>"
    )
    text = html_to_text(html, base_url=POST)
    assert text.quotes == (Quote("Text.", "Yonhap", "https://blog.example.org/go/yonhap"),)
    assert text.body == "Here is what Yonhap is reporting:\n\nA photo"


def test_a_generic_lead_in_link_gives_only_the_url() -> None:
    """'Read it here:' names no source, but its link is still where the quote is from."""
    html = '<p>Read it <a href="https://news.example/2">here</a>:</p><blockquote>Text.</blockquote>'
    assert html_to_text(html).quotes == (Quote("Text.", None, "https://news.example/2"),)


def test_source_from_a_link_line_after_the_quote() -> None:
    """A paragraph after the quote holding only a link is the attribution, not body text."""
    html = (
        "<blockquote><p>Text.</p></blockquote>"
        '<p><a href="https://news.example/3">JoongAng Ilbo</a></p><p>My comment.</p>'
    )
    text = html_to_text(html)
    assert text.quotes == (Quote("Text.", "JoongAng Ilbo", "https://news.example/3"),)
    assert text.body == "My comment."


def test_source_from_a_dash_line() -> None:
    """A last line starting with a dash names the source; a tweet's handle and date are cut."""
    html = (
        "<blockquote><p>Text.</p><p>— Reuters</p></blockquote>"
        '<blockquote class="twitter-tweet"><p>A tweet.</p>&mdash; Yonhap (@yonhaptweet) '
        '<a href="https://twitter.com/x/status/1">May 2, 2023</a></blockquote>'
    )
    assert html_to_text(html).quotes == (Quote("Text.", "Reuters"), Quote("A tweet.", "Yonhap"))


def test_cite_attribute_is_the_source_url() -> None:
    """`<blockquote cite=...>` gives the source's URL, resolved against the post's."""
    html = '<blockquote cite="/sources/1"><p>Text.</p></blockquote>'
    assert html_to_text(html, base_url=POST).quotes == (
        Quote("Text.", None, "https://blog.example.org/sources/1"),
    )


def test_a_nested_blockquote_is_part_of_the_outer_quote() -> None:
    """Only outermost blockquotes are quotes; an inner one is part of its text."""
    html = "<blockquote><p>Outer.</p><blockquote><p>Inner.</p></blockquote></blockquote>"
    assert html_to_text(html).quotes == (Quote("Outer.\n\nInner."),)


def test_an_empty_blockquote_adds_no_quote() -> None:
    """A blockquote left empty (an embed whose script was dropped) is no quote."""
    assert html_to_text("<p>Body.</p><blockquote><script>x()</script></blockquote>").quotes == ()


def test_feed_footer_is_dropped() -> None:
    """The 'The post ... appeared first on ...' line some feeds add is not the post."""
    html = (
        '<p>Body.</p><p>The post <a href="x">Title</a> appeared first on <a href="y">Blog</a>.</p>'
    )
    assert html_to_text(html).body == "Body."


def test_wordpress_stored_form_is_read_like_its_page() -> None:
    """Blank lines split paragraphs and single line breaks are `<br>`, as WordPress shows them."""
    raw = (
        'According to <a href="https://news.example/4">KBS</a>:\n\n<blockquote>One\n\nTwo</blockquote>\n'
        "Comment line one\nline two.\n\n<b>Bold</b> <i>italic</i> end."
    )
    text = html_to_text(raw, autop=True)
    assert text.body == "According to KBS:\n\nComment line one\nline two.\n\nBold italic end."
    assert text.quotes == (Quote("One\n\nTwo", "KBS", "https://news.example/4"),)


def test_caption_shortcode_keeps_its_text() -> None:
    """`[caption]` keeps its caption; galleries and embeds disappear."""
    raw = (
        '[caption id="attachment_1" width="600"]<img src="a.jpg" /> Crowds in Seoul.[/caption]\n\n'
        '[gallery ids="1,2"]\n\n[embed]https://youtube.com/watch?v=x[/embed]\n\nText.'
    )
    text = html_to_text(expand_shortcodes(raw), autop=True)
    assert text.body == "Crowds in Seoul.\n\nText."


def test_old_caption_attribute() -> None:
    """The older `[caption caption="..."]` form keeps its caption too."""
    raw = '[caption caption="Old style"]<img src="a.jpg" />[/caption]'
    assert html_to_text(expand_shortcodes(raw), autop=True).body == "Old style"


def test_control_characters_and_invisible_marks_are_removed() -> None:
    """NUL and other controls, zero-width spaces and soft hyphens leave no trace."""
    assert html_to_text("<p>a\x00b\x07c\u200bd\u00ade</p>").body == "abcde"


def test_inline_text_of_a_title() -> None:
    """A title's entities resolve and its tags go; plain text is left as it is."""
    assert inline_text("Tom &amp; Jerry&#8217;s <em>show</em>") == "Tom & Jerry’s show"
    assert inline_text("  a   plain   title ") == "a plain title"


def test_a_whole_page_gives_its_body_text() -> None:
    """Content pasted as a full page keeps only the body's text; a stray `</body>` loses nothing."""
    page = "<html><head><title>T</title></head><body><p>Body.</p></body></html>"
    assert html_to_text(page).body == "Body."
    assert html_to_text("<html>").body == ""
    assert html_to_text("<p>Before.</p></body>After.").body == "Before.\n\nAfter."
