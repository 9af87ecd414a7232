from django.db import transaction
from django.urls import path
from ninja import NinjaAPI, Schema

from bench.bare.bareapp.models import Item, ItemEvent

api = NinjaAPI(urls_namespace="bare")


class ItemIn(Schema):
    subject: str
    body: str


@api.post("/items", response={201: dict})
def create_item(request, payload: ItemIn):
    with transaction.atomic():
        item = Item.objects.create(subject=payload.subject, body=payload.body)
        ItemEvent.objects.create(item=item, kind="created")
    return 201, {"id": item.pk}


urlpatterns = [path("api/", api.urls)]
