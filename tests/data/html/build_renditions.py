"""Build the HTML test pages in this folder from the seed documents (run once; the output is committed).

    .venv/bin/python tests/data/html/build_renditions.py [SEEDS_DIR]

Each seed's article text (../shared/seeds/, what the article says) is wrapped in the chrome of a
kind of site researchers save pages from. The chrome (menus, banners, comments, forms) is made up
here; the article paragraphs are the seed's, unchanged. `expected.yaml` records, for each page,
the article paragraphs in order and the metadata the page states, so the tests compare the
ingested record with the page rather than with numbers written into the tests.
"""

from __future__ import annotations

import html
import random
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SEEDS = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[3] / "shared" / "seeds"


def paragraphs(name: str) -> list[str]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text else text.split("\n")
    return [p.strip() for p in parts if p.strip()]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def p(text: str, attrs: str = "") -> str:
    return f"<p{attrs}>{esc(text)}</p>"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


# --- 1. a WordPress blog reposting a letter, with comments and "Leave a Reply" (seed 003) --------


def wordpress_blog() -> tuple[str, dict]:
    seed = paragraphs("003_321d40f7f970c642.txt")
    letter = seed[:19]  # date line .. "Most gratefully,"; then cc, then the blog's chrome
    cc_lines = seed[19].split("\n")
    title = "Letter to President Biden on the Nagorno-Karabakh offensive"
    body = []
    for para in letter:
        body.append(p(para))
    body.append("<p>" + "<br>\n".join(esc(line) for line in cc_lines) + "</p>")
    page = f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} &#8211; Notes from the Diaspora</title>
<link rel="canonical" href="https://diasporanotes.example.org/2023/10/03/letter-to-president-biden/">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Notes from the Diaspora">
<meta property="og:title" content="{esc(title)}">
<meta property="article:published_time" content="2023-10-03T09:15:00+00:00">
<meta property="article:modified_time" content="2023-11-20T17:40:00+00:00">
<meta name="author" content="Appo">
<style>.screen-reader-text{{position:absolute;left:-9999px}} body{{font-family:Georgia,serif}}</style>
<script>window._wpemojiSettings = {{"baseUrl":"https://s.w.org/images/core/emoji/"}};</script>
</head>
<body class="post-template-default single single-post postid-412 single-format-standard">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
  <p class="site-title"><a href="/" rel="home">Notes from the Diaspora</a></p>
  <p class="site-description">Letters, reports and reading notes</p>
  <nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
    <li><a href="/">Home</a></li><li><a href="/about/">About</a></li><li><a href="/archives/">Archives</a></li>
  </ul></nav>
</header>
<div id="content" class="site-content">
<main id="main" class="site-main">
<article id="post-412" class="post-412 post type-post status-publish format-standard hentry category-letters">
  <header class="entry-header">
    <h1 class="entry-title">{esc(title)}</h1>
    <div class="entry-meta">
      <span class="posted-on">Posted on <a href="/2023/10/03/" rel="bookmark"><time class="entry-date published" datetime="2023-10-03T09:15:00+00:00">October 3, 2023</time><time class="updated" datetime="2023-11-20T17:40:00+00:00">November 20, 2023</time></a></span>
      <span class="byline"> By <span class="author vcard"><a class="url fn n" href="/author/appo/">Appo</a></span></span>
    </div>
  </header>
  <div class="entry-content">
{chr(10).join(body)}
    <div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">
      <h3 class="sd-title">Share this:</h3>
      <ul><li><a class="share-twitter" href="#">Click to share on X</a></li><li><a class="share-facebook" href="#">Click to share on Facebook</a></li></ul>
    </div></div>
    <div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>
      <p><a href="/2023/09/20/">Notes on the September offensive</a></p>
    </div>
  </div>
  <footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/letters/" rel="category tag">Letters</a></span> <span class="tags-links">Tagged <a href="/tag/artsakh/" rel="tag">Artsakh</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts">
  <h2 class="screen-reader-text">Post navigation</h2>
  <div class="nav-links"><div class="nav-previous"><a href="/2023/09/20/" rel="prev">Previous post: Notes on the September offensive</a></div></div>
