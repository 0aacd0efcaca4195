"""The admin site (open to the four roles only) and the base classes every
SNIA ModelAdmin uses: scoping, per-record permissions, closed years, versions
and stale saves, the review buttons, history, authorship, and what lists and
forms accept from the address bar. It knows the domain only through
access.rules and what models declare; it never imports a domain model."""
