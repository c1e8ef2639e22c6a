from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("courses/<int:pk>/", views.forum, name="forum"),
    path("courses/<int:pk>/new/", views.topic_new, name="topic_new"),
    path("courses/<int:pk>/ask/", views.question_new, name="question_new"),
    path("modules/<int:pk>/", views.module_forum, name="module_forum"),
    path("modules/<int:pk>/new/", views.module_topic_new, name="module_topic_new"),
    path("topics/<int:pk>/", views.topic_detail, name="topic"),
    path("topics/<int:pk>/reply/", views.topic_reply, name="reply"),
    path("topics/<int:pk>/lock/", views.topic_lock, name="topic_lock"),
    path("topics/<int:pk>/hide/", views.topic_hide, name="topic_hide"),
    path("posts/<int:pk>/hide/", views.post_hide, name="post_hide"),
    path("posts/<int:pk>/attachment/", views.post_attachment, name="attachment"),
]