</nav>
<div id="comments" class="comments-area">
  <h2 class="comments-title">One thought on &ldquo;{esc(title)}&rdquo;</h2>
  <ol class="comment-list">
    <li id="comment-88" class="comment even thread-even depth-1">
      <article id="div-comment-88" class="comment-body">
        <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Reader Nazeli</b> <span class="says">says:</span></div>
        <div class="comment-metadata"><a href="#comment-88"><time datetime="2023-10-04T08:02:11+00:00">October 4, 2023 at 8:02 am</time></a></div></footer>
        <div class="comment-content"><p>Thank you for posting the full letter, I had only seen excerpts quoted elsewhere.</p></div>
        <div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond">Reply</a></div>
      </article>
    </li>
  </ol>
  <div id="respond" class="comment-respond">
    <h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">Cancel reply</a></small></h3>
    <form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
      <p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> <span class="required-field-message">Required fields are marked <span class="required">*</span></span></p>
      <p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" required></textarea></p>
      <p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text"></p>
      <p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p>
    </form>
  </div>
</div>
</main>
<aside id="secondary" class="widget-area">
  <section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
    <ul><li><a href="/2023/09/20/">Notes on the September offensive</a></li><li><a href="/2023/08/02/">Reading list: the Lachin corridor</a></li></ul>
  </section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer>
</body>
</html>
"""
    article = [flat(x) for x in letter if flat(x) != "Page 2"] + [flat(seed[19])]
    expected = {
        "title": title,
        "date": "2023-10-02",  # the letter's own date line wins over the blog post's date
        "date_source": "letter",
        "org": "Notes from the Diaspora",
        "url": "https://diasporanotes.example.org/2023/10/03/letter-to-president-biden/",
        "authors": ["Appo"],
        "doc_type": "letter",
        "article": article,
        "artifacts": ["Page 2"],  # the PDF's page break, reposted as a line of its own
        "absent": ["Leave a Reply", "Your email address will not be published", "Required fields are marked",
                   "Thank you for posting the full letter", "Share this", "Click to share", "Skip to content",
                   "Recent Posts", "Proudly powered by WordPress", "Post navigation", "Posted in", "Cancel reply",
                   "Post Comment", "November 20, 2023"],
    }
    return page, expected


# --- 2. a news site with nav, cookie banner and related boxes inside the body (seed 004) --------


def news_site() -> tuple[str, dict]:
    seed = paragraphs("004_a856806d9142f0d5.txt")
    title, body, closing = seed[0], seed[1:12], seed[12]
    assert body[3] == "Read also", "seed 004 changed: expected its stray 'Read also' as the fourth line"
    body = body[:3] + body[4:]
    parts = [p(x) for x in body[:3]]
    parts.append('<div class="inline-box"><p><strong>Read also:</strong> <a href="/world/2025/08/caucasus-corridor">'
                 "Corridor talks stall as envoys leave the region</a></p></div>")
    parts += [p(x) for x in body[3:6]]
    parts.append('<aside class="related-articles"><h4>Related</h4><ul>'
                 '<li><a href="/politics/2025/07/aid-waiver">What the aid waiver means</a></li>'
                 '<li><a href="/politics/2025/06/report-preview">Report preview: what to watch</a></li></ul></aside>')
    parts += [p(x) for x in body[6:]]
    jsonld = (
        '{"@context":"https://schema.org","@type":"NewsArticle","headline":' + _json(title)
        + ',"datePublished":"2025-08-14T14:05:00-04:00","dateModified":"2025-08-16T09:00:00-04:00",'
        '"author":{"@type":"Organization","name":"Armenian National Committee of America"},'
        '"publisher":{"@type":"Organization","name":"Caucasus Wire"},'
        '"mainEntityOfPage":{"@type":"WebPage","@id":"https://caucasuswire.example.com/politics/2025/08/14/rewarding-crimes"}}'
    )
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)} | Caucasus Wire</title>
<meta property="og:title" content="{esc(title)} | Caucasus Wire">
<meta property="og:type" content="article">
<meta name="description" content="A press release on the State Department's human rights report.">
<script type="application/ld+json">{jsonld}</script>
<script>(function(){{var ads=[];window.loadAds=function(){{return ads.length}};}})();</script>
<style>.cookie-consent{{position:fixed;bottom:0}} .navbar li{{display:inline}}</style>
</head>
<body class="article-page">
<div id="cookie-banner" class="cookie-consent" role="dialog">
  <p>We use cookies to personalise content and to analyse our traffic.</p>
  <button>Accept all cookies</button> <button>Manage preferences</button>
</div>
<header class="masthead">
  <a class="logo" href="/">Caucasus Wire</a>
  <nav class="navbar"><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
  <form class="search" action="/search"><input type="search" name="q" placeholder="Search"></form>
</header>
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/politics">Politics</a></div>
<article class="story">
  <h1 class="headline">{esc(title)}</h1>
  <div class="byline">By <a href="/staff">Wire Staff</a> | <time datetime="2025-08-14T14:05:00-04:00">August 14, 2025</time> | Updated August 16, 2025</div>
  <div class="story-body">
{chr(10).join(parts)}
  </div>
  <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this story</a></div>
  <section class="newsletter-signup"><h3>The morning briefing</h3><p>Sign up for our newsletter and get the day's top stories in your inbox.</p>
    <form><input type="email" placeholder="Email address"><button>Sign up</button></form></section>
</article>
<section class="more-stories"><h2>More from Politics</h2>
  <article class="teaser"><h3><a href="/politics/2025/08/13/budget">Senate panel advances budget bill</a></h3><p>The committee voted along party lines.</p></article>
  <article class="teaser"><h3><a href="/politics/2025/08/12/hearing">Hearing on regional security set for September</a></h3><p>Witnesses have not been announced.</p></article>
  <article class="teaser"><h3><a href="/politics/2025/08/11/envoy">New envoy named for the region</a></h3><p>The appointment needs Senate confirmation.</p></article>
</section>
<footer class="site-footer"><p>{esc(closing)}</p><p>&copy; 2025 Caucasus Wire. All rights reserved.</p>
  <ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul></footer>
</body>
</html>
"""
    expected = {
        "title": title,
        "date": "2025-08-14",
        "date_source": "jsonld",
        "org": "Caucasus Wire",
        "url": "https://caucasuswire.example.com/politics/2025/08/14/rewarding-crimes",
        "authors": ["Armenian National Committee of America"],
        "doc_type": "press_release",
        "article": [flat(x) for x in body],
        "absent": ["Read also", "Corridor talks stall", "What the aid waiver means", "Report preview",
                   "We use cookies", "Accept all cookies", "Share on Facebook", "Sign up for our newsletter",
                   "More from Politics", "Senate panel advances", "All rights reserved", "Privacy policy",
                   "Caucasus Wire", "Updated August 16, 2025", "Wire Staff"],
    }
    return page, expected


