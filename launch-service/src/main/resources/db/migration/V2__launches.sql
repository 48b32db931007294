-- One row per migration that reached launch-service. The row is the launch's state machine (LaunchState) and the
-- queue of the capacity guard: PENDING and WAITING_CAPACITY rows are admitted oldest first. migration_id is the key,
-- so a second vm.converted for the same migration (redelivery with a new id, or migration-api's retry) never queues a
-- second launch.
create table launch (
    migration_id       uuid primary key,
    vm_id              text not null,
    vm_name            text not null,
    instance_name      text not null,
    state              text not null check (state in ('PENDING', 'WAITING_CAPACITY', 'LAUNCHING', 'ACTIVE', 'FAILED',
                                                      'CANCELLED', 'CLEANED_UP')),
    -- the vm.converted payload (JSON) the launch runs on; replaced by a later vm.converted while not yet launching
    request            text not null,
    vcpus              int not null,
    ram_mb             int not null,
    instance_id        text,
    detail             text,
    -- set once the WAITING_CAPACITY signal (retryable migration.failed, phase LAUNCH) went out for this wait
    capacity_signalled boolean not null default false,
    attempts           int not null default 0,
    received_at        timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
create index launch_queue on launch (state, received_at);

-- Cleanups asked for by migration.cancelled (cancel, rollback, the dashboard's Reset) or the REST endpoint. Kept after
-- they finish, with what they did, so an operator can see it.
create table cleanup (
    migration_id    uuid primary key,
    source_vm_id    text,
    reason          text not null,
    state           text not null check (state in ('PENDING', 'DONE', 'FAILED')),
    attempts        int not null default 0,
    next_attempt_at timestamptz not null default now(),
    result          text,
    requested_at    timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index cleanup_due on cleanup (state, next_attempt_at);
