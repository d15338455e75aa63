from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/<slug:slug>/", views.document_detail, name="document-detail"),
    path("documents/<slug:slug>/original/", views.document_original, name="document-original"),
    path("documents/<slug:slug>/text/", views.document_text, name="document-text"),
    path("documents/<slug:slug>/source/", views.document_source, name="document-source"),
    path("sections/", views.section_list, name="section-list"),
    path("sections/<int:pk>/", views.section_detail, name="section-detail"),
    path("measures/", views.measure_list, name="measure-list"),
    path("measures/<int:pk>/", views.measure_detail, name="measure-detail"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("budget/", views.budget_line_list, name="budgetline-list"),
    path("budget/<int:pk>/", views.budget_line_detail, name="budgetline-detail"),
    path("charts/budget/", views.budget_chart, name="budget-chart"),
    path("charts/news/", views.news_chart, name="news-chart"),
]