def _json(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


# --- 3. an organization's action alert: send-a-letter form, donation appeal, newsletter (seed 002)


def org_action_alert() -> tuple[str, dict]:
    seed = paragraphs("002_c4c03357e1a9c0e7.txt")
    crumb, title, letter, appeal = seed[0], seed[1], seed[2:11], seed[11]
    assert crumb.startswith("Home"), "seed 002 changed: expected a breadcrumb first"
    letter_html = "\n".join(p(x) for x in letter)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)} - ANCA</title>
<meta property="og:site_name" content="ANCA">
<meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="https://anca.example.org/alerts/rapid-responder-stop-torture/">
<script src="/js/alerts.js"></script>
</head>
<body class="page-template-alert page page-id-77">
<div class="top-bar"><a href="/donate" class="btn">Donate</a> <a href="/join" class="btn">Join us</a></div>
<header class="site-header"><a href="/" class="logo">ANCA</a>
  <nav class="main-nav"><ul><li><a href="/issues">Issues</a></li><li><a href="/alerts">Action Alerts</a></li><li><a href="/press">Press</a></li><li><a href="/contact">Contact</a></li></ul></nav>
</header>
<div class="breadcrumb"><a href="/">Home</a> /</div>
<main class="content">
  <h1 class="page-title">{esc(title)}</h1>
  <form class="alert-form" action="/alerts/send" method="post">
    <fieldset class="sender"><legend>Your details</legend>
      <label>First name <input name="first" required></label>
      <label>Last name <input name="last" required></label>
      <label>Email <input name="email" type="email" required></label>
      <label>ZIP code <input name="zip" required></label>
    </fieldset>
    <div class="letter-preview">
{letter_html}
    </div>
    <button type="submit">Send my letter</button>
  </form>
  <p class="appeal-line">{esc(appeal)}</p>
  <p><a href="/donate">Donate now</a></p>
</main>
<section class="newsletter"><h2>Stay informed</h2><p>Subscribe to our newsletter for action alerts and news.</p>
  <form><input type="email" name="email" placeholder="Your email"><button>Subscribe</button></form></section>
