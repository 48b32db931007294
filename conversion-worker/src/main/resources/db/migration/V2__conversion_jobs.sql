-- One row per VM conversion: the dispatcher queues it on the cutover's disk.synced (the event is kept, the Job reads
-- it), launches its Job within the concurrency limit, and the Job records how it ended. migration_id is unique, so a
-- redelivered trigger queues nothing twice.
create table conversion_job (
    job_name      text primary key,
    migration_id  uuid not null unique,
    vm_id         text not null,
    trigger_event text not null,
    state         text not null check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    -- written by the Job before it exits non-zero: the tool's own error lines, and whether a retry may help
    failure       text,
    retryable     boolean,
    path          text,
    reason        text,
    took_ms       bigint,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index conversion_job_state on conversion_job (state, created_at);
