from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path

from uploads import document_views

urlpatterns = [
    # Browsers ask for /favicon.ico on every page, the admin's included.
    path("favicon.ico", lambda request: redirect(static_url("favicon.svg"), permanent=True)),
    # A document's file, replaced or deleted by a curator (before the admin's catch-all).
    path(
        "admin/documents/document/<int:pk>/replace/",
        admin.site.admin_view(document_views.replace_source),
        name="admin-document-replace",
    ),
    path(
        "admin/documents/document/<int:pk>/remove/",
        admin.site.admin_view(document_views.remove_document),
        name="admin-document-remove",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("documents.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