<footer class="site-footer"><p>Follow us: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Instagram</a></p></footer>
</body>
</html>
"""
    expected = {
        "title": title,
        "date": None,
        "date_source": None,
        "org": "ANCA",
        "url": "https://anca.example.org/alerts/rapid-responder-stop-torture/",
        "authors": [],
        "doc_type": "action_alert",
        "article": [flat(x) for x in letter],
        "absent": [appeal, "Donate", "Home /", "Your details", "First name", "ZIP code", "Send my letter",
                   "Stay informed", "Subscribe to our newsletter", "Follow us", "Join us", "Action Alerts"],
    }
    return page, expected


# --- 4. an older site in windows-1252, declared by a meta http-equiv (seed 000) ------------------


def windows_1252_page() -> tuple[bytes, dict]:
    seed = paragraphs("000_bd7281dc9c4d1da1.txt")
    title, pull, intro = seed[0], seed[1], seed[2:6]
    items, after = seed[6:13], seed[13:16]
    tagline = seed[16].split("\n")[0]
    body = [f"<blockquote><p>{esc(pull)}</p></blockquote>"] + [p(x) for x in intro]
    body.append("<ol>\n" + "\n".join(f"<li>{esc(x)}</li>" for x in items) + "\n</ol>")
    body += [p(x) for x in after]
    page = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>{esc(title)} &ndash; Armenian National Committee of America</title>
<meta property="og:site_name" content="Armenian National Committee of America">
<meta property="article:published_time" content="2024-01-12T16:30:00-05:00">
<link rel="canonical" href="https://anca.example.org/press-release/national-campaign-biden-congress/">
</head>
<body class="single single-post postid-9051">
<table width="100%" class="layout"><tr>
<td class="main-column">
  <h1>{esc(title)}</h1>
  <div class="entry">
{chr(10).join(body)}
  </div>
</td>
<td class="sidebar-column" width="250">
  <div class="widget about-widget"><p>{esc(tagline)}</p></div>
  <div class="widget twitter-widget"><h4>Latest from X</h4><p>Our chapters are mobilizing across the country this week. &#127462;&#127474;</p></div>
</td>
</tr></table>
<div id="comments" class="comments">
  <h3>1 Response</h3>
  <ol class="commentlist"><li class="comment"><p>Great article, shared it with my whole family and our church group.</p></li></ol>
  <div id="respond"><h3>Leave a Reply</h3><p>Your email address will not be published.</p>
    <form><textarea name="comment"></textarea><input type="submit" value="Submit"></form></div>
</div>
</body>
</html>
"""
    data = page.encode("cp1252", errors="xmlcharrefreplace")
    expected = {
        "title": title,
        "date": "2024-01-12",
        "date_source": "meta",
        "org": "Armenian National Committee of America",
        "url": "https://anca.example.org/press-release/national-campaign-biden-congress/",
        "authors": [],
        "doc_type": "press_release",
        "article": [flat(x) for x in [pull, *intro, *items, *after]],
        "kinds": {flat(pull): "quote", **{flat(x): "list_item" for x in items}},
        "absent": ["Leave a Reply", "Your email address will not be published", "Great article, shared it",
                   "Latest from X", "Our chapters are mobilizing", tagline, "1 Response"],
    }
    return data, expected


# --- 5. broken markup: unclosed and misnested tags, raw ampersands (seed 001) --------------------


def broken_markup() -> tuple[str, dict]:
    seed = paragraphs("001_1dec6475fc6e0504.txt")
    title = ("ANCA Welcomes Bipartisan Caucus Letter Urging Secretary Rubio to Hold Azerbaijan Accountable"
             " and Free Armenian Prisoners")
    headings = {2, 7, 11, 15}
    quotes = {4, 13}
    # The seed's "February 6, 2025The Honorable ..." is an extraction artifact: the page has line breaks.
    letter_head = seed[16].replace("2025The", "2025<br>The").replace("Rubio Secretary", "Rubio<br>Secretary")
    out = []
    for i, para in enumerate(seed[:16]):
        if i in headings:
            out.append(f"<h3><b>{esc(para)}</h3></b>")  # misnested on purpose
        elif i in quotes:
            out.append(f"<blockquote><p>{esc(para)}</blockquote>")  # the <p> is never closed
        else:
            out.append(f"<p>{esc(para)}")  # unclosed paragraphs, as old CMS output often has
    out.append(f"<p>{letter_head}")
    out += [f"<p>{esc(x)}" for x in seed[17:]]
    page = f"""<html>
<head>
<title>{esc(title)} | ANCA</title>
<meta name=viewport content=width=device-width>
<meta property=og:site_name content="ANCA">
<body>
<div id=header><div class=logo>ANCA</div><ul class=menu><li><a href=/>Home<li><a href=/press>Press Releases<li><a href=/about>About</ul>
<div id=wrapper><div class=post>
<h1>{esc(title)}</h1>
<div class=post-date>February 7, 2025</div>
<div class=post-body>
{chr(10).join(out)}
</div></div></div></div></span>
<div class=footer>Copyright &copy; ANCA & partners <a href=/privacy>Privacy</a>
"""
    article = [flat(x) for x in seed[:16]]
    article.append(flat(seed[16].replace("2025The", "2025 The")))
    article += [flat(x) for x in seed[17:]]
    expected = {
        "title": title,
        "date": "2025-02-07",
        "date_source": "byline",
        "org": "ANCA",
        "url": None,
        "authors": [],
        "doc_type": "press_release",
        "article": article,
        "kinds": {flat(seed[i]): "heading" for i in headings} | {flat(seed[i]): "quote" for i in quotes},
        "absent": ["Press Releases", "Copyright", "Privacy"],
    }
    return page, expected


