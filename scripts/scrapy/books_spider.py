"""The Scrapy peer of the benchmarks: crawls the bookshop (the sandbox or the real site) the way
bookslake's scrape does, home -> `li.next` listing pages -> product pages, and parses every
product page into the fields of `silver.books` (same selectors, same whitespace rule, decimals as
strings), so that "crawl + parse" means the same work on both sides.

    build/scrapy-venv/bin/scrapy runspider scripts/scrapy/books_spider.py \
        -a start=http://127.0.0.1:8000/ -O /tmp/books.jsonl

Settings are the ones a Scrapy user would pick for a fast polite crawl of one host: 32
concurrent requests, robots.txt obeyed, no cookies (the site's "recently viewed" block), 3
retries.
"""

from __future__ import annotations

import re

import scrapy

_WHITESPACE = re.compile(r"[ \t\n\r\f\xa0]+")
_AMOUNT = re.compile(r"([£€$])\s*(-?\d{1,8}(?:\.\d+)?)")
_IN_STOCK = re.compile(r"in stock(?:\s*\((\d{1,9}) available\))?", re.IGNORECASE)
_SITE_ID = re.compile(r".*_(\d{1,9})/index\.html$")
_STARS = {"One": 1, "Two": 2, "Three": 3, "Four": 4, "Five": 5}
_CURRENCIES = {"£": "GBP", "€": "EUR", "$": "USD"}


def text(selector) -> str | None:
    """The element's text with every run of whitespace one space, trimmed (bookslake's rule)."""
    if selector is None:
        return None
    return _WHITESPACE.sub(" ", "".join(selector.xpath(".//text()").getall())).strip()


def amount(raw: str | None) -> tuple[str | None, str | None]:
    match = _AMOUNT.search(raw or "")
    return (match.group(2), _CURRENCIES[match.group(1)]) if match else (None, None)


class BooksSpider(scrapy.Spider):
    name = "books"
    custom_settings = {
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": False,
        "RETRY_TIMES": 3,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "FEED_EXPORT_ENCODING": "utf-8",
    }

    def __init__(self, start: str = "http://127.0.0.1:8000/", **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start]

    def parse(self, response):
        """A listing page: every product on it, then the next listing page."""
        for href in response.css("article.product_pod h3 a::attr(href)").getall():
            yield response.follow(href, self.parse_book)
        following = response.css("li.next a::attr(href)").get()
        if following:
            yield response.follow(following, self.parse)

    def parse_book(self, response):
        main = response.css("div.product_main")
        page = response.css("article.product_page") or response
        info = {}
        for row in page.css("table.table-striped tr"):
            info.setdefault(text(row.css("th")), text(row.css("td")))
        excl, currency = amount(info.get("Price (excl. tax)"))
        incl, _ = amount(info.get("Price (incl. tax)"))
        tax, _ = amount(info.get("Tax"))
        availability = info.get("Availability") or text(main.css("p.availability"))
        stock = _IN_STOCK.search(availability or "")
        star = [c for c in (main.css("p.star-rating::attr(class)").get() or "").split() if c != "star-rating"]
        crumbs = response.css("ul.breadcrumb > li")
        description = response.xpath("//div[@id='product_description']/following-sibling::*[1][self::p]")
        site_id = _SITE_ID.match(response.url)
        image = page.css("div.item.active img::attr(src)").get()
        yield {
            "upc": info.get("UPC"),
            "site_id": int(site_id.group(1)) if site_id else None,
            "title": text(main.css("h1")),
            "category": text(crumbs[2]) if len(crumbs) >= 3 else None,
            "price_excl_tax": excl,
            "price_incl_tax": incl,
            "tax": tax,
            "currency": currency,
            "stock_count": int(stock.group(1)) if stock and stock.group(1) else (0 if not stock else None),
            "in_stock": bool(stock),
            "rating": _STARS.get(star[0]) if star else None,
            "review_count": int(info["Number of reviews"]) if (info.get("Number of reviews") or "").isdigit() else None,
            "description": (text(description) or None) if description else None,
            "image_url": response.urljoin(image) if image else None,
            "product_url": response.url,
        }
