from django.db import models


class Item(models.Model):
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)


class ItemEvent(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    kind = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
