"""The main journeys of readers, in a real browser."""


def test_switch_language_leads_to_the_translated_page(portal_server, page):
    page.goto(portal_server.url("/de/ueber-uns/"))
    assert page.locator("html").get_attribute("lang") == "de"
    page.get_by_role("navigation", name="Sprache wählen").get_by_role(
        "link", name="English"
    ).click()
    assert page.url == portal_server.url("/en/about-us/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").inner_text() == "About us"
    page.get_by_role("navigation", name="Choose language").get_by_role(
        "link", name="Deutsch"
    ).click()
    assert page.url == portal_server.url("/de/ueber-uns/")


def test_search_finds_a_page_and_leads_to_it(portal_server, page):
    page.goto(portal_server.url("/en/"))
    page.get_by_label("Search the portal").fill("accessibility")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Accessibility statement").first.click()
    assert page.url == portal_server.url("/en/accessibility/")


def test_no_request_leaves_the_portal(portal_server, browser):
    """Loading pages contacts no other host (no CDN, fonts, analytics)."""
    context = browser.new_context()
    hosts = set()
    context.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page = context.new_page()
    for path in ("/de/", "/en/", "/de/ueber-uns/", "/de/suche/?q=Kommune"):
        page.goto(portal_server.url(path))
    context.close()
    assert hosts == {portal_server.base_url.split("/")[2]}


def test_a_citizen_comments_and_confirms_by_e_mail(portal_server, page):
    import re

    article = portal_server.page_type_examples()["blog.BlogPage"]["de"]
    page.goto(portal_server.url(article))
    form = page.locator("form[action*='/kommentare/']")
    form.locator('input[name="name"]').fill("Erika Bürgerin")
    form.locator('input[name="email"]').fill("erika.buergerin@example.org")
    form.locator('textarea[name="comment"]').fill("Danke, das hilft unserem Ortsbeirat weiter.")
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    assert "Wir haben Ihnen eine E-Mail geschickt" in page.locator("body").inner_text()
    assert (
        "Danke, das hilft unserem Ortsbeirat weiter." not in page.locator(".comments").inner_text()
    )

    mails = [mail for mail in portal_server.mails() if "erika.buergerin@example.org" in mail]
    assert mails, "the confirmation e-mail was sent"
    link = re.search(r"https?://\S+/bestaetigen/\S+/", mails[-1]).group(0)
    assert link.startswith(f"{portal_server.base_url}/")  # PORTAL_BASE_URL of the server
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, Kommentar veröffentlichen").click()

    assert page.url.split("#")[0] == portal_server.url(article)
    comments = page.locator(".comments").inner_text()
    assert "Danke, das hilft unserem Ortsbeirat weiter." in comments
    assert "Erika Bürgerin" in comments
    assert "erika.buergerin@example.org" not in page.content()


def test_a_municipality_filters_the_marketplace(portal_server, page):
    marketplace = portal_server.page_type_examples()["community.SolutionIndexPage"]["de"]
    page.goto(portal_server.url(marketplace))
    count = page.locator(".result-count").inner_text()
    facet = page.locator("details.facet", has=page.locator("summary", has_text="Reifegrad"))
    if facet.get_attribute("open") is None:
        facet.locator("summary").click()
    page.get_by_label("Regelbetrieb", exact=False).first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Filter anwenden").click()

    assert "maturity=regelbetrieb" in page.url
    filtered = page.locator(".result-count").inner_text()
    assert filtered != count
    cards = page.locator(".solution-card .card__meta").all_inner_texts()
    assert cards and all("Regelbetrieb" in meta for meta in cards)


def test_a_member_signs_in_and_registers_for_the_forum(portal_server, page, accounts):
    from tests.browser.conftest import sign_in

    code = (
        "from django.utils import timezone; from events.models import EventPage; "
        "print(EventPage.objects.live().filter(locale__language_code='de', "
        "event_type='forum', registration_enabled=True, start__gt=timezone.now())"
        ".order_by('start').first().url)"
    )
    forum = portal_server.shell(code).strip()
    sign_in(portal_server, page, accounts["member"])
    page.goto(portal_server.url(forum))
    form = page.locator("form.registration__form")
    workshop = form.locator('input[type="radio"]:not([value=""])')
    if workshop.count():
        workshop.first.check()
    form.locator('textarea[name="notes"]').fill("Vegetarisch, bitte.")
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()

    box = page.locator("#anmeldung").inner_text()
    assert "Sie sind für diese Veranstaltung angemeldet." in box or "Warteliste auf Platz" in box
    registered = portal_server.shell(
        "from events.models import Registration; "
        "print(Registration.objects.filter(user__email='jana.reise@example.org').count())"
    )
    assert registered.strip() == "1"


