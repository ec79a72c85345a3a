from rest_framework.pagination import PageNumberPagination

from samenplan.caseload.paging import Counted, counted_page


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        """A ``Counted`` list's page is read with the list's length in one query (no ``COUNT`` of its own); anything
        else, and every page number that is not a page of the list (not a whole number, "last", past the end), as
        DRF does it (the last page, or 404)."""
        page_size = self.get_page_size(request)
        if isinstance(queryset, Counted) and page_size:
            try:
                number = int(request.query_params.get(self.page_query_param) or 1)
            except ValueError:
                number = 0
            paginator = self.django_paginator_class(queryset, page_size)
            page = counted_page(paginator, queryset, number)
            if page is not None:
                self.request, self.page = request, page
                self.display_page_controls = paginator.num_pages > 1 and self.template is not None
                return list(page)
        return super().paginate_queryset(queryset, request, view)
