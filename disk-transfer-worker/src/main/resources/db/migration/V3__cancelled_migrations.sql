-- migration.cancelled: its queued and running rounds end as CANCELLED (a Job that then fails is not reported as
-- migration.failed), and a trigger that arrives after the cancellation (Kafka orders per topic only) queues nothing.
alter table sync_job drop constraint sync_job_state_check;
alter table sync_job add constraint sync_job_state_check
    check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'));

create table cancelled_migration (
    migration_id uuid primary key,
    reason       text not null,
    cancelled_at timestamptz not null default now()
);