def test_pages_log_no_javascript_errors(portal_server, page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    examples = portal_server.page_type_examples()
    paths = [by_language["de"] for by_language in examples.values() if "de" in by_language]
    for path in [*paths, "/de/suche/?q=Kommune", "/accounts/login/"]:
        page.goto(portal_server.url(path))
        # The search box's suggestions: typing fetches them from the portal.
        page.locator("#site-search").fill("Mobil")
        page.wait_for_timeout(400)
    assert errors == []


def test_suggestions_are_asked_for_once_typing_pauses(portal_server, page):
    asked = []
    page.on("request", lambda request: "/autocomplete/" in request.url and asked.append(request))
    page.goto(portal_server.url("/de/"))
    box = page.get_by_role("combobox", name="Portal durchsuchen")

    box.press_sequentially("Deutschlandfor", delay=20)
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    page.wait_for_timeout(400)

    assert [request.url.split("?", 1)[1] for request in asked] == ["q=Deutschlandfor"]
    assert "Deutschlandforum" in page.get_by_role("listbox").inner_text()


def test_search_box_suggests_pages_and_keyboard_picks_one(portal_server, page):
    page.goto(portal_server.url("/de/"))
    box = page.get_by_role("combobox", name="Portal durchsuchen")
    box.fill("Deutschlandfor")
    options = page.get_by_role("listbox").get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    first = options.first.inner_text()
    assert "Deutschlandforum" in first
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    with page.expect_navigation():
        box.press("Enter")
    assert page.locator("main h1").inner_text() in first
    # Escape closes the list; without a choice, Enter submits the plain search.
    box = page.get_by_role("combobox", name="Portal durchsuchen")
    box.fill("Deutschlandfor")
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    with page.expect_navigation():
        box.press("Enter")
    assert "/de/suche/?q=Deutschlandfor" in page.url


def test_the_language_switcher_keeps_the_filters(portal_server, page):
    """A municipality filters the marketplace and switches to English: the same filter."""
    page.goto(portal_server.url("/de/marktplatz/"))
    facets = page.locator("form.facets")
    option = facets.locator("input[type=checkbox]").first
    name, value = option.get_attribute("name"), option.get_attribute("value")
    option.check()
    facets.get_by_role("button", name="Filter anwenden").click()
    assert f"{name}={value}" in page.url
    page.get_by_role("navigation", name="Sprache wählen").get_by_role(
        "link", name="English"
    ).click()
    assert page.url.startswith(portal_server.url("/en/marketplace/?"))
    assert f"{name}={value}" in page.url
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(f"form.facets input[name='{name}'][value='{value}']").is_checked()


def test_an_untranslated_page_switches_to_the_nearest_english_page_and_says_so(portal_server, page):
    portal_server.shell(
        "from wagtail.models import Page\n"
        "from home.models import StandardPage\n"
        "about = Page.objects.get(slug='ueber-uns', locale__language_code='de')\n"
        "draft = about.add_child(instance=StandardPage(title='Geschäftsordnung', "
        "slug='geschaeftsordnung', intro='Nur auf Deutsch.'))\n"
        "draft.save_revision().publish()\n"
    )
    page.goto(portal_server.url("/de/ueber-uns/geschaeftsordnung/"))
    page.get_by_role("navigation", name="Sprache wählen").get_by_role(
        "link", name="English"
    ).click()
    assert page.url == portal_server.url("/en/about-us/?untranslated=1")
    notice = page.get_by_role("status").filter(has_text="The page you came from")
    assert (
        notice.inner_text()
        .strip()
        .startswith("The page you came from is not available in English.")
    )
    # The notice does not follow the reader to the next page.
    page.goto(portal_server.url("/en/about-us/"))
    assert page.get_by_text("The page you came from is not available").count() == 0
