from django.contrib import admin

from .models import Post, Topic


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    fields = ("author", "created_at", "hidden", "hidden_reason")
    readonly_fields = ("author", "created_at")
    show_change_link = True


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "course",
        "module",
        "author",
        "last_post_at",
        "locked",
        "hidden",
    )
    list_filter = ("kind", "locked", "hidden")
    search_fields = ("title",)
    raw_id_fields = ("course", "module", "author")
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("topic", "author", "created_at", "hidden")
    list_filter = ("hidden",)
    raw_id_fields = ("topic", "author", "hidden_by")
