"""The background task: one ingest job, run by ``manage.py db_worker``."""

from django_tasks import task


@task()
def ingest_job(job_id: int) -> str:
    from uploads import jobs

    return jobs.run(job_id)
