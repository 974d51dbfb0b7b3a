"""Draft → review → publish for every page: one workflow on the root page whose single task is
approval by the Kiểm duyệt viên group. Wagtail's own migrations may already have made one for
its "Moderators" group (which accounts renamed); this names it in Vietnamese and makes sure it
exists and applies to the whole tree."""

from django.db import migrations

WORKFLOW_NAME = "Duyệt trước khi xuất bản"
TASK_NAME = "Kiểm duyệt viên duyệt"


def configure(apps, schema_editor):
    from accounts.roles import MODERATORS

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    existing = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    if existing:
        workflow = existing.workflow
    else:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowPage.objects.create(workflow=workflow, page=root)
    workflow.name = WORKFLOW_NAME
    workflow.active = True
    workflow.save()
    task_ids = WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True)
    task = GroupApprovalTask.objects.filter(pk__in=task_ids).first()
    if task is None:
        task_type = ContentType.objects.get_for_model(GroupApprovalTask)
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.name = TASK_NAME
    task.save()
    task.groups.set([moderators])


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("accounts", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(configure, migrations.RunPython.noop)]
