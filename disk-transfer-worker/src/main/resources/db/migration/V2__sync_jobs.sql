-- The vm.mapped event of each migration: later rounds (disk.sync.requested) carry only round/cutover/cbtSync.
create table migration_mapping (
    migration_id uuid primary key,
    vm_id        text not null,
    source_host  text not null,
    event        text not null,
    created_at   timestamptz not null default now()
);

-- One row per sync round: the dispatcher queues it, launches its Job within the concurrency limits, and records
-- how the Job ended. (migration_id, round) is unique, so a redelivered trigger queues nothing twice.
create table sync_job (
    job_name      text primary key,
    migration_id  uuid not null references migration_mapping (migration_id),
    round         int not null,
    cutover       boolean not null,
    cbt_sync      boolean not null,
    source_host   text not null,
    state         text not null check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    reason        text,
    bandwidth_bps bigint not null default 0,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    unique (migration_id, round)
);
create index sync_job_state on sync_job (state, created_at);