# --- bad input -----------------------------------------------------------------------------------


def tag_listing() -> str:
    teasers = []
    for name, slug in (("000_bd7281dc9c4d1da1.txt", "national-campaign"), ("001_1dec6475fc6e0504.txt", "caucus-letter"),
                       ("002_c4c03357e1a9c0e7.txt", "rapid-responder"), ("004_a856806d9142f0d5.txt", "state-report")):
        paras = paragraphs(name)
        headline = next(x for x in paras if not x.startswith("Home"))[:90]
        excerpt = " ".join(paras[1].split()[:30]) + " …"
        teasers.append(f"""<article class="post type-post"><header class="entry-header"><h2 class="entry-title"><a href="/{slug}/">{esc(headline)}</a></h2></header>
<div class="entry-summary"><p>{esc(excerpt)}</p></div><a class="more-link" href="/{slug}/">Read more &raquo;</a></article>""")
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><title>Artsakh &#8211; Notes from the Diaspora</title>
<meta property="og:type" content="website"></head>
<body class="archive tag tag-artsakh tag-12">
<header class="site-header"><p class="site-title"><a href="/">Notes from the Diaspora</a></p></header>
<main id="main" class="site-main">
<header class="page-header"><h1 class="page-title">Tag: <span>Artsakh</span></h1></header>
{chr(10).join(teasers)}
<nav class="navigation pagination"><div class="nav-links"><span class="page-numbers current">1</span><a class="page-numbers" href="/tag/artsakh/page/2/">2</a><a class="next page-numbers" href="/tag/artsakh/page/2/">Next</a></div></nav>
</main></body></html>
"""


def malformed() -> str:
    # A page cut off in the middle of its head: menus and an unterminated script, no article.
    return """<html><head><title>Loading</title><script>var cfg = {"menu": ["Home", "About"], "x": "</di
<body><div class="<<nav"><ul><li><a href="/">Home</a><li><a href="/about">About</a></ul><div class="content"><div class="
"""


def random_bytes() -> bytes:
    rng = random.Random(20261123)
    data = bytearray(rng.randbytes(3000))
    data[:6] = b"\x00\x01<\x8f\xfe\x02"  # binary from the first byte, with a "<" as real binary often has
    return bytes(data)


def main() -> None:
    expected: dict[str, dict] = {}
    for name, build in (("wordpress_letter_blog.html", wordpress_blog), ("news_site_release.html", news_site),
                        ("org_action_alert.html", org_action_alert), ("broken_markup_release.html", broken_markup)):
        page, exp = build()
        (HERE / name).write_text(page, encoding="utf-8")
        expected[name] = exp
    data, exp = windows_1252_page()
    (HERE / "windows1252_release.html").write_bytes(data)
    expected["windows1252_release.html"] = exp
    (HERE / "tag_listing.html").write_text(tag_listing(), encoding="utf-8")
    (HERE / "malformed.html").write_text(malformed(), encoding="utf-8")
    (HERE / "random_bytes.html").write_bytes(random_bytes())
    expected["tag_listing.html"] = {"error": "NotAnArticle"}
    expected["malformed.html"] = {"error": "EmptyDocument"}
    expected["random_bytes.html"] = {"error": "Undecodable"}
    header = "# Written by build_renditions.py from the seed documents: what each test page states.\n"
    (HERE / "expected.yaml").write_text(header + yaml.safe_dump(expected, allow_unicode=True, sort_keys=False,
                                                                   width=100), encoding="utf-8")


if __name__ == "__main__":
    main()
