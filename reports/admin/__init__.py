"""The reports app's admin, one module per concept (Django imports this
package; importing the modules registers their ModelAdmins)."""

from reports.admin import content, years  # noqa: F401
