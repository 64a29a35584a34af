"""Counts the SQL queries of each request and reports them in the ``X-Queries`` answer header (bench only)."""

from contextlib import ExitStack

from django.db import connections


def count_queries(get_response):
    def middleware(request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for connection in connections.all(initialized_only=False):
                stack.enter_context(connection.execute_wrapper(counted))
            response = get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["X-Queries"] = str(count)
        return response

    return middleware
