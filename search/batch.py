"""The searches one page needs, declared before any of them is read, so that an engine can
answer them all in one request.

``search_batch(backend)`` gives a batch; ``batch.results(results, start, stop)`` declares
that the hits ``start:stop`` and the count of ``results`` (Wagtail search results) will be
read, ``batch.facet(results, field_name)`` that its facet will; ``batch.send()`` runs what
was declared. Then the returned objects are read like the results themselves (``count()``,
slices, so a paginator takes them) and the facet is called for its counts.

* Elasticsearch/OpenSearch (``MultiSearchBatch``): ``send()`` makes one ``_msearch``
  request, with the bodies built by Wagtail's query compiler. Reading a slice outside of the
  declared one (a page number beyond the last page shows the last page, known only from the
  count) costs one more search.
* The database backend (``SearchBatch``): every search runs when it is first read, as it
  would without a batch, so what is never read costs nothing.
"""

from functools import partial


class SearchBatch:
    """Searches that run when they are read (any backend)."""

    def results(self, results, start, stop):
        return results

    def facet(self, results, field_name):
        return partial(results.facet, field_name)

    def send(self):
        pass


class ResultWindow:
    """Search results of which the hits from ``start`` and the count arrive with the batch.
    Read like the results: ``count()`` and slices (another slice is searched on its own)."""

    def __init__(self, results, start):
        self.results = results
        self.start = start
        self._hits = None  # one object (or None, if the database lacks it) per hit
        self._count = None

    def receive(self, response):
        self._hits = self.results.results_from_response(response)
        self._count = self.results.total_from_response(response)

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start = key.start or 0
        stop = self._count if key.stop is None else min(key.stop, self._count)
        if start >= stop:
            return []
        if self.start <= start and stop <= self.start + len(self._hits):
            hits = self._hits[start - self.start : stop - self.start]
            return [obj for obj in hits if obj is not None]
        return list(self.results[start:stop])


class MultiSearchBatch(SearchBatch):
    """Searches sent together in one ``_msearch`` request (``backend.multi_search``)."""

    def __init__(self, backend):
        self.backend = backend
        self._searches = []  # (index name, body, receiver of the response)

    def results(self, results, start, stop):
        if not hasattr(results, "hits_body"):  # e.g. Wagtail's EmptySearchResults
            return results
        window = ResultWindow(results, start)
        self._searches.append((results.index_name(), results.hits_body(start, stop), window))
        return window

    def facet(self, results, field_name):
        if not hasattr(results, "facet_body"):
            return super().facet(results, field_name)
        counts = FacetCounts(results, field_name)
        self._searches.append((results.index_name(), results.facet_body(field_name), counts))
        return counts

    def send(self):
        searches, self._searches = self._searches, []
        if not searches:
            return
        responses = self.backend.multi_search([(index, body) for index, body, _ in searches])
        for (_, _, receiver), response in zip(searches, responses, strict=True):
            receiver.receive(response)


class FacetCounts:
    """A facet that arrives with the batch; called, it returns the counts by value."""

    def __init__(self, results, field_name):
        self.results = results
        self.field_name = field_name
        self._counts = None

    def receive(self, response):
        self._counts = self.results.facet_from_response(response, self.field_name)

    def __call__(self):
        return self._counts


def search_batch(backend):
    """The batch for ``backend``: one request on an engine, lazy searches otherwise."""
    if hasattr(backend, "multi_search"):
        return MultiSearchBatch(backend)
    return SearchBatch()
