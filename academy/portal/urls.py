from django.urls import path

from . import feeds, views

app_name = "portal"

urlpatterns = [
    path("", views.front, name="front"),
    path("news/", views.news_list, name="news_list"),
    path("news/rss/", feeds.NewsFeed(), name="news_feed"),
    path("news/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("news/<int:pk>/image/", views.news_image, name="news_image"),
    path("events/", views.event_list, name="event_list"),
    # Editors (content editors and administrators)
    path("editor/", views.editor_pages, name="editor_pages"),
    path("editor/pages/new/", views.page_edit, name="page_create"),
    path("editor/pages/<int:pk>/", views.page_edit, name="page_edit"),
    path("editor/pages/<int:pk>/publish/", views.page_publish, name="page_publish"),
    path("editor/pages/<int:pk>/checked/", views.page_reviewed, name="page_reviewed"),
    path("editor/news/", views.editor_news, name="editor_news"),
    path("editor/news/new/", views.news_edit, name="news_create"),
    path("editor/news/<int:pk>/", views.news_edit, name="news_edit"),
    path("editor/news/<int:pk>/publish/", views.news_publish, name="news_publish"),
    path("editor/events/", views.editor_events, name="editor_events"),
    path("editor/events/new/", views.event_edit, name="event_create"),
    path("editor/events/<int:pk>/", views.event_edit, name="event_edit"),
    path("editor/events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("editor/partners/", views.editor_partners, name="editor_partners"),
    path("editor/partners/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    # The sections last: their slugs are the fixed Section values.
    path("<slug:section>/", views.section, name="section"),
    path("<slug:section>/<slug:slug>/", views.page, name="page"),
]
