from django.urls import path

from reports import export_views, preview_views, views, workbook_views, year_views

app_name = "reports"

urlpatterns = [
    path("bilan/<int:year>/", views.bilan_preview, name="bilan-preview"),
    path("bilan/<int:year>.pdf", export_views.bilan_pdf, name="bilan-pdf"),
    path("bilan/<int:year>.xlsx", workbook_views.bilan_xlsx, name="bilan-xlsx"),
    path("bilan/<int:year>/export/", export_views.bilan_export, name="bilan-export"),
    path("annees/<int:year>/ouvrir/", year_views.open_year_view, name="open-year"),
    path("annees/logos/<path:name>", year_views.year_logo, name="year-logo"),
    # The admin's « Aperçu » of a Markdown field (adminsite.markdown).
    path("apercu-markdown/", preview_views.markdown_preview, name="markdown-preview"),
]
