from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 500); 100 records a page by default."""

    page_size_query_param = "page_size"
    max_page_size = 500
