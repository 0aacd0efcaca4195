"""The REST API's base classes, written once for every endpoint: scoped
viewsets and serializers (access.rules), permissions, filters, JSON parsing,
errors as DRF answers them, tokens. Each domain app keeps its own
serializers and viewsets (`<app>/serializers.py`, `<app>/api.py`); the routes
are in snia/api_urls.py. It never imports a domain model."""
