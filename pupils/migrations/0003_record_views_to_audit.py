"""Move the old audit of reading (PupilRecordView) into audit.RecordRead, then drop it."""

from django.db import migrations


def copy_views(apps, schema_editor):
    PupilRecordView = apps.get_model("pupils", "PupilRecordView")
    RecordRead = apps.get_model("audit", "RecordRead")
    rows = (
        RecordRead(
            school_id=view.school_id,
            actor_id=view.viewer_id,
            kind="pupil",
            record_id=view.pupil_id,
            part="pupil",
            # The old trail named the page in words ("pupil page"), not by URL name.
            page=view.page,
            read_at=view.viewed_at,
        )
        for view in PupilRecordView.objects.order_by("pk").iterator(chunk_size=2000)
    )
    RecordRead.objects.bulk_create(rows, batch_size=2000)


def copy_back(apps, schema_editor):
    PupilRecordView = apps.get_model("pupils", "PupilRecordView")
    RecordRead = apps.get_model("audit", "RecordRead")
    Pupil = apps.get_model("pupils", "Pupil")
    pupils = set(Pupil.objects.values_list("pk", flat=True))
    PupilRecordView.objects.bulk_create(
        (
            PupilRecordView(
                school_id=read.school_id,
                pupil_id=read.record_id,
                viewer_id=read.actor_id,
                page=(read.page or read.part)[:60],
                viewed_at=read.read_at,
            )
            for read in RecordRead.objects.filter(kind="pupil").iterator(chunk_size=2000)
            if read.record_id in pupils
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0002_initial"),
        ("audit", "0002_record_read"),
    ]

    operations = [
        migrations.RunPython(copy_views, copy_back),
        migrations.DeleteModel(name="PupilRecordView"),
    ]
