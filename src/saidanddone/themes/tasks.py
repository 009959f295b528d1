from __future__ import annotations

from django_tasks import task


@task()
def retrain_area_model(area_id: str) -> None:
    """Retrain an area's theme model from its confirmed themes; used from then on."""
    from saidanddone.areas.models import Area
    from saidanddone.themes.services import area_model_train

    area = Area.objects.filter(pk=area_id).first()
    if area is not None:
        area_model_train(area=area)
