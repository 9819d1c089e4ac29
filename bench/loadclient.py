"""A small asyncio HTTP/1.1 client and HTML form reader for ``bench/mixed_bench.py``.

Plain standard library, so that the benchmark needs nothing beyond the project's
virtualenv. One ``HttpConnection`` is one TCP connection, reused while the server keeps it
open (gunicorn's sync workers close it after every response, like wrk sees them do).
"""

import asyncio
import math
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class HttpError(Exception):
    """The connection failed or the response could not be read."""


@dataclass
class Response:
    status: int
    headers: dict  # lower-case name -> last value
    set_cookies: list  # raw Set-Cookie values
    body: bytes

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def location_path(self):
        """The path (and query) of a redirect's Location."""
        location = self.header("location", "")
        parts = urlsplit(location)
        return parts.path + (f"?{parts.query}" if parts.query else "")


class HttpConnection:
    def __init__(self, host, port, timeout=30):
        self.host, self.port, self.timeout = host, port, timeout
        self.reader = self.writer = None

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method, target, headers=None, body=b""):
        """Send one request and read the whole response. A kept-alive connection the server
        closed in the meantime is reopened once."""
        for attempt in (1, 2):
            reused = self.writer is not None
            try:
                return await asyncio.wait_for(
                    self._exchange(method, target, headers or {}, body), self.timeout
                )
            except TimeoutError as error:  # (an OSError: handled first)
                self.close()
                raise HttpError(f"no answer within {self.timeout} s") from error
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
                self.close()
                if not reused or attempt == 2:
                    raise HttpError(f"{type(error).__name__}: {error}") from error
        raise AssertionError("unreachable")

    async def _exchange(self, method, target, headers, body):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()

        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        version, status = status_line.split(" ", 2)[:2]
        response_headers, cookies = {}, []
        for line in header_lines:
            if ":" not in line:
                continue
            name, value = line.split(":", 1)
            name, value = name.strip().lower(), value.strip()
            response_headers[name] = value
            if name == "set-cookie":
                cookies.append(value)
        status = int(status)
        keep_alive = version == "HTTP/1.1" and response_headers.get("connection") != "close"
        if method == "HEAD" or status in (204, 304):
            content = b""
        elif response_headers.get("transfer-encoding", "").lower() == "chunked":
            content = await self._read_chunked()
        elif "content-length" in response_headers:
            content = await self.reader.readexactly(int(response_headers["content-length"]))
        else:
            content, keep_alive = await self.reader.read(), False
        if not keep_alive:
            self.close()
        return Response(status, response_headers, cookies, content)

    async def _read_chunked(self):
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                while (await self.reader.readuntil(b"\r\n")) != b"\r\n":
                    pass  # trailers
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


def update_cookies(jar, response):
    """Apply a response's Set-Cookie headers to ``jar`` ({name: value})."""
    for raw in response.set_cookies:
        pair, *attributes = raw.split(";")
        name, _, value = pair.partition("=")
        name, value = name.strip(), value.strip().strip('"')
        expired = any(
            attribute.strip().lower() in ("max-age=0", "expires=thu, 01 jan 1970 00:00:00 gmt")
            for attribute in attributes
        )
        if expired or not value:
            jar.pop(name, None)
        else:
            jar[name] = value


def cookie_header(jar):
    return "; ".join(f"{name}={value}" for name, value in jar.items())


@dataclass
class Form:
    method: str
    action: str
    fields: list = field(default_factory=list)  # (name, value) as a browser would submit
    choices: dict = field(default_factory=dict)  # name -> option values (select, checkbox)

    def names(self):
        return {name for name, _ in self.fields} | set(self.choices)

    def data(self, **overrides):
        """The submitted fields with ``overrides`` replacing (or adding) values."""
        pairs = [(name, value) for name, value in self.fields if name not in overrides]
        return pairs + list(overrides.items())


class _FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms, self.links = [], []
        self.form = self.select = self.textarea = None
        self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "form":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            self.form = Form(attrs.get("method", "get").lower(), action)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                self.form.choices.setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self.form.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.form.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select = {"name": name, "options": [], "selected": []}
            self.select["multiple"] = "multiple" in attrs
        elif tag == "option" and self.select is not None:
            self.option = attrs.get("value")
            self.select["options"].append(self.option if self.option is not None else "")
            if "selected" in attrs:
                self.select["selected"].append(self.select["options"][-1])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.select is not None and self.option is None and self.select["options"]:
            # <option>Label</option> without a value attribute submits its text.
            if self.select["options"][-1] == "":
                self.select["options"][-1] = data.strip()

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option":
            self.option = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            self.form.fields.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None and self.form is not None:
            select, self.select = self.select, None
            self.form.choices[select["name"]] = [value for value in select["options"] if value]
            chosen = select["selected"] or ([] if select["multiple"] else select["options"][:1])
            self.form.fields += [(select["name"], value) for value in chosen]


def parse_page(html, page_url):
    """The forms and link targets of an HTML page (``page_url`` resolves relative ones)."""
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms, parser.links


def percentile(values, fraction):
    """Nearest-rank percentile of a sorted list (None when empty)."""
    if not values:
        return None
    return values[max(0, math.ceil(fraction * len(values)) - 1)]
