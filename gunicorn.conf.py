"""gunicorn reads this file from the working directory (`make serve`, the
benchmarks, deploy/kassel-web.service, `make prod-check`); the command lines
there set the rest.

A request line as long as nginx passes (8 KB): gunicorn's own limit (4 KB)
answered a long search with its English "URI Too Long" page, where Django
answers in German that the search term is too long."""

limit_request_line = 8190
