"""``/sitemap.xml`` with every live public page in every language.

Wagtail's sitemap lists the pages below the site's root page only; with one tree per
language (German home and its English translation side by side under the root), the
English pages would be missing. This sitemap walks every translation of the root page
and names each page's translations as ``hreflang`` alternates.
"""

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from home.templatetags.navigation_tags import absolute_page_url
from portal.caching.lookups import aliases_of_restricted_pages_q


class MultilingualSitemap(Sitemap):
    alternates = True

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        tree_filter = Q()
        for root in roots:
            tree_filter |= Q(path__startswith=root.path)
        pages = list(
            Page.objects.live()
            .public()
            .filter(tree_filter)
            .filter(aliases_of_restricted_pages_q())
            .order_by("path")
            .defer_streamfields()
            .specific()
            .select_related("locale")
        )
        translations = defaultdict(list)
        for page in pages:
            translations[page.translation_key].append(page)
        for page in pages:
            page._sitemap_translations = translations[page.translation_key]
        return pages

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list:
            for url_info in item.get_sitemap_urls(self.request):
                if url_info["location"] == item.get_full_url(self.request):
                    url_info["location"] = absolute_page_url(item, self.request)
                url_info["alternates"] = [
                    {
                        "location": absolute_page_url(other, self.request),
                        "lang_code": other.locale.language_code,
                    }
                    for other in item._sitemap_translations
                ]
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
